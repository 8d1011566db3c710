import type { Finding } from '../../core/finding.js';
import { ruleFinding } from '../../core/rule-finding.js';
import { parseDirectives, type Directive } from '../../core/directives.js';
import { ResourceGraph } from './model/graph.js';
import type { CloudLoad } from './model/load.js';
import { lineOf } from './model/resource.js';
import type { CloudRule } from './rules/cloud/types.js';

export interface CloudResult {
  findings: Finding[];
  /** Findings a `rampart:ignore` inside the resource's block suppressed, with the reason. */
  suppressed: { finding: Finding; reason: string }[];
}

/**
 * Runs cloud rules over one unit (a Terraform root module, a plan, a CloudFormation template).
 * A `rampart:ignore <rule> -- reason` anywhere inside the resource's block covers findings on
 * that resource, wherever in the block they point (the usual line-scoped directives still apply
 * through the core for everything else). The line just above the block counts as inside. An
 * expired directive (`until` in the past) suppresses nothing.
 */
export function runCloudRules(unit: CloudLoad, rules: readonly CloudRule[], now = new Date()): CloudResult {
  const graph = new ResourceGraph(unit.resources);
  const byType = new Map<string, CloudRule[]>();
  for (const rule of rules) for (const t of rule.types) {
    const l = byType.get(t);
    if (l) l.push(rule);
    else byType.set(t, [rule]);
  }
  const directives = new Map<string, Directive[]>();
  const directivesOf = (file: string): Directive[] => {
    let d = directives.get(file);
    if (!d) {
      const text = unit.sources.get(file);
      d = text === undefined ? [] : parseDirectives(text).directives;
      directives.set(file, d);
    }
    return d;
  };
  const today = now.toISOString().slice(0, 10);
  const findings: Finding[] = [];
  const suppressed: CloudResult['suppressed'] = [];
  const seen = new Set<string>();
  for (const r of unit.resources) {
    for (const rule of byType.get(r.type) ?? []) {
      rule.check(
        r,
        (path, message) => {
          const line = lineOf(r, path);
          // A resource inside a module is reported at the module's file; name the instance, so two
          // calls of one module with different inputs are told apart.
          const text = r.address.startsWith('module.') && !message.includes(r.address) ? `${message} (${r.address})` : message;
          const f = ruleFinding(rule, { path: r.file, line }, text, `${r.address}#${path ?? ''}`);
          if (seen.has(f.fingerprint)) return;
          seen.add(f.fingerprint);
          const d = directivesOf(r.file).find(
            (x) => x.line >= r.line - 1 && x.line <= r.endLine && covers(x.ruleId, rule.id) && !(x.expires && x.expires < today),
          );
          if (d) suppressed.push({ finding: f, reason: d.reason });
          else findings.push(f);
        },
        { graph },
      );
    }
  }
  return { findings, suppressed };
}

function covers(pattern: string, ruleId: string): boolean {
  if (pattern === '*' || pattern === ruleId) return true;
  return pattern.endsWith('*') && ruleId.startsWith(pattern.slice(0, -1));
}

import type { Finding } from '../../core/finding.js';
import type { ScanIssue } from '../../core/scanner.js';
import { ruleFinding } from '../../core/rule-finding.js';
import { parseDirectives, ruleIdMatches, type Directive } from '../../core/directives.js';
import { ResourceGraph } from './model/graph.js';
import type { CloudLoad } from './model/load.js';
import { lineOf } from './model/resource.js';
import type { CloudRule } from './rules/cloud/types.js';

export interface CloudResult {
  findings: Finding[];
  /** Findings a `rampart:ignore` inside the resource's block suppressed, with the reason. */
  suppressed: { finding: Finding; reason: string }[];
  /** Rules that threw (a bug in Rampart, reported rather than fatal). */
  issues: ScanIssue[];
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
  const issues: ScanIssue[] = [];
  const suppressed: CloudResult['suppressed'] = [];
  const seen = new Set<string>();
  for (const r of unit.resources) {
    for (const rule of byType.get(r.type) ?? []) {
      const report = (path: string | null, message: string) => {
        // A resource inside a module is reported at the module's file; name the instance, so two
        // calls of one module with different inputs are told apart.
        const text = r.address.startsWith('module.') && !message.includes(r.address) ? `${message} (${r.address})` : message;
        const f = ruleFinding(rule, { path: r.file, line: lineOf(r, path) }, text, `${r.address}#${path ?? ''}`);
        if (seen.has(f.fingerprint)) return;
        seen.add(f.fingerprint);
        const d = directivesOf(r.file).find(
          (x) => x.line >= r.line - 1 && x.line <= r.endLine && ruleIdMatches(x.ruleId, rule.id) && !(x.expires && x.expires < today),
        );
        if (d) suppressed.push({ finding: f, reason: d.reason });
        else findings.push(f);
      };
      try {
        rule.check(r, report, { graph });
      } catch (e) {
        // A rule bug must not cost the rest of the unit its findings.
        issues.push({ path: r.file, line: r.line, kind: 'other', scanner: 'iac', message: `rule ${rule.id} failed on ${r.address}: ${(e as Error).message}` });
      }
    }
  }
  return { findings, suppressed, issues };
}


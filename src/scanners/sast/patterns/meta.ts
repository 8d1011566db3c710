/** Users' pattern rules as rule metadata, for `rampart rules` and SARIF. */
import type { RuleMeta } from '../../../core/rule.js';
import type { PatternRule } from './types.js';

export function patternRuleMeta(rules: readonly PatternRule[]): RuleMeta[] {
  return rules.map((r) => {
    const meta: RuleMeta = {
      id: r.ruleId,
      // The message may hold metavariables; the title shows them as written ($X).
      title: r.title ?? firstLine(r.message),
      severity: r.severity,
      cwe: r.cwe,
      description: r.description ?? `User-defined ${r.mode === 'taint' ? 'taint-mode' : 'pattern'} rule "${r.id}": ${r.message}`,
      remediation: r.remediation ?? 'See the rule author\'s message.',
      tags: ['custom'],
    };
    if (r.references) meta.references = r.references;
    return meta;
  });
}

function firstLine(s: string): string {
  const line = s.split('\n')[0]!.trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

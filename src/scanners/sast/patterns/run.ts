/** Search-mode rules over one parsed file. */
import type { ParsedFile } from '../parse/index.js';
import type { ApiNames } from '../ir/api-names.js';
import { evaluate, leavesOf } from './evaluate.js';
import { PatternIndex } from './scan.js';
import type { Env, PatternHit, PatternRule } from './types.js';

/** One index per rule list, built on first use (the scanner passes the same list for every file). */
const indexes = new WeakMap<readonly PatternRule[], PatternIndex>();

export function runPatternRules(file: ParsedFile, api: ApiNames, rules: readonly PatternRule[]): PatternHit[] {
  let index = indexes.get(rules);
  if (!index) {
    index = new PatternIndex(rules.flatMap((r) => (r.mode === 'search' && r.formula ? leavesOf(r.formula) : [])));
    indexes.set(rules, index);
  }
  const leaves = index.run(file, api);
  const hits: PatternHit[] = [];
  for (const rule of rules) {
    if (rule.mode !== 'search' || !rule.formula) continue;
    if (rule.appliesTo && !rule.appliesTo(file.path)) continue;
    for (const m of evaluate(rule.formula, { source: file.source, leaves })) {
      hits.push({ ruleId: rule.ruleId, start: m.start, end: m.end, message: interpolate(rule.message, m.env, file.source) });
    }
  }
  return hits.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Longest shown text of a bound metavariable. */
const MAX_SHOWN = 80;

/** `$X` in a message → the code it bound, on one line and shortened. */
export function interpolate(message: string, env: Env, source: string): string {
  return message.replace(/\$(?:\.\.\.)?[A-Z_][A-Z0-9_]*/g, (name) => {
    const node = env[name];
    if (!node) return name;
    // Cut before tidying: a metavariable may have bound a whole function.
    const cut = node.end > node.start + MAX_SHOWN * 4;
    const text = source.slice(node.start, cut ? node.start + MAX_SHOWN * 4 : node.end).replace(/\s+/g, ' ');
    return text.length > MAX_SHOWN || cut ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
  });
}

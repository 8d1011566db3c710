/**
 * Combines pattern matches the way a rule's formula says: either (union), all (same range, with
 * agreeing metavariables), not (drop), inside / not-inside (containment), metavariable-regex and
 * focus-metavariable.
 */
import { canonical } from './canon.js';
import { evaluateComparison } from './comparison.js';
import type { CodePattern, Env, Formula, Match } from './types.js';
import type { AnyNode } from '../parse/walk.js';

type N = { type: string; start: number; end: number; [key: string]: any };

export function leavesOf(f: Formula, out: CodePattern[] = []): CodePattern[] {
  switch (f.kind) {
    case 'pattern':
      out.push(f.pattern);
      break;
    case 'regex':
      break;
    case 'either':
      for (const x of f.items) leavesOf(x, out);
      break;
    case 'all':
      for (const x of [...f.positives, ...f.nots, ...f.insides, ...f.notInsides, ...f.metavariablePattern.map((m) => m.formula)]) leavesOf(x, out);
      break;
  }
  return out;
}

export interface EvalInput {
  source: string;
  leaves: Map<CodePattern, Match[]>;
}

/** Bindings agree when every name bound on both sides bound the same code. */
function merge(a: Env, b: Env, source: string): Env | null {
  let out: Record<string, AnyNode> | null = null;
  for (const k in b) {
    const x = a[k];
    const y = b[k]!;
    if (x === undefined) {
      out ??= { ...a };
      out[k] = y;
    } else if (x !== y && canonical(x, source) !== canonical(y, source)) {
      return null;
    }
  }
  return out ?? a;
}

export function evaluate(f: Formula, input: EvalInput): Match[] {
  switch (f.kind) {
    case 'pattern':
      // One match per node already: no dedupe needed.
      return input.leaves.get(f.pattern) ?? [];
    case 'regex': {
      const out: Match[] = [];
      // RE2 (linear time) compiled with the global flag: exec walks every match.
      f.regex.lastIndex = 0;
      for (let m = f.regex.exec(input.source); m; m = f.regex.exec(input.source)) {
        if (m[0].length === 0) {
          f.regex.lastIndex++;
          continue;
        }
        out.push({ start: m.index, end: m.index + m[0].length, env: {} });
        if (out.length > 10000) break;
      }
      return out;
    }
    case 'either':
      return dedupe(f.items.flatMap((x) => evaluate(x, input)));
    case 'all':
      return evaluateAll(f, input);
  }
}

function evaluateAll(f: Extract<Formula, { kind: 'all' }>, input: EvalInput): Match[] {
  const src = input.source;
  const positives = f.positives.length > 0 ? f.positives : f.insides.slice(0, 1);
  const insides = f.positives.length > 0 ? f.insides : f.insides.slice(1);
  if (positives.length === 0) return [];
  let res = evaluate(positives[0]!, input);
  for (const other of positives.slice(1)) {
    const ms = evaluate(other, input);
    const next: Match[] = [];
    for (const r of res) {
      for (const m of ms) {
        if (m.start !== r.start || m.end !== r.end) continue;
        const env = merge(r.env, m.env, src);
        if (env) next.push({ start: r.start, end: r.end, env });
      }
    }
    res = next;
  }
  for (const inside of insides) {
    const ms = evaluate(inside, input);
    const next: Match[] = [];
    for (const r of res) {
      for (const m of ms) {
        if (m.start > r.start || r.end > m.end) continue;
        const env = merge(r.env, m.env, src);
        if (env) {
          next.push({ start: r.start, end: r.end, env });
          break;
        }
      }
    }
    res = next;
  }
  for (const notInside of f.notInsides) {
    const ms = evaluate(notInside, input);
    res = res.filter((r) => !ms.some((m) => m.start <= r.start && r.end <= m.end && merge(r.env, m.env, src)));
  }
  for (const not of f.nots) {
    const ms = evaluate(not, input);
    res = res.filter((r) => !ms.some((m) => m.start === r.start && m.end === r.end && merge(r.env, m.env, src)));
  }
  for (const { name, regex } of f.metavariableRegex) {
    res = res.filter((r) => {
      const node = r.env[name] as N | undefined;
      if (!node) return false;
      const text = src.slice(node.start, node.end);
      if (regex.test(text)) return true;
      // A string literal also matches by its value, without quotes.
      return node.type === 'Literal' && typeof node.value === 'string' && regex.test(node.value);
    });
  }
  for (const { name, formula } of f.metavariablePattern) {
    const ms = evaluate(formula, input);
    const next: Match[] = [];
    for (const r of res) {
      const node = r.env[name];
      if (!node) continue;
      for (const m of ms) {
        if (m.start < node.start || m.end > node.end) continue;
        const env = merge(r.env, m.env, src);
        if (env) {
          next.push({ start: r.start, end: r.end, env });
          break;
        }
      }
    }
    res = next;
  }
  for (const c of f.comparisons) res = res.filter((r) => evaluateComparison(c, r.env, src) === true);
  if (f.focus) res = focusOn(res, f.focus);
  return dedupe(res);
}

/** Narrows each match to the code a metavariable bound. */
export function focusOn(ms: Match[], name: string): Match[] {
  const out: Match[] = [];
  for (const m of ms) {
    const node = m.env[name];
    if (node) out.push({ start: node.start, end: node.end, env: m.env });
  }
  return out;
}

function dedupe(ms: Match[]): Match[] {
  const seen = new Set<string>();
  const out: Match[] = [];
  for (const m of ms) {
    const key = `${m.start}:${m.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m);
  }
  return out;
}

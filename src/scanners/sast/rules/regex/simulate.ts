/**
 * Runs one match attempt of a position automaton over a concrete input, all paths at once
 * (Thompson-style), then asks whether some continuation makes the attempt fail. Assertions other
 * than `$` are taken to hold: the check can only accept more than the real regex, which drops a
 * report, never adds one. `$` fails before more input; under the m flag it holds before a line
 * break, so there (and when the caller asks) inputs with line breaks are not used.
 */
import type { Charset } from './charset.js';
import type { Nfa } from './nfa.js';

/** Sets of positions explored when looking for a failing continuation. */
const MAX_SUBSETS = 128;

/**
 * `budget.steps` counts edges followed; once it runs out the answer is false (no report).
 * After an attempt from offset 0 (entering one of `starts`) has read `body` without matching,
 * is there a continuation (`atoms`: one character per class of equivalent characters) after
 * which it has still not matched? False when it matched within `body` already.
 */
export function attemptCanFail(
  nfa: Nfa,
  starts: readonly number[],
  body: readonly number[],
  atoms: readonly number[],
  budget: { steps: number } = { steps: Infinity },
  noBreaks = false,
): boolean {
  // An attempt from an offset past the start (`starts` is firstUnanchored) cannot cross a `^`.
  if ((starts === nfa.firstUnanchored ? nfa.nullMidOpen : nfa.nullMid) || body.length === 0) return false;
  if (noBreaks || nfa.lineEnd) {
    if (body.some(isLineBreak)) return false;
    atoms = atoms.filter((c) => !isLineBreak(c));
  }
  let current: number[] = [];
  for (let i = 0; i < body.length; i++) {
    current = step(nfa, i === 0 ? starts : [], current, body[i]!, budget);
    if (current.length === 0) return true; // every path died: the attempt failed
    if (current.some((p) => nfa.acceptsMid.has(p))) return false;
  }
  // Breadth-first over the sets of positions the continuation can lead to.
  const seen = new Set<string>([current.join(',')]);
  const queue = [current];
  for (let i = 0; i < queue.length && i < MAX_SUBSETS; i++) {
    const set = queue[i]!;
    if (!set.some((p) => nfa.accepting.has(p))) return true; // the input may end here
    for (const a of atoms) {
      if (budget.steps < 0) return false; // out of budget: no report
      const next = step(nfa, [], set, a, budget);
      if (next.length === 0) return true;
      if (next.some((p) => nfa.acceptsMid.has(p))) continue;
      const key = next.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push(next);
    }
  }
  return false;
}

/** Line terminators: where `.` stops and a multiline `$` holds. */
function isLineBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

function step(nfa: Nfa, starts: readonly number[], from: readonly number[], c: number, budget: { steps: number }): number[] {
  const next = new Set<number>();
  budget.steps -= starts.length;
  for (const p of starts) if (contains(nfa.positions[p]!.set, c)) next.add(p);
  for (const at of from) {
    const out = nfa.edges[at]!;
    budget.steps -= out.length;
    for (const e of out) if (contains(nfa.positions[e.to]!.set, c)) next.add(e.to);
  }
  return [...next].sort((a, b) => a - b);
}

/**
 * One character per class of characters no position tells apart (cut at every interval end of
 * every position's class), at most `max` of them.
 */
export function alphabetAtoms(nfa: Nfa, max: number): number[] {
  const cuts = new Set<number>([0]);
  for (const p of nfa.positions) {
    for (const [a, b] of p.set) {
      cuts.add(a);
      cuts.add(b + 1);
    }
  }
  return [...cuts].filter((c) => c <= 0x10ffff).sort((a, b) => a - b).slice(0, max);
}

export function contains(set: Charset, c: number): boolean {
  for (const [a, b] of set) {
    if (c < a) return false;
    if (c <= b) return true;
  }
  return false;
}

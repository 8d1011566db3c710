/**
 * Polynomial (quadratic) backtracking: the IDA condition of degree 2 checked for runs of one
 * character class. Two runs p and q (`X+`, `Y*`) in different loops, and a path of single
 * positions from p to q reading a word w whose every character p and q can read: then w repeated
 * n times splits in n ways between the two runs, and when a part after q fails each split is
 * scanned to the end. `^\d*\.?\d+$`, `^\S+@\S+$`, `^\s*(.*?)\s*$`, `^(\/.*)[?&]x=(.+)$`.
 *
 * The matcher also retries an unanchored pattern at every offset, which behaves like an implicit
 * run of any character in front of it: a loop the match can begin with (`/\s+$/`, `/;+$/`,
 * `/((?:\\{2})*)\\?\|/`), or reach through a few characters it can also read (`/&[^;]+;/`),
 * is scanned again from each offset when what follows it fails.
 *
 * Each candidate is confirmed on a concrete attack string (prefix, the pumped run repeated) and a
 * search for a continuation that makes the attempt fail: without one there is nothing to
 * backtrack over
 * (`/\d+\.?\d+/` succeeds at once; a path splitter that accepts every string never fails).
 */
import type { AST } from '@eslint-community/regexpp';
import { intersect, intersects, union, type Charset } from './charset.js';
import type { Nfa } from './nfa.js';
import { sccIds } from './scc.js';
import { alphabetAtoms, attemptCanFail, contains } from './simulate.js';

export interface Polynomial {
  /** `between-runs`: two runs share characters; `retried-run`: a leading run of an unanchored pattern. */
  kind: 'between-runs' | 'retried-run';
  first: AST.Quantifier;
  /** For `between-runs`, the later run. */
  second?: AST.Quantifier;
}

/** Single positions allowed between two runs (`@` in `\S+@\S+`, `[?&]x=` in `.*[?&]x=.+`). */
const MAX_BETWEEN = 3;
/**
 * Positions allowed between two runs when the repeated unit is a word (`&bewit=` in hawk's
 * `^(\/.*)[?&]bewit=([^&$]*)(?:&(.+))?$`, `rv:1` in `.+rv[:\s]([\w.]{1,9}).+like`): each of its
 * characters must be readable by both runs; it need not be one character repeated.
 */
const MAX_UNIT = 12;
/** Position visits across all path searches of one pattern; past it, no report. */
const MAX_VISITS = 200_000;
/** Simulated steps (positions × input characters) across all attack strings of one pattern. */
const MAX_SIM_STEPS = 2_000_000;
/** Pump characters tried per candidate. */
const MAX_PUMP_CHARS = 12;
/** Character classes tried when looking for a failing continuation. */
const MAX_ATOMS = 128;
/** Repetitions of the pumped part in an attack string. */
const PUMPS = 5;
/** Printable ASCII; a run reading more than BROAD_MIN of these is "broad" (`.`, `[^,]`, `\S`). */
const PRINTABLE: Charset = [[0x20, 0x7e]];
const BROAD_MIN = 70;
/** Characters tried first when a class holds them: plain ones make realistic attack strings. */
const PREFERRED = [0x61, 0x30, 0x20, 0x2e, 0x2f, 0x2d, 0x3b, 0x0a, 0x21, 0x7e];

interface Budget {
  visits: number;
  steps: number;
}

export function findPolynomial(nfa: Nfa): Polynomial | undefined {
  const n = nfa.positions.length;
  // Runs of one class: a position with an unbounded loop onto itself (`\d+`, `.*`, `[^,]*?`).
  const runOf: (AST.Quantifier | undefined)[] = new Array(n);
  for (let p = 0; p < n; p++) {
    const q = nfa.edges[p]!.find((e) => e.to === p && e.via?.max === Infinity)?.via;
    if (q) runOf[p] = q;
  }
  const succ = nfa.edges.map((es) => es.map((e) => e.to));
  const comp = sccIds(n, (v) => succ[v]!);
  const budget: Budget = { visits: MAX_VISITS, steps: MAX_SIM_STEPS };
  const atoms = alphabetAtoms(nfa, MAX_ATOMS);
  return findBetweenRuns(nfa, runOf, succ, comp, budget, atoms)
    ?? findRetriedRun(nfa, runOf, succ, comp, budget, atoms)
    ?? findLineStartRun(nfa, runOf, budget, atoms);
}

/** Line terminators: where a multiline `^` holds again. */
const LINE_BREAKS: Charset = [[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]];

/**
 * `/^\s*(?:import|export)\b/m`: `^` holds after every line break, so on a run of blank lines each
 * line start begins an attempt whose `\s*` reads all the following breaks before failing. Only runs
 * that read line breaks (`^[ \t]*` stops at the next line: linear), pumped with a break.
 */
function findLineStartRun(nfa: Nfa, runOf: (AST.Quantifier | undefined)[], budget: Budget, atoms: number[]): Polynomial | undefined {
  for (const q of nfa.afterLineStart) {
    const run = runOf[q];
    if (!run) continue;
    const breaks = intersect(nfa.positions[q]!.set, LINE_BREAKS);
    if (breaks.length === 0) continue;
    if (confirmed(nfa, nfa.first, [], [q], breaks, atoms, budget)) return { kind: 'retried-run', first: run };
    if (budget.steps < 0) return undefined;
  }
  return undefined;
}

function findBetweenRuns(
  nfa: Nfa,
  runOf: (AST.Quantifier | undefined)[],
  succ: number[][],
  comp: Int32Array,
  budget: Budget,
  atoms: number[],
): Polynomial | undefined {
  const n = nfa.positions.length;
  const free = nfa.acceptsFreely;
  const parent = new Int32Array(n);
  const seen = new Int32Array(n).fill(-1);
  let mark = 0;
  let prefixes: Map<number, number[]> | undefined;
  for (let p = 0; p < n; p++) {
    if (!runOf[p] || free.has(p)) continue;
    const cp = nfa.positions[p]!.set;
    for (let q = 0; q < n; q++) {
      if (!runOf[q] || q === p || comp[q] === comp[p] || free.has(q)) continue;
      const shared = intersect(cp, nfa.positions[q]!.set);
      if (shared.length === 0) continue;
      const reached = pathBetween(nfa, runOf, succ, p, q, shared, seen, parent, ++mark, budget, true)
        ?? pathBetween(nfa, runOf, succ, p, q, shared, seen, parent, ++mark, budget, false);
      if (budget.visits < 0) return undefined;
      if (!reached) continue;
      const path: number[] = [];
      for (let x = q; x !== p; x = parent[x]!) path.push(x);
      path.reverse();
      prefixes ??= shortestPrefixes(nfa, succ);
      const prefixPath = prefixes.get(p);
      if (!prefixPath) continue;
      const prefix = prefixPath.map((x) => pick(nfa.positions[x]!.set));
      if (confirmed(nfa, nfa.first, prefix, path, reached, atoms, budget)
        || (runOf[p]!.greedy === false && lazyContinuationFails(nfa, p, path, reached, atoms, budget))) {
        return { kind: 'between-runs', first: runOf[p]!, second: runOf[q]! };
      }
      if (budget.steps < 0) return undefined;
    }
  }
  return undefined;
}

/**
 * A lazy run (`[\s\S]*?`) grows one character at a time and tries the rest of the pattern after
 * each: when that rest can read the whole shared run through q and then fail, every step costs a
 * scan to the end even if the attempt later succeeds (path-parse's `^([\s\S]*?)(…[^\/]+?…)$`).
 */
function lazyContinuationFails(nfa: Nfa, p: number, path: number[], shared: Charset, atoms: number[], budget: Budget): boolean {
  if (nfa.acceptsMid.has(p)) return false; // the rest can match empty: the first try succeeds
  const next = [...new Set(nfa.edges[p]!.map((e) => e.to).filter((x) => x !== p))];
  return next.length > 0 && confirmed(nfa, next, [], path, shared, atoms, budget);
}

/**
 * A loop the unanchored match can begin with: a position q it can start on, and a position y of
 * q's loop with an edge back to q. Reading q…y repeatedly from any offset, then a failing
 * character, makes every attempt inside the run fail after scanning it.
 */
function findRetriedRun(
  nfa: Nfa,
  runOf: (AST.Quantifier | undefined)[],
  succ: number[][],
  comp: Int32Array,
  budget: Budget,
  atoms: number[],
): Polynomial | undefined {
  const starts = nfa.firstUnanchored;
  for (const q of starts) {
    // Runs of separators (spaces, line breaks, punctuation: the padding trim and header splitting
    // advisories) and of word characters (`\d*`, `[\w.-]+`: moment's unanchored duration
    // pattern). Broad runs an unanchored pattern starts with (`.*?x`, `[^\n]+$`, `\S+@`) are the
    // ordinary way to search text and are left out (a known gap).
    if (broad(nfa.positions[q]!.set)) continue;
    if (runOf[q]) {
      if (confirmed(nfa, starts, [], [q], nfa.positions[q]!.set, atoms, budget)) return { kind: 'retried-run', first: runOf[q]! };
      if (budget.steps < 0) return undefined;
      continue;
    }
    for (let y = 0; y < nfa.positions.length; y++) {
      if (comp[y] !== comp[q]) continue;
      const back = nfa.edges[y]!.find((e) => e.to === q && e.via && e.via.max === Infinity);
      if (!back) continue;
      const cycle = pathWithin(q, y, succ, comp);
      if (!cycle) continue;
      const loopChars = union(...cycle.map((x) => nfa.positions[x]!.set));
      if (confirmed(nfa, starts, [], cycle, loopChars, atoms, budget)) return { kind: 'retried-run', first: back.via! };
      if (budget.steps < 0) return undefined;
    }
  }
  return findPrefixedRun(nfa, runOf, succ, budget, atoms);
}

/**
 * A run reached from where an unanchored match begins through a few single positions that can
 * all read one of its characters c (`&` in `/&([^;]+);/`, ` ` in `/ .*$/`, `<` in
 * `/<([^>]+)>; rel=/`): on a long run of c every c starts an attempt whose run takes the rest
 * of the input before failing. Broad runs count here: the retries are bounded by how often c
 * occurs, which the attacker decides, not by the input length as in a leading `.*?x` search.
 * Disjoint ones (`"[^"]*"`, `<[^<>]*>`) stop at the next c and stay linear. The attempt must
 * fail without a line break: `/#.*$/` is quadratic only on `###…\nx`, and input to such
 * strip-after-a-marker patterns is rarely multi-line (`/\{.*\}/` fails on `{{{…` alone).
 */
function findPrefixedRun(
  nfa: Nfa,
  runOf: (AST.Quantifier | undefined)[],
  succ: number[][],
  budget: Budget,
  atoms: number[],
): Polynomial | undefined {
  const starts = nfa.firstUnanchored;
  for (const q of starts) {
    if (runOf[q]) continue;
    let frontier: { at: number; common: Charset }[] = [{ at: q, common: nfa.positions[q]!.set }];
    const seen = new Set<number>([q]);
    for (let depth = 0; depth < MAX_BETWEEN && frontier.length > 0; depth++) {
      const next: typeof frontier = [];
      for (const { at, common } of frontier) {
        for (const x of succ[at]!) {
          if (--budget.visits < 0) return undefined;
          if (seen.has(x)) continue;
          seen.add(x);
          const narrowed = intersect(common, nfa.positions[x]!.set);
          if (narrowed.length === 0) continue;
          if (runOf[x] && !nfa.acceptsFreely.has(x)) {
            if (confirmed(nfa, starts, [], [q], narrowed, atoms, budget, true)) return { kind: 'retried-run', first: runOf[x]! };
            if (budget.steps < 0) return undefined;
          } else if (!runOf[x]) next.push({ at: x, common: narrowed });
        }
      }
      frontier = next;
    }
  }
  return undefined;
}

/**
 * Tries attack strings prefix + pump×PUMPS, where pump reads the positions of `pumpPath`, each
 * with a character of `pumpSet` where it can: the attempt from `starts` must not have matched,
 * and some continuation must make it fail.
 */
function confirmed(
  nfa: Nfa,
  starts: readonly number[],
  prefix: number[],
  pumpPath: number[],
  pumpSet: Charset,
  atoms: number[],
  budget: Budget,
  noBreaks = false,
): boolean {
  for (const c of pumpCharacters(nfa, pumpSet)) {
    const pump = pumpPath.map((x) => {
      const set = nfa.positions[x]!.set;
      return contains(set, c) ? c : pick(intersect(set, pumpSet).length > 0 ? intersect(set, pumpSet) : set);
    });
    const body = [...prefix];
    for (let i = 0; i < PUMPS; i++) body.push(...pump);
    if (attemptCanFail(nfa, starts, body, atoms, budget, noBreaks)) return true;
    if (budget.steps < 0) return false;
  }
  return false;
}

/** Pump characters for a set: plain ones, then one per overlap with a position's class. */
function pumpCharacters(nfa: Nfa, set: Charset): number[] {
  const out = new Set<number>();
  for (const c of PREFERRED) if (contains(set, c)) out.add(c);
  for (const p of nfa.positions) {
    if (out.size >= MAX_PUMP_CHARS) break;
    const common = intersect(set, p.set);
    if (common.length > 0) out.add(pick(common));
  }
  return [...out].slice(0, MAX_PUMP_CHARS);
}

function pick(set: Charset): number {
  for (const c of PREFERRED) if (contains(set, c)) return c;
  for (const [a, b] of set) if (b >= 0x21 && a <= 0x7e) return Math.max(a, 0x21);
  return set[0]?.[0] ?? 0x61;
}

/** Shortest position path from the start of the match to every position (BFS over `first`). */
function shortestPrefixes(nfa: Nfa, succ: number[][]): Map<number, number[]> {
  const from = new Map<number, number>();
  const queue: number[] = [];
  for (const p of nfa.first) {
    if (!from.has(p)) {
      from.set(p, -1);
      queue.push(p);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    for (const x of succ[queue[i]!]!) {
      if (!from.has(x)) {
        from.set(x, queue[i]!);
        queue.push(x);
      }
    }
  }
  const out = new Map<number, number[]>();
  for (const p of from.keys()) {
    const path: number[] = [];
    for (let x = p; x !== -1; x = from.get(x)!) path.push(x);
    out.set(p, path.reverse());
  }
  return out;
}

/** A path q → … → y inside one component (BFS), q and y included. */
function pathWithin(q: number, y: number, succ: number[][], comp: Int32Array): number[] | undefined {
  if (q === y) return [q];
  const from = new Map<number, number>([[q, -1]]);
  const queue = [q];
  for (let i = 0; i < queue.length; i++) {
    for (const x of succ[queue[i]!]!) {
      if (comp[x] !== comp[q] || from.has(x)) continue;
      from.set(x, queue[i]!);
      if (x === y) {
        const path: number[] = [];
        for (let v = y; v !== -1; v = from.get(v)!) path.push(v);
        return path.reverse();
      }
      queue.push(x);
    }
  }
  return undefined;
}

/**
 * Breadth-first from run p to run q through single positions (never through a third run), each
 * able to read a shared character: with `narrow`, one character all steps share (at most
 * MAX_BETWEEN steps: the attack repeats one character), else any shared character per step (at
 * most MAX_UNIT: the attack repeats the word the steps read). Returns the pump characters, or
 * undefined (also when the visit budget runs out).
 */
function pathBetween(
  nfa: Nfa, runOf: (AST.Quantifier | undefined)[], succ: number[][], p: number, q: number, shared: Charset,
  seen: Int32Array, parent: Int32Array, mark: number, budget: Budget, narrow: boolean,
): Charset | undefined {
  let frontier: { at: number; common: Charset }[] = [{ at: p, common: shared }];
  seen[p] = mark;
  const maxDepth = narrow ? MAX_BETWEEN : MAX_UNIT;
  for (let depth = 0; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: typeof frontier = [];
    for (const { at, common } of frontier) {
      for (const x of succ[at]!) {
        if (--budget.visits < 0) return undefined;
        if (seen[x] === mark) continue;
        const narrowed = narrow ? intersect(common, nfa.positions[x]!.set) : intersects(common, nfa.positions[x]!.set) ? common : [];
        if (narrowed.length === 0) continue;
        seen[x] = mark;
        parent[x] = at;
        if (x === q) return narrowed;
        if (!runOf[x]) next.push({ at: x, common: narrowed });
      }
    }
    frontier = next;
  }
  return undefined;
}

/** Does the set read more than BROAD_MIN printable ASCII characters (`\w` reads 63, `\S` 94)? */
function broad(set: Charset): boolean {
  let count = 0;
  for (const [a, b] of intersect(set, PRINTABLE)) count += b - a + 1;
  return count > BROAD_MIN;
}

/**
 * Exponential backtracking (EDA) in a position automaton: some state q has two different paths
 * back to itself reading the same text, so n repetitions of that text have 2^n paths, and a
 * backtracking matcher tries them all when the rest of the pattern fails.
 *
 * Decided on the product automaton P = N × N restricted to one loop (SCC) of N at a time: a
 * component of P that holds a diagonal state (q,q) and either an off-diagonal state (p,p') or a
 * step along two different parallel edges gives the two paths. A q from which the pattern can
 * already succeed (nothing left but optional parts) is skipped: the matcher stops there instead
 * of backtracking, e.g. unanchored `/(a+)+/` is harmless, `/^(a+)+$/` is not. Such states are
 * left out of the loops altogether: a path through one stops at the first failure below it. Likewise
 * a step that reads a character ending the match (analyseLoop `live`) is no part of a pumped text.
 */
import type { AST } from '@eslint-community/regexpp';
import { intersect, intersects, subtract, union, type Charset } from './charset.js';
import type { Nfa } from './nfa.js';
import { sccIds } from './scc.js';

export interface Ambiguity {
  /** The repetition whose iterations can split the text in many ways. */
  quantifier: AST.Quantifier | null;
  /** Parallel loops (`(a+)+`) or overlapping alternatives/parts (`(a|a)*`, `(\w|\d)+`). */
  kind: 'nested-quantifier' | 'overlapping-repetition';
}

/** Loops larger than this many positions are not analysed (no report). */
const MAX_LOOP = 200;
/** Product edges per loop beyond this: give up on that loop (no report). */
const MAX_PRODUCT_EDGES = 300_000;

export function findExponentialAmbiguity(nfa: Nfa): Ambiguity | undefined {
  const n = nfa.positions.length;
  const free = nfa.acceptsFreely;
  const succ = nfa.edges.map((es, p) => (free.has(p) ? [] : es.filter((e) => !free.has(e.to)).map((e) => e.to)));
  const comp = sccIds(n, (v) => succ[v]!);
  const members = new Map<number, number[]>();
  for (let p = 0; p < n; p++) {
    const c = comp[p]!;
    let m = members.get(c);
    if (!m) members.set(c, (m = []));
    m.push(p);
  }
  for (const loop of members.values()) {
    if (loop.length > MAX_LOOP) continue;
    if (loop.length === 1 && !succ[loop[0]!]!.includes(loop[0]!)) continue;
    const found = analyseLoop(nfa, loop, comp);
    if (found) return found;
  }
  return undefined;
}

function analyseLoop(nfa: Nfa, loop: number[], comp: Int32Array): Ambiguity | undefined {
  const k = loop.length;
  const local = new Map<number, number>();
  loop.forEach((p, i) => local.set(p, i));
  const c = comp[loop[0]!]!;
  // Edges staying inside the loop, in local numbering; `id` tells parallel edges apart.
  const out: { to: number; id: number; via: AST.Quantifier | null }[][] = loop.map(() => []);
  let id = 0;
  loop.forEach((p, i) => {
    for (const e of nfa.edges[p]!) {
      if (comp[e.to] === c && !nfa.acceptsFreely.has(e.to)) out[i]!.push({ to: local.get(e.to)!, id: id++, via: e.via });
    }
  });
  // What each loop state can end the match with: a step to a position after which the pattern
  // accepts freely (`'` closing `'(?:\\'|.)*?'`). Reading such a character there succeeds, so a
  // pumped text that reads one at such a state stops the matcher instead of backtracking. A
  // backreference exit matches only its group's captured character: it counts only against a step
  // that reads the same group (then the character is that one on both).
  const exits: Charset[] = loop.map(() => []);
  const groupExits: Set<AST.CapturingGroup>[] = loop.map(() => new Set());
  loop.forEach((p, i) => {
    for (const e of nfa.edges[p]!) {
      if (!nfa.acceptsFreely.has(e.to)) continue;
      const f = nfa.positions[e.to]!;
      if (f.group) groupExits[i]!.add(f.group);
      else exits[i] = union(exits[i]!, f.set);
    }
  });
  /** Can the product step from (a, b) into (a2, b2) read a character at which neither a nor b ends the match? */
  const live = (a: number, b: number, a2: number, b2: number): boolean => {
    if (exits[a]!.length === 0 && exits[b]!.length === 0 && groupExits[a]!.size === 0 && groupExits[b]!.size === 0) return true;
    for (const g of [nfa.positions[loop[a2]!]!.group, nfa.positions[loop[b2]!]!.group]) {
      if (g && (groupExits[a]!.has(g) || groupExits[b]!.has(g))) return false;
    }
    const both = intersect(nfa.positions[loop[a2]!]!.set, nfa.positions[loop[b2]!]!.set);
    return subtract(both, union(exits[a]!, exits[b]!)).length > 0;
  };
  const overlap = new Uint8Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const o = i === j || intersects(nfa.positions[loop[i]!]!.set, nfa.positions[loop[j]!]!.set) ? 1 : 0;
      overlap[i * k + j] = o;
      overlap[j * k + i] = o;
    }
  }

  // Product successors, built on demand; a step along two different parallel edges is "divergent".
  const productSucc: (number[] | undefined)[] = new Array(k * k);
  const divergent: [number, number][] = [];
  let budget = MAX_PRODUCT_EDGES;
  let overBudget = false;
  const succOf = (v: number): number[] => {
    const cached = productSucc[v];
    if (cached) return cached;
    const a = Math.floor(v / k);
    const b = v % k;
    const list: number[] = [];
    if (!overBudget) {
      for (const e1 of out[a]!) {
        for (const e2 of out[b]!) {
          if (!overlap[e1.to * k + e2.to] || !live(a, b, e1.to, e2.to)) continue;
          const w = e1.to * k + e2.to;
          list.push(w);
          if (a === b && e1.to === e2.to && e1.id !== e2.id) divergent.push([v, w]);
          if (--budget <= 0) overBudget = true;
        }
      }
    }
    productSucc[v] = list;
    return list;
  };
  const pcomp = sccIds(k * k, succOf);
  if (overBudget) return undefined;

  // Per product component: a diagonal state that cannot accept freely, and a way to diverge.
  const diagNotFree = new Set<number>();
  const offDiag = new Set<number>();
  for (let v = 0; v < k * k; v++) {
    if (!productSucc[v] || productSucc[v]!.length === 0) continue;
    const a = Math.floor(v / k);
    const b = v % k;
    const pc = pcomp[v]!;
    if (a === b) {
      if (!nfa.acceptsFreely.has(loop[a]!)) diagNotFree.add(pc);
    } else if (productSucc[v]!.some((w) => pcomp[w] === pc)) {
      offDiag.add(pc);
    }
  }
  const divergentIn = new Set<number>();
  for (const [v, w] of divergent) if (pcomp[v] === pcomp[w]) divergentIn.add(pcomp[v]!);

  for (const pc of diagNotFree) {
    const viaParallel = divergentIn.has(pc);
    if (!viaParallel && !offDiag.has(pc)) continue;
    return { quantifier: outermostVia(pc, pcomp, k, out), kind: viaParallel ? 'nested-quantifier' : 'overlapping-repetition' };
  }
  return undefined;
}

/** The widest quantifier among the loop edges used inside one product component. */
function outermostVia(
  pc: number,
  pcomp: Int32Array,
  k: number,
  out: { to: number; via: AST.Quantifier | null }[][],
): AST.Quantifier | null {
  let best: AST.Quantifier | null = null;
  for (let v = 0; v < k * k; v++) {
    if (pcomp[v] !== pc) continue;
    const a = Math.floor(v / k);
    const b = v % k;
    for (const side of [a, b]) {
      for (const e of out[side]!) {
        if (!e.via) continue;
        if (!best || e.via.end - e.via.start > best.end - best.start) best = e.via;
      }
    }
  }
  return best;
}

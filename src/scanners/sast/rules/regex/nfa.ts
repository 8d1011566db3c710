/**
 * A position automaton (Glushkov) of a regexpp pattern, built so that it keeps the ambiguity a
 * backtracking matcher sees: every quantifier adds its own back edges, so `(a+)+` gives two
 * parallel a→a edges (two ways to go round) instead of one merged set entry.
 *
 * Simplifications, all on the side of fewer reports: assertions, lookarounds and
 * backreferences consume nothing here (except a backreference to a one-character group that
 * surely matched before it, read as one character of that group: Position.group); bounded repeats above MAX_EXPAND are treated as
 * unbounded (a long bounded repeat backtracks like an unbounded one). Two exact readings: a
 * positive lookahead that ends the pattern is read as consuming (`A(?=X)` matches where `AX`
 * does, and fails where it fails), and a negative lookbehind of the characters a run starts
 * with pins the match to where such a run begins, like `\b`.
 */
import type { AST } from '@eslint-community/regexpp';
import {
  ANY, DIGIT, DOT, MAX_CP, SPACE, WORD, caseFold, complement, intersect, normalize, subtract, union, type Charset,
} from './charset.js';

export interface Position {
  set: Charset;
  /** The regex node that consumes this character, for messages. */
  node: AST.Node;
  /**
   * For a backreference read as consuming (`\1` after `(["'])`): the group. It matches the one
   * character that group captured, not any of `set`: only another read of the same group is
   * sure to match what it matches.
   */
  group?: AST.CapturingGroup;
}

export interface Edge {
  to: number;
  /** The quantifier whose repetition adds this edge, or null for plain sequence. */
  via: AST.Quantifier | null;
}

export interface Nfa {
  positions: Position[];
  /** Outgoing edges per position (parallel edges kept). */
  edges: Edge[][];
  /** Positions the match can start with. */
  first: number[];
  /**
   * Of those, the ones reachable without passing a `^` anchor: the matcher retries the pattern
   * at every offset, so these are where an unanchored match may begin.
   */
  firstUnanchored: number[];
  /**
   * With the m flag, the first positions after a leading `^` (`/^\s*import/m`): the matcher tries
   * the pattern again at every line start, so a run there that reads line breaks is rescanned
   * from each one (polynomial.ts `findLineStartRun`).
   */
  afterLineStart: number[];
  /**
   * Positions after which the rest can match the empty string, assertions assumed to hold: at the
   * end of the input, being in one may mean a match (an over-approximation).
   */
  accepting: Set<number>;
  /** The whole pattern matches the empty string with no assertion: it can never fail. */
  matchesEmpty: boolean;
  /** Positions after which the rest can match empty before more input (`$` fails there). */
  acceptsMid: Set<number>;
  /** The whole pattern can match the empty string before more input. */
  nullMid: boolean;
  /** Likewise without crossing a `^`: an attempt away from the start can match empty (`^\s*|\s*$` cannot). */
  nullMidOpen: boolean;
  /**
   * Positions after which the rest of the pattern can match the empty string with no
   * assertion on the way: reaching one means the match succeeds, so no backtracking follows.
   */
  acceptsFreely: Set<number>;
  /**
   * A `$` under the m flag, modelled like a plain `$` (fails before more input): it also holds
   * before a line break, so attack strings and continuations must not contain one.
   */
  lineEnd: boolean;
}

/** Bounded repeats up to this many copies are expanded; longer ones count as unbounded. */
const MAX_EXPAND = 10;
/** Positions beyond this: give up on the pattern (no report). */
export const MAX_POSITIONS = 400;
/** Group nesting beyond this: give up (the recursion below is capped by it). */
const MAX_DEPTH = 200;

interface Frag {
  first: number[];
  last: number[];
  lastFree: number[];
  nullable: boolean;
  nullFree: boolean;
  /** Like lastFree/nullFree, but assertions other than a non-multiline `$` taken to hold. */
  lastMid: number[];
  nullMid: boolean;
  /** First positions reachable from the fragment's start without crossing a `^`. */
  firstOpen: number[];
  /** Can the fragment be crossed without consuming and without a `^`? */
  passOpen: boolean;
  /** nullMid without crossing a `^`. */
  nullMidOpen: boolean;
}

const EMPTY_FRAG: Frag = {
  first: [], last: [], lastFree: [], nullable: true, nullFree: true, lastMid: [], nullMid: true, firstOpen: [], passOpen: true, nullMidOpen: true,
};
/** Assertions: match empty, but not "freely" (they can still fail). */
const ASSERT_FRAG: Frag = { ...EMPTY_FRAG, nullFree: false };
/** `$` without the m flag: holds only at the end of the input. */
const END_FRAG: Frag = { ...ASSERT_FRAG, nullMid: false, nullMidOpen: false };
/** `^` (also under the m flag, where it still pins the match to a line start). */
const ANCHOR_FRAG: Frag = { ...ASSERT_FRAG, passOpen: false, nullMidOpen: false };

class TooBig extends Error {}

export interface NfaFlags {
  ignoreCase: boolean;
  dotAll: boolean;
  /** The y flag: matching is tried at lastIndex only, never retried further on. */
  sticky?: boolean;
  /** The m flag: `$` also holds before a line terminator. */
  multiline?: boolean;
  /** A character standing for an unknown part of an assembled pattern: it matches only itself (OPAQUE). */
  hole?: number;
}

export function buildNfa(pattern: AST.Pattern, flags: NfaFlags): Nfa | undefined {
  const positions: Position[] = [];
  const edges: Edge[][] = [];
  let lineEnd = false;
  const afterLineStart: number[] = [];

  const addPos = (set: Charset, node: AST.Node, icase: boolean): Frag => {
    if (positions.length >= MAX_POSITIONS) throw new TooBig();
    positions.push({ set: icase ? caseFold(set) : set, node });
    edges.push([]);
    const p = positions.length - 1;
    return { first: [p], last: [p], lastFree: [p], nullable: false, nullFree: false, lastMid: [p], nullMid: false, firstOpen: [p], passOpen: false, nullMidOpen: false };
  };

  const link = (from: number[], to: number[], via: AST.Quantifier | null): void => {
    for (const f of from) for (const t of to) edges[f]!.push({ to: t, via });
  };

  const concat = (a: Frag, b: Frag): Frag => {
    link(a.last, b.first, null);
    return {
      first: a.nullable ? [...a.first, ...b.first] : a.first,
      last: b.nullable ? [...b.last, ...a.last] : b.last,
      lastFree: b.nullFree ? [...b.lastFree, ...a.lastFree] : b.lastFree,
      nullable: a.nullable && b.nullable,
      nullFree: a.nullFree && b.nullFree,
      lastMid: b.nullMid ? [...b.lastMid, ...a.lastMid] : b.lastMid,
      nullMid: a.nullMid && b.nullMid,
      firstOpen: a.passOpen ? [...a.firstOpen, ...b.firstOpen] : a.firstOpen,
      passOpen: a.passOpen && b.passOpen,
      nullMidOpen: a.nullMidOpen && b.nullMidOpen,
    };
  };

  const alternate = (frags: Frag[]): Frag => ({
    first: frags.flatMap((f) => f.first),
    last: frags.flatMap((f) => f.last),
    lastFree: frags.flatMap((f) => f.lastFree),
    nullable: frags.some((f) => f.nullable),
    nullFree: frags.some((f) => f.nullFree),
    lastMid: frags.flatMap((f) => f.lastMid),
    nullMid: frags.some((f) => f.nullMid),
    firstOpen: frags.flatMap((f) => f.firstOpen),
    passOpen: frags.some((f) => f.passOpen),
    nullMidOpen: frags.some((f) => f.nullMidOpen),
  });

  const optional = (f: Frag): Frag => ({ ...f, nullable: true, nullFree: true, nullMid: true, passOpen: true, nullMidOpen: true });

  /** atEnd: nothing of the pattern follows these alternatives (a trailing lookahead may be read as consuming). */
  const alternatives = (alts: AST.Alternative[], icase: boolean, depth: number, atEnd = false): Frag =>
    alternate(alts.map((a) => sequence(a.elements, icase, depth, atEnd)));

  const sequence = (elements: AST.Element[], icase: boolean, depth: number, atEnd = false): Frag => {
    let acc = EMPTY_FRAG;
    for (let i = 0; i < elements.length; i++) {
      const e = elements[i]!;
      const next = elements[i + 1];
      // `[\w-]+(?=-preview)` at the end of the pattern: the lookahead decides whether each
      // attempt fails, exactly as the consumed `-preview` would (nothing is matched after it).
      if (atEnd && !next && e.type === 'Assertion' && e.kind === 'lookahead' && !e.negate) {
        acc = concat(acc, alternatives(e.alternatives, icase, depth + 1, true));
        continue;
      }
      // `(?<![\w-])[\w-]+`: like `\b`, the match can begin only where such a run begins.
      if (e.type === 'Assertion' && e.kind === 'lookbehind' && e.negate && next && behindPins(e, next, flags.dotAll, icase)) {
        acc = concat(acc, ANCHOR_FRAG);
        continue;
      }
      // `^x` at the start of a top-level alternative, m flag: note where each line's attempt begins.
      if (flags.multiline && !flags.sticky && depth === 0 && i === 0 && e.type === 'Assertion' && e.kind === 'start' && next) {
        const rest = element(next, icase, depth);
        afterLineStart.push(...rest.first);
        acc = concat(concat(acc, ANCHOR_FRAG), rest);
        i++;
        continue;
      }
      // The last element of a trailing group ends the pattern too.
      if (atEnd && !next && (e.type === 'Group' || e.type === 'CapturingGroup') && !(e.type === 'Group' && e.modifiers)) {
        if (depth > MAX_DEPTH) throw new TooBig();
        acc = concat(acc, alternatives(e.alternatives, icase, depth + 1, true));
        continue;
      }
      // `(?!x).` / `(?=[a-z])\w`: a one-character lookahead narrows the next character.
      const look = e.type === 'Assertion' && e.kind === 'lookahead' ? lookaheadSet(e, flags.dotAll) : undefined;
      if (look && next && isCharNode(next)) {
        const own = charsOf(next, flags.dotAll);
        const set = (e as AST.LookaheadAssertion).negate ? subtract(own, look) : intersect(own, look);
        acc = concat(acc, concat(ASSERT_FRAG, addPos(set, next, icase)));
        i++;
        continue;
      }
      // `\b` before word characters (or before non-word ones): the match can begin only where
      // such a run begins, once per run, so it is not retried at every offset inside the run.
      if (e.type === 'Assertion' && e.kind === 'word' && !e.negate && next && boundaryStarts(next, flags.dotAll)) {
        acc = concat(acc, ANCHOR_FRAG);
        continue;
      }
      acc = concat(acc, element(e, icase, depth));
    }
    return acc;
  };

  const element = (e: AST.Element, icase: boolean, depth: number): Frag => {
    if (depth > MAX_DEPTH) throw new TooBig();
    switch (e.type) {
      case 'Character':
      case 'CharacterSet':
      case 'CharacterClass':
      case 'ExpressionCharacterClass':
        if (e.type === 'Character' && e.value === flags.hole) return addPos(OPAQUE, e, false);
        return addPos(charsOf(e, flags.dotAll), e, icase);
      case 'Group': {
        let ic = icase;
        if (e.modifiers?.add.ignoreCase) ic = true;
        if (e.modifiers?.remove?.ignoreCase) ic = false;
        return alternatives(e.alternatives, ic, depth + 1);
      }
      case 'CapturingGroup':
        return alternatives(e.alternatives, icase, depth + 1);
      case 'Assertion':
        if (e.kind === 'start') return ANCHOR_FRAG;
        if (e.kind !== 'end') return ASSERT_FRAG;
        if (flags.multiline) lineEnd = true;
        return END_FRAG;
      case 'Backreference': {
        const group = oneCharGroup(e);
        if (!group) return ASSERT_FRAG;
        const f = addPos(union(...group.alternatives.map((a) => charsOf(a.elements[0] as CharNode, flags.dotAll))), e, icase);
        positions[f.first[0]!]!.group = group;
        return f;
      }
      case 'Quantifier':
        return quantifier(e, icase, depth + 1);
      default:
        return ASSERT_FRAG;
    }
  };

  const quantifier = (q: AST.Quantifier, icase: boolean, depth: number): Frag => {
    const body = (): Frag => element(q.element, icase, depth);
    if (q.max === 0) return EMPTY_FRAG;
    if (q.max === 1) return q.min === 0 ? optional(body()) : body();
    if (q.max !== Infinity && q.max <= MAX_EXPAND) {
      // X{m,n} = X…X (m times) then (X(X(…)?)?)? : nested, so each count has one parse.
      let tail: Frag = EMPTY_FRAG;
      for (let i = 0; i < q.max - q.min; i++) tail = optional(concat(body(), tail));
      let head: Frag = EMPTY_FRAG;
      for (let i = 0; i < q.min; i++) head = concat(head, body());
      return concat(head, tail);
    }
    // Unbounded (or long bounded): one copy with its own back edges.
    const b = body();
    link(b.last, b.first, q);
    // Many required rounds (`(.*a){20}`): an input with fewer never gets past them, so none of
    // the loop's states lets the match succeed early.
    if (q.min > MAX_EXPAND) return { ...b, lastFree: [], nullFree: false, lastMid: [], nullMid: false, nullMidOpen: false };
    return q.min === 0 ? optional(b) : b;
  };

  try {
    const whole = alternatives(pattern.alternatives, flags.ignoreCase, 0, true);
    return {
      positions, edges, first: whole.first, acceptsFreely: new Set(whole.lastFree),
      firstUnanchored: flags.sticky ? [] : whole.firstOpen,
      afterLineStart,
      accepting: new Set(whole.last),
      matchesEmpty: whole.nullFree,
      acceptsMid: new Set(whole.lastMid),
      nullMid: whole.nullMid,
      nullMidOpen: whole.nullMidOpen,
      lineEnd,
    };
  } catch (e) {
    if (e instanceof TooBig) return undefined;
    throw e;
  }
}

/** Does the element start with characters all word or all non-word (so `\b` before it pins the start)? */
function boundaryStarts(e: AST.Element, dotAll: boolean): boolean {
  const set = leadingSet(e, dotAll);
  return set !== undefined && set.length > 0 && (subtract(set, WORD).length === 0 || intersect(set, WORD).length === 0);
}

/**
 * A negative lookbehind of single characters S (`(?<![\w-])`, `(?<!\W)`) before an element that
 * must start with a character of S: no match begins inside a run of S, only at its first
 * character.
 */
function behindPins(e: AST.LookbehindAssertion, next: AST.Element, dotAll: boolean, icase: boolean): boolean {
  const behind = lookaheadSet(e, dotAll);
  const lead = behind && leadingSet(next, dotAll);
  if (!behind || !lead || lead.length === 0) return false;
  return subtract(icase ? caseFold(lead) : lead, icase ? caseFold(behind) : behind).length === 0;
}

/** The characters the element must start with, when it starts with one required character node. */
function leadingSet(e: AST.Element, dotAll: boolean): Charset | undefined {
  let at: AST.Element | undefined = e;
  for (let i = 0; at && i < 8; i++) {
    if (isCharNode(at)) return charsOf(at, dotAll);
    if (at.type === 'Quantifier') {
      if (at.min === 0) return undefined; // the run may be skipped: what follows decides
      at = at.element;
    } else if ((at.type === 'Group' || at.type === 'CapturingGroup') && at.alternatives.length === 1) {
      at = at.alternatives[0]!.elements[0];
    } else return undefined;
  }
  return undefined;
}

/** A hole's set: past the last code point, so no class or complement (`[^x]`, `.`) holds it. */
const OPAQUE: Charset = [[MAX_CP + 1, MAX_CP + 1]];

type CharNode = AST.Character | AST.CharacterSet | AST.CharacterClass | AST.ExpressionCharacterClass;

function isCharNode(e: AST.Element): e is CharNode {
  return e.type === 'Character' || e.type === 'CharacterSet' || e.type === 'CharacterClass' || e.type === 'ExpressionCharacterClass';
}

function charsOf(e: CharNode, dotAll: boolean): Charset {
  if (e.type === 'Character') return [[e.value, e.value]];
  if (e.type === 'CharacterSet') return charSetOf(e, dotAll);
  return classOf(e);
}

/**
 * The group a backreference repeats when that group is one character (`(["'])`, `(a|b)`) and is
 * sure to have matched before it: the group stands directly in the same top-level alternative as
 * the backreference, earlier (not inside a quantifier, an optional part or another branch, where
 * it may not have taken part and the backreference would match the empty string).
 */
function oneCharGroup(e: AST.Backreference): AST.CapturingGroup | undefined {
  const g = e.resolved;
  if (Array.isArray(g) || !g || g.end > e.start) return undefined;
  const alt = g.parent;
  if (alt.type !== 'Alternative' || alt.parent.type !== 'Pattern' || e.start < alt.start || e.end > alt.end) return undefined;
  return g.alternatives.every((a) => a.elements.length === 1 && isCharNode(a.elements[0]!)) ? g : undefined;
}

/** The characters a lookaround of single characters (`(?!x)`, `(?=[ab]|c)`, `(?<!\W)`) looks at, if it is one. */
function lookaheadSet(e: AST.LookaroundAssertion, dotAll: boolean): Charset | undefined {
  const parts: Charset[] = [];
  for (const alt of e.alternatives) {
    const only = alt.elements[0];
    if (alt.elements.length !== 1 || !only || !isCharNode(only)) return undefined;
    parts.push(charsOf(only, dotAll));
  }
  return union(...parts);
}

/** Property escapes that are mostly punctuation, symbols or spaces (or everything). */
const BROAD_PROPERTIES = /^(?:P|Punctuation|P[cdseifo]|S|Symbol|S[mcko]|Z|Separator|Z[slp]|White_Space|space|Any|ASCII|C|Other|Cc|Control|Cf|Format|Co|Cn|Extended_Pictographic|Emoji\w*)$/;
const WORDISH: Charset = union(WORD, [[0x80, MAX_CP]]);

function escapeSet(kind: 'digit' | 'space' | 'word'): Charset {
  return kind === 'digit' ? DIGIT : kind === 'space' ? SPACE : WORD;
}

function charSetOf(e: AST.CharacterSet, dotAll: boolean): Charset {
  if (e.kind === 'any') return dotAll ? ANY : DOT;
  // Unicode properties: letters/digits/identifier classes as ASCII word characters plus all of
  // non-ASCII; the rest (and negations) as every character. Over-approximations only.
  if (e.kind === 'property') {
    if (e.negate || e.strings) return ANY;
    const name = e.value ?? e.key;
    return BROAD_PROPERTIES.test(name) || BROAD_PROPERTIES.test(e.key) ? ANY : WORDISH;
  }
  return e.negate ? complement(escapeSet(e.kind)) : escapeSet(e.kind);
}

export function classOf(e: AST.CharacterClass | AST.ExpressionCharacterClass): Charset {
  if (e.type === 'ExpressionCharacterClass') return ANY;
  const parts: Charset[] = [];
  for (const el of e.elements as AST.Node[]) {
    switch (el.type) {
      case 'Character':
        parts.push([[el.value, el.value]]);
        break;
      case 'CharacterClassRange':
        parts.push(normalize([[el.min.value, el.max.value]]));
        break;
      case 'CharacterSet':
        parts.push(charSetOf(el, true));
        break;
      case 'CharacterClass':
        parts.push(classOf(el));
        break;
      default:
        // \q{…} strings and set operations: every character (an over-approximation).
        parts.push(ANY);
    }
  }
  const set = union(...parts);
  return e.negate ? complement(set) : set;
}

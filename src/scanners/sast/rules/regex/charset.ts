/**
 * Sets of code points as sorted, disjoint, inclusive intervals. The ReDoS analysis only asks
 * whether two sets share a character, so the sets need not be exact for Unicode properties
 * (those are over-approximated, which can only report more overlap, never hide one).
 */
export type Charset = readonly (readonly [number, number])[];

export const MAX_CP = 0x10ffff;
export const EMPTY: Charset = [];
export const ANY: Charset = [[0, MAX_CP]];

/** Sorts and merges intervals. */
export function normalize(ranges: (readonly [number, number])[]): Charset {
  const sorted = ranges.filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) {
      if (b > last[1]) last[1] = b;
    } else out.push([a, b]);
  }
  return out;
}

export function union(...sets: Charset[]): Charset {
  return normalize(sets.flat());
}

export function complement(set: Charset): Charset {
  const out: [number, number][] = [];
  let next = 0;
  for (const [a, b] of set) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}

/** Do the two sets share at least one character? Linear merge over both interval lists. */
export function intersects(x: Charset, y: Charset): boolean {
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const a = x[i]!;
    const b = y[j]!;
    if (a[1] < b[0]) i++;
    else if (b[1] < a[0]) j++;
    else return true;
  }
  return false;
}

export function intersect(x: Charset, y: Charset): Charset {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const a = x[i]!;
    const b = y[j]!;
    const lo = Math.max(a[0], b[0]);
    const hi = Math.min(a[1], b[1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[1] < b[1]) i++;
    else j++;
  }
  return out;
}

export function subtract(x: Charset, y: Charset): Charset {
  return intersect(x, complement(y));
}

/** Adds the other ASCII case of every ASCII letter (the `i` flag; non-ASCII folding is ignored). */
export function caseFold(set: Charset): Charset {
  const extra: [number, number][] = [];
  for (const [a, b] of set) {
    const lo = Math.max(a, 0x41);
    const hi = Math.min(b, 0x5a);
    if (lo <= hi) extra.push([lo + 32, hi + 32]);
    const lo2 = Math.max(a, 0x61);
    const hi2 = Math.min(b, 0x7a);
    if (lo2 <= hi2) extra.push([lo2 - 32, hi2 - 32]);
  }
  return extra.length === 0 ? set : normalize([...set, ...extra]);
}

export const DIGIT: Charset = [[0x30, 0x39]];
export const WORD: Charset = normalize([[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]]);
export const SPACE: Charset = normalize([
  [0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a],
  [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff],
]);
export const LINE_TERMINATORS: Charset = normalize([[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]]);
export const DOT: Charset = complement(LINE_TERMINATORS);

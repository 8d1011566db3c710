import type { VersionScheme } from '../../version.js';
import { compareDigits, compareFallback } from '../cargo/version.js';

/**
 * RubyGems: Gem::Version ordering (https://guides.rubygems.org/patterns/#semantic-versioning and
 * the Gem::Version API documentation, "How Software Changes" and "Preventing Version Catastrophe").
 * Written by hand.
 *
 * - Valid: digits, then `.`-separated alphanumeric parts, then an optional `-` suffix of
 *   `.`-separated [0-9A-Za-z-] parts; surrounding whitespace ignored. Gem::Version reads "" as "0";
 *   we call the empty string invalid (no lockfile records it and an advisory never does).
 * - A `-` is read as `.pre.` (Gem::Version does so: `1.0-1` is `1.0.pre.1`, a prerelease).
 * - Segments: each run of digits is a number, each run of letters a string; a version holding a
 *   letter is a prerelease, and a string segment sorts before any number: `1.0.a` < `1.0`.
 * - Trailing zero segments are dropped from the release part and from the prerelease part before
 *   comparing ("canonical segments"): `1.0` == `1.0.0`, `1.a` == `1.0.a` == `1.0.a.0`.
 * - Missing segments count as 0; strings compare by byte order (case-sensitive: `B` < `a`).
 *
 * Invalid input sorts before every valid version; two invalid strings compare by UTF-16 code units.
 */
const GEM_VERSION = /^[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

type Segment = string | bigint;

export function canonicalSegments(v: string): Segment[] | null {
  if (typeof v !== 'string' || v.length > 256) return null;
  const s = v.trim();
  if (!GEM_VERSION.test(s)) return null;
  const segments: Segment[] = (s.replaceAll('-', '.pre.').match(/[0-9]+|[a-z]+/gi) ?? []).map((p) =>
    /^\d/.test(p) ? BigInt(p) : p,
  );
  // Split at the first string segment: release numbers, then prerelease segments; drop trailing
  // zeros from each part.
  const firstString = segments.findIndex((x) => typeof x === 'string');
  const release = firstString < 0 ? segments : segments.slice(0, firstString);
  const pre = firstString < 0 ? [] : segments.slice(firstString);
  const trim = (xs: Segment[]): Segment[] => {
    let end = xs.length;
    while (end > 0 && xs[end - 1] === 0n) end--;
    return xs.slice(0, end);
  };
  return [...trim(release), ...trim(pre)];
}

export function compareGem(a: Segment[], b: Segment[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0n;
    const y = b[i] ?? 0n;
    if (x === y) continue;
    // A string (prerelease) segment sorts before a number.
    if (typeof x === 'string' && typeof y !== 'string') return -1;
    if (typeof x !== 'string' && typeof y === 'string') return 1;
    if (typeof x === 'bigint' && typeof y === 'bigint') return compareDigits(x.toString(), y.toString());
    return x < y ? -1 : 1;
  }
  return 0;
}

export const scheme: VersionScheme = {
  ecosystems: ['RubyGems'],
  valid: (v) => canonicalSegments(v) !== null,
  compare(a, b) {
    const pa = canonicalSegments(a);
    const pb = canonicalSegments(b);
    if (pa && pb) return compareGem(pa, pb);
    return compareFallback(a, b, pa !== null, pb !== null);
  },
};

import type { VersionScheme } from '../../version.js';

/**
 * crates.io: SemVer 2.0.0 (https://semver.org/spec/v2.0.0.html), written by hand. The parser and
 * comparator below are also used by the Go scheme, whose module versions are SemVer with a `v`.
 *
 * Decisions:
 * - Precedence ignores build metadata (§10), so `1.0.0+a` and `1.0.0+b` compare equal, as OSV's
 *   SEMVER ranges expect. (The Rust `semver` crate breaks that tie lexically; it never matters for
 *   matching an advisory.)
 * - Invalid input sorts before every valid version; two invalid strings compare by UTF-16 code units.
 */

export interface SemVer {
  /** Decimal strings without leading zeros (compared by length, then digits: no overflow). */
  major: string;
  minor: string;
  patch: string;
  /** Pre-release identifiers (§9); empty for a release. */
  pre: string[];
  /** Build identifiers (§10); kept for callers such as Go's `+incompatible`, ignored by compare. */
  build: string[];
}

// §2: a normal version number is X.Y.Z, non-negative integers without leading zeros.
const NUM = '0|[1-9]\\d*';
// §9: pre-release identifiers are [0-9A-Za-z-], non-empty; numeric identifiers without leading zeros.
const PRE_ID = `(?:${NUM}|\\d*[A-Za-z-][0-9A-Za-z-]*)`;
// §10: build identifiers are [0-9A-Za-z-], non-empty (leading zeros allowed).
const BUILD_ID = '[0-9A-Za-z-]+';
const SEMVER_RE = new RegExp(
  `^(${NUM})\\.(${NUM})\\.(${NUM})(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+(${BUILD_ID}(?:\\.${BUILD_ID})*))?$`,
);

/** Parses a strict SemVer 2.0.0 string (no prefix, no whitespace); null when invalid. */
export function parseSemver(v: string): SemVer | null {
  if (typeof v !== 'string' || v.length > 256) return null;
  const m = SEMVER_RE.exec(v);
  if (!m) return null;
  return {
    major: m[1]!,
    minor: m[2]!,
    patch: m[3]!,
    pre: m[4] === undefined ? [] : m[4].split('.'),
    build: m[5] === undefined ? [] : m[5].split('.'),
  };
}

const isNumeric = (s: string): boolean => /^\d+$/.test(s);

/** Compares two decimal strings numerically, whatever their size. */
export function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** §11: precedence of two parsed versions. */
export function compareSemver(a: SemVer, b: SemVer): number {
  // §11.2: major, minor and patch compared numerically, in that order.
  const main = compareDigits(a.major, b.major) || compareDigits(a.minor, b.minor) || compareDigits(a.patch, b.patch);
  if (main !== 0) return main;
  // §11.3: a pre-release version has lower precedence than the normal version.
  if (a.pre.length === 0 && b.pre.length === 0) return 0;
  if (a.pre.length === 0) return 1;
  if (b.pre.length === 0) return -1;
  // §11.4: identifiers left to right.
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    // §11.4.4: a larger set of fields has higher precedence when all preceding ones are equal.
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = isNumeric(x);
    const yn = isNumeric(y);
    // §11.4.1: numeric identifiers compare numerically.
    if (xn && yn) {
      const c = compareDigits(x, y);
      if (c !== 0) return c;
      continue;
    }
    // §11.4.3: numeric identifiers have lower precedence than alphanumeric ones.
    if (xn) return -1;
    if (yn) return 1;
    // §11.4.2: alphanumeric identifiers compare lexically in ASCII sort order.
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Shared fallback: invalid sorts first; two invalid strings by code units. */
export function compareFallback(a: string, b: string, aValid: boolean, bValid: boolean): number {
  if (aValid !== bValid) return aValid ? 1 : -1;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const scheme: VersionScheme = {
  ecosystems: ['crates.io'],
  valid: (v) => parseSemver(v) !== null,
  compare(a, b) {
    const pa = parseSemver(a);
    const pb = parseSemver(b);
    if (pa && pb) return compareSemver(pa, pb);
    return compareFallback(a, b, pa !== null, pb !== null);
  },
};

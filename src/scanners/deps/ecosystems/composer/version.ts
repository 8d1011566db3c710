import type { VersionScheme } from '../../version.js';
import { compareDigits, compareFallback } from '../cargo/version.js';

/**
 * Packagist: Composer's version normalisation and ordering, written by hand from the Composer
 * documentation ("Versions and constraints": tags, stabilities, branches) and the behaviour of
 * composer/semver's `VersionParser::normalize` followed by PHP's `version_compare`, which is
 * what `Comparator::compare` runs on normalised versions.
 *
 * Normalisation (`1.2` -> `1.2.0.0`, `v2.0.0-beta.2` -> `2.0.0.0-beta2`):
 * - optional `v`; one to four numeric parts (the first at most 5 digits), missing parts are `.0`;
 * - date-like versions (`2010-01-02`, `20100102`, `2010.01.02.5`): non-digits become `.`;
 * - build metadata after `+` is dropped;
 * - stability suffix, case-insensitive, optionally after `.`, `-` or `_`:
 *   `alpha`/`a`, `beta`/`b`, `RC`, `patch`/`pl`/`p`, `stable` (dropped), with optional numbers
 *   (`beta.1.2` -> `beta1.2`), then an optional `-dev`;
 * - numeric branches `1.x-dev`, `1.2.*-dev`, `2-dev`... become `1.9999999.9999999.9999999-dev`.
 *
 * Ordering (PHP `version_compare` on the normalised strings): parts split at `.`, `-`, `_`, `+`
 * and at digit/letter changes; numbers compare numerically; words compare by their stability:
 * `dev` < `alpha` = `a` < `beta` = `b` < `RC` < (number) < `patch` = `pl` = `p`; an extra trailing
 * number makes a version greater, an extra trailing word other than `p*` makes it smaller. So
 * `1.0-dev` < `1.0-alpha` < `1.0-beta2-dev` < `1.0-beta2` < `1.0-RC1` < `1.0` < `1.0-patch1` < `1.0.1`.
 *
 * Decision on branches: `dev-main`, `dev-feature/x`, `master`... are named branches, which
 * Composer never orders against versions (its constraint matcher refuses them). They are not
 * valid here; a lockfile entry on a branch is matched by commit, not by version.
 *
 * Invalid input sorts before every valid version; two invalid strings compare by UTF-16 code units.
 */

// The stability number is `[.-]?\d+(?:[.-]\d+)*`, not `(?:[.-]?\d+)*`: the latter splits a digit run
// in exponentially many ways when the rest fails (ReDoS). Same strings, same captures.
const MODIFIER = '[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)([.-]?\\d+(?:[.-]\\d+)*)?)?([.-]?dev)?';
const CLASSICAL = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MODIFIER}$`, 'i');
const DATETIME = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3}){0,2})${MODIFIER}$`, 'i');
const NUMERIC_BRANCH = /^v?(\d+)(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?$/;

/** Composer's stability spellings, expanded ("expandStability"). */
function expandStability(s: string): string {
  const l = s.toLowerCase();
  if (l === 'a') return 'alpha';
  if (l === 'b') return 'beta';
  if (l === 'p' || l === 'pl') return 'patch';
  if (l === 'rc') return 'RC';
  return l;
}

/** PHP's empty(): '' and '0' are empty. */
const empty = (s: string | undefined): boolean => s === undefined || s === '' || s === '0';

/** The normalised version, or null when the input is not an orderable Composer version. */
export function normalizeComposer(input: string): string | null {
  if (typeof input !== 'string' || input.length > 256) return null;
  let v = input.trim();
  // Build metadata is dropped.
  const build = /^([^,\s+]+)\+\S+$/.exec(v);
  if (build) v = build[1]!;
  let m = CLASSICAL.exec(v);
  let version: string;
  let index: number;
  if (m) {
    version = m[1]! + (m[2] || '.0') + (m[3] || '.0') + (m[4] || '.0');
    index = 5;
  } else {
    m = DATETIME.exec(v);
    if (m) {
      version = m[1]!.replace(/\D/g, '.');
      index = 2;
    } else {
      // Numeric branches: `1.x-dev`, `1.2.*-dev`.
      const dev = /^(.*?)[.-]?dev$/i.exec(v);
      const branch = dev ? NUMERIC_BRANCH.exec(dev[1]!) : null;
      if (!branch) return null;
      let out = '';
      for (let i = 1; i <= 4; i++) out += branch[i] !== undefined ? branch[i]!.replace(/[*X]/g, 'x') : '.x';
      return `${out.replaceAll('x', '9999999')}-dev`;
    }
  }
  const stability = m[index];
  if (!empty(stability)) {
    if (stability === 'stable') return version;
    const n = m[index + 1];
    version += `-${expandStability(stability!)}${empty(n) ? '' : n!.replace(/^[.-]+/, '')}`;
  }
  if (!empty(m[index + 2])) version += '-dev';
  return version;
}

/** PHP version_compare's canonical form: `-`, `_`, `+` and other symbols become `.`, and a `.` is put
 * between a digit and a non-digit. */
function canonicalParts(v: string): string[] {
  let out = v[0] ?? '';
  const isDigit = (c: string): boolean => c >= '0' && c <= '9';
  const isAlnum = (c: string): boolean => /^[0-9A-Za-z]$/.test(c);
  for (let i = 1; i < v.length; i++) {
    const c = v[i]!;
    const prev = v[i - 1]!;
    const last = out[out.length - 1];
    if (c === '-' || c === '_' || c === '+') {
      if (last !== '.') out += '.';
    } else if ((prev !== '.' && !isDigit(prev) && isDigit(c)) || (isDigit(prev) && c !== '.' && !isDigit(c))) {
      if (last !== '.') out += '.';
      out += c;
    } else if (!isAlnum(c)) {
      if (last !== '.') out += '.';
    } else {
      out += c;
    }
  }
  return out.split('.');
}

/** version_compare's special forms: a word is ranked by the first form it starts with. */
const FORMS: [string, number][] = [
  ['dev', 0], ['alpha', 1], ['a', 1], ['beta', 2], ['b', 2], ['RC', 3], ['rc', 3], ['#', 4], ['pl', 5], ['p', 5],
];
function formRank(word: string): number {
  for (const [name, rank] of FORMS) if (word.startsWith(name)) return rank;
  return -1;
}

function comparePart(x: string, y: string): number {
  const xd = /^\d/.test(x);
  const yd = /^\d/.test(y);
  if (xd && yd) return Math.sign(compareDigits(x.match(/^\d+/)![0], y.match(/^\d+/)![0]));
  return Math.sign(formRank(xd ? '#' : x) - formRank(yd ? '#' : y));
}

/** PHP version_compare on two normalised versions. */
export function phpVersionCompare(a: string, b: string): number {
  const pa = canonicalParts(a);
  const pb = canonicalParts(b);
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const c = comparePart(pa[i]!, pb[i]!);
    if (c !== 0) return c;
  }
  // The longer version's next part decides: a number makes it greater, a word ranks against a number.
  if (pa.length > n) return comparePart(pa[n]!, '0');
  if (pb.length > n) return -comparePart(pb[n]!, '0');
  return 0;
}

export const scheme: VersionScheme = {
  ecosystems: ['Packagist'],
  valid: (v) => normalizeComposer(v) !== null,
  compare(a, b) {
    const na = normalizeComposer(a);
    const nb = normalizeComposer(b);
    if (na !== null && nb !== null) return phpVersionCompare(na, nb);
    return compareFallback(a, b, na !== null, nb !== null);
  },
};

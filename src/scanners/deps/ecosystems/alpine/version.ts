import type { VersionScheme } from '../../version.js';
import { compareDigits, compareFallback } from '../cargo/version.js';

/**
 * Alpine: apk-tools version ordering, written by hand from the Alpine wiki ("APKBUILD Reference":
 * pkgver and pkgrel; "Package policies": version format) and the Gentoo package-manager
 * specification's version comparison, which apk's format comes from.
 *
 * Format: `digits{.digits}[letter]{_suffix[digits]}[~hash][-rN]`, e.g. `1.2.3b_rc2_p1-r4`,
 * with suffixes `_alpha`, `_beta`, `_pre`, `_rc` (pre-releases) and `_cvs`, `_svn`, `_git`, `_hg`,
 * `_p` (post-releases), a lowercase hex commit hash after `~`, and the package revision `-rN`.
 *
 * Comparison walks both versions token by token:
 * - the first number compares numerically; a later `.`-number compares numerically unless
 *   either has a leading zero, then as a string (`1.01` < `1.1`, `1.001` < `1.01`);
 * - the letter by ASCII; suffixes by kind: alpha < beta < pre < rc < cvs < svn < git < hg < p,
 *   suffix numbers and revisions numerically; commit hashes as strings (they carry no order; this
 *   only keeps compare() total);
 * - when one version has a token the other lacks at that position: a pre-release suffix makes its
 *   version older (`1.0_rc1` < `1.0`); otherwise the version whose next token comes earlier in the
 *   format is newer: `1.0.1` > `1.0a` > `1.0_p1` > `1.0-r1` > `1.0`.
 * Decision, following apk rather than Gentoo: `1.0-r0` > `1.0` and `_rc1` > `_rc` (a missing
 * revision or suffix number is a missing token, not 0). Alpine's own versions always carry -rN.
 *
 * Invalid input sorts before every valid version; two invalid strings compare by UTF-16 code units.
 */

/** Token kinds, in the order the format allows them. */
const T = { Digit: 1, Letter: 2, Suffix: 3, SuffixNo: 4, Hash: 5, Revision: 6, End: 7 } as const;
type T = (typeof T)[keyof typeof T];

interface Token {
  type: T;
  value: string;
  /** First number of the version (always numeric). */
  first?: boolean;
}

const SUFFIXES = ['alpha', 'beta', 'pre', 'rc', 'cvs', 'svn', 'git', 'hg', 'p'];
const PRE_SUFFIXES = 4;
const APK = /^(\d+(?:\.\d+)*)([a-z])?((?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*)(?:~([0-9a-f]+))?(?:-r(\d+))?$/;

export function tokenizeApk(v: string): Token[] | null {
  if (typeof v !== 'string' || v.length > 256) return null;
  const m = APK.exec(v.trim());
  if (!m) return null;
  const tokens: Token[] = m[1]!.split('.').map((d, i) => ({ type: T.Digit, value: d, first: i === 0 }));
  if (m[2] !== undefined) tokens.push({ type: T.Letter, value: m[2] });
  for (const s of m[3]!.matchAll(/_([a-z]+)(\d*)/g)) {
    tokens.push({ type: T.Suffix, value: String(SUFFIXES.indexOf(s[1]!)) });
    if (s[2] !== '') tokens.push({ type: T.SuffixNo, value: s[2]! });
  }
  if (m[4] !== undefined) tokens.push({ type: T.Hash, value: m[4] });
  if (m[5] !== undefined) tokens.push({ type: T.Revision, value: m[5] });
  return tokens;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareToken(a: Token, b: Token): number {
  switch (a.type) {
    case T.Digit:
      if (!a.first && (a.value.startsWith('0') || b.value.startsWith('0'))) return cmpStr(a.value, b.value);
      return compareDigits(a.value, b.value);
    case T.Suffix:
      return Math.sign(Number(a.value) - Number(b.value));
    case T.SuffixNo:
    case T.Revision:
      return compareDigits(a.value, b.value);
    default:
      return cmpStr(a.value, b.value);
  }
}

const isPreSuffix = (t: Token | undefined): boolean => t?.type === T.Suffix && Number(t.value) < PRE_SUFFIXES;

export function compareApk(a: Token[], b: Token[]): number {
  let i = 0;
  for (; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.type !== y.type) break;
    const c = compareToken(x, y);
    if (c !== 0) return c;
  }
  const x = a[i];
  const y = b[i];
  const tx = x?.type ?? T.End;
  const ty = y?.type ?? T.End;
  if (tx === ty) return 0;
  // A pre-release suffix where the other version has something else (or nothing) is older.
  if (isPreSuffix(x)) return -1;
  if (isPreSuffix(y)) return 1;
  // Otherwise the token that comes earlier in the format makes its version newer.
  return tx > ty ? -1 : 1;
}

export const scheme: VersionScheme = {
  ecosystems: ['Alpine'],
  valid: (v) => tokenizeApk(v) !== null,
  compare(a, b) {
    const pa = tokenizeApk(a);
    const pb = tokenizeApk(b);
    if (pa && pb) return compareApk(pa, pb);
    return compareFallback(a, b, pa !== null, pb !== null);
  },
};

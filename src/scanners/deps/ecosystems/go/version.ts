import type { VersionScheme } from '../../version.js';
import { compareFallback, compareSemver, parseSemver, type SemVer } from '../cargo/version.js';

/**
 * Go modules (https://go.dev/ref/mod#versions): a version is SemVer 2.0.0 with a `v` prefix, and
 * ordering is SemVer precedence.
 *
 * - Pseudo-versions (https://go.dev/ref/mod#pseudo-versions) need no special case: their three
 *   forms `vX.0.0-yyyymmddhhmmss-abcdefabcdef`, `vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdefabcdef` and
 *   `vX.Y.Z-pre.0.yyyymmddhhmmss-abcdefabcdef` are pre-releases built so that SemVer order puts them
 *   after the base version they derive from and before the next release.
 * - `+incompatible` (https://go.dev/ref/mod#incompatible-versions) is build metadata: ignored when
 *   ordering (SemVer §10), as golang.org/x/mod/semver.Compare ignores it.
 * - OSV's Go ecosystem records versions without the `v` (`1.2.3`): both spellings are accepted
 *   and order the same.
 * - Shorthands `v1` and `v1.2` mean `v1.0.0` and `v1.2.0` (as golang.org/x/mod/semver reads them),
 *   only when nothing follows them.
 *
 * Invalid input sorts before every valid version (as semver.Compare does); two invalid strings
 * compare by UTF-16 code units.
 */
const SHORT = /^(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?$/;

function parse(v: string): SemVer | null {
  if (typeof v !== 'string') return null;
  const body = v.startsWith('v') ? v.slice(1) : v;
  const short = SHORT.exec(body);
  if (short) return { major: short[1]!, minor: short[2] ?? '0', patch: '0', pre: [], build: [] };
  return parseSemver(body);
}

export const scheme: VersionScheme = {
  ecosystems: ['Go'],
  valid: (v) => parse(v) !== null,
  compare(a, b) {
    const pa = parse(a);
    const pb = parse(b);
    if (pa && pb) return compareSemver(pa, pb);
    return compareFallback(a, b, pa !== null, pb !== null);
  },
};

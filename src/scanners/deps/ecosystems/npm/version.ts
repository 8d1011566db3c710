import semver from 'semver';
import type { VersionScheme } from '../../version.js';

/**
 * npm: SemVer 2.0.0 as npm itself orders it, through the `semver` package (npm's implementation).
 * Strict parsing (`loose: false`): a leading `v` and surrounding whitespace are accepted, as
 * `semver.valid` accepts them (`=1.2.3` and `V1.2.3` are not); build metadata is ignored for
 * precedence (SemVer 2.0.0 §10).
 *
 * Invalid input never throws: an invalid version sorts before every valid one, and two invalid
 * versions compare by UTF-16 code units (a deterministic total order, 0 only when identical).
 */
const OPTS = { loose: false } as const;

function parse(v: string): semver.SemVer | null {
  if (typeof v !== 'string') return null;
  try {
    return semver.parse(v, OPTS);
  } catch {
    return null;
  }
}

export const scheme: VersionScheme = {
  ecosystems: ['npm'],
  valid: (v) => parse(v) !== null,
  compare(a, b) {
    const pa = parse(a);
    const pb = parse(b);
    if (pa && pb) return pa.compare(pb);
    if (pa) return 1;
    if (pb) return -1;
    return a < b ? -1 : a > b ? 1 : 0;
  },
};

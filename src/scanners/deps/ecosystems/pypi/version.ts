import type { VersionScheme } from '../../version.js';
import { compareDigits, compareFallback } from '../cargo/version.js';

/**
 * PyPI: PEP 440 version identifiers (https://peps.python.org/pep-0440/), as now kept in the
 * "Version specifiers" specification of the Python Packaging User Guide. Written by hand.
 *
 * Public version scheme: `[N!]N(.N)*[{a|b|rc}N][.postN][.devN]`, plus `+local`.
 * Every normalisation rule of the "Normalization" section is accepted on input:
 * case-insensitivity, leading `v`, surrounding whitespace, integer normalisation (leading zeros),
 * pre-release separators and spellings (`alpha`/`beta`/`c`/`pre`/`preview`), implicit pre-release
 * number, post-release separators and spellings (`rev`/`r`), implicit post-release number,
 * implicit post release (`1.0-1`), development release separators and implicit number,
 * and local version separators (`-`/`_` become `.`).
 *
 * Legacy (non-PEP 440) versions such as `2.0b1pl0` or `1.0-foo` are not valid; compare() puts an
 * invalid version before every valid one and orders two invalid strings by UTF-16 code units.
 */

// "Normalization" section: every accepted spelling, matched case-insensitively.
const PEP440 = new RegExp(
  [
    '^v?', // Preceding v character
    '(?:(\\d+)!)?', // Version epochs
    '(\\d+(?:\\.\\d+)*)', // Final releases
    '(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?(\\d+)?)?', // Pre-releases (separators, spellings, implicit number)
    '(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d+)?)?', // Post-releases (implicit post release, spellings, implicit number)
    '(?:[-_.]?(dev)[-_.]?(\\d+)?)?', // Developmental releases (separators, implicit number)
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?', // Local version identifiers (separators)
    '$',
  ].join(''),
  'i',
);

const PHASE: Record<string, number> = {
  // Pre-release spelling: `alpha` -> `a`, `beta` -> `b`, `c`/`pre`/`preview` -> `rc`.
  a: 0, alpha: 0, b: 1, beta: 1, rc: 2, c: 2, pre: 2, preview: 2,
};

export interface Pep440Version {
  epoch: string;
  release: string[];
  pre: { phase: number; n: string } | null;
  post: string | null;
  dev: string | null;
  local: string[] | null;
}

export function parsePep440(v: string): Pep440Version | null {
  if (typeof v !== 'string' || v.length > 256) return null;
  // "Leading and Trailing Whitespace": silently ignored.
  const m = PEP440.exec(v.trim());
  if (!m) return null;
  const [, epoch, release, prePhase, preN, implicitPost, postWord, postN, devWord, devN, local] = m;
  return {
    epoch: epoch ?? '0',
    release: release!.split('.'),
    pre: prePhase === undefined ? null : { phase: PHASE[prePhase.toLowerCase()]!, n: preN ?? '0' },
    post: implicitPost !== undefined ? implicitPost : postWord !== undefined ? (postN ?? '0') : null,
    dev: devWord === undefined ? null : (devN ?? '0'),
    local: local === undefined ? null : local.toLowerCase().split(/[-_.]/),
  };
}

/** "Final releases": release segments compare numerically, the shorter padded with zeros. */
function compareRelease(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const c = compareDigits(a[i] ?? '0', b[i] ?? '0');
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * "Summary of permitted suffixes and relative ordering": within one release,
 * `.devN` < `aN` < `bN` < `rcN` < final < `.postN`; each pre-release or post-release
 * sorts after its own `.devN`. A release with only `.devN` sorts before all its pre-releases.
 */
function comparePre(a: Pep440Version, b: Pep440Version): number {
  const rank = (v: Pep440Version): number => (v.pre ? 1 : v.post === null && v.dev !== null ? 0 : 2);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (a.pre && b.pre) return a.pre.phase - b.pre.phase || compareDigits(a.pre.n, b.pre.n);
  return 0;
}

/** Post-releases: none sorts first. */
function compareOptional(a: string | null, b: string | null, absentFirst: boolean): number {
  if (a === null && b === null) return 0;
  if (a === null) return absentFirst ? -1 : 1;
  if (b === null) return absentFirst ? 1 : -1;
  return compareDigits(a, b);
}

/**
 * "Local version identifiers": segment by segment; all-digit segments compare as integers and
 * sort after alphanumeric ones, which compare lexically (case-insensitively); a local version that
 * extends another (same leading segments) sorts after it; no local version sorts first.
 */
function compareLocal(a: string[] | null, b: string[] | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) {
      const c = compareDigits(x, y);
      if (c !== 0) return c;
    } else if (xn !== yn) {
      return xn ? 1 : -1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

export function comparePep440(a: Pep440Version, b: Pep440Version): number {
  return (
    compareDigits(a.epoch, b.epoch) || // "Version epochs": higher epoch sorts later
    compareRelease(a.release, b.release) ||
    comparePre(a, b) ||
    compareOptional(a.post, b.post, true) ||
    compareOptional(a.dev, b.dev, false) || // a `.devN` sorts before the same version without it
    compareLocal(a.local, b.local)
  );
}

export const scheme: VersionScheme = {
  ecosystems: ['PyPI'],
  valid: (v) => parsePep440(v) !== null,
  compare(a, b) {
    const pa = parsePep440(a);
    const pb = parsePep440(b);
    if (pa && pb) return comparePep440(pa, pb);
    return compareFallback(a, b, pa !== null, pb !== null);
  },
};

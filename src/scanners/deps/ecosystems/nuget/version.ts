import type { VersionScheme } from '../../version.js';
import { compareDigits, compareFallback } from '../cargo/version.js';

/**
 * NuGet: NuGetVersion ordering (https://learn.microsoft.com/nuget/concepts/package-versioning:
 * "Version basics", "Pre-release versions", "Semantic Versioning 2.0.0", "Normalized version
 * numbers"). Written by hand.
 *
 * - `Major[.Minor[.Patch[.Revision]]][-label.label...][+metadata]`: one to four numeric parts,
 *   missing parts are 0 (`1.0` == `1.0.0` == `1.0.0.0`); leading zeros are normalised (`1.01` == `1.1`);
 *   no `v` prefix (NuGet refuses it).
 * - Pre-release labels are `.`-separated [0-9A-Za-z-] identifiers, compared one by one:
 *   numeric labels numerically and before alphanumeric ones, alphanumeric labels
 *   case-insensitively (`1.0.0-Beta` == `1.0.0-beta`); more labels sort later when the shared ones
 *   are equal; a version with labels sorts before the same version without.
 * - Build metadata (`+...`) is ignored when ordering.
 *
 * Invalid input sorts before every valid version; two invalid strings compare by UTF-16 code units.
 */
const NUGET = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

export interface NuGetVersion {
  parts: [string, string, string, string];
  labels: string[];
}

export function parseNuGet(v: string): NuGetVersion | null {
  if (typeof v !== 'string' || v.length > 256) return null;
  const m = NUGET.exec(v.trim());
  if (!m) return null;
  return { parts: [m[1]!, m[2] ?? '0', m[3] ?? '0', m[4] ?? '0'], labels: m[5] === undefined ? [] : m[5].split('.') };
}

export function compareNuGet(a: NuGetVersion, b: NuGetVersion): number {
  for (let i = 0; i < 4; i++) {
    const c = compareDigits(a.parts[i]!, b.parts[i]!);
    if (c !== 0) return c;
  }
  // A release sorts after its pre-releases.
  if (a.labels.length === 0 || b.labels.length === 0) return a.labels.length === b.labels.length ? 0 : a.labels.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(a.labels.length, b.labels.length); i++) {
    const x = a.labels[i];
    const y = b.labels[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) {
      const c = compareDigits(x, y);
      if (c !== 0) return c;
    } else if (xn !== yn) {
      return xn ? -1 : 1;
    } else {
      const lx = x.toLowerCase();
      const ly = y.toLowerCase();
      if (lx !== ly) return lx < ly ? -1 : 1;
    }
  }
  return 0;
}

export const scheme: VersionScheme = {
  ecosystems: ['NuGet'],
  valid: (v) => parseNuGet(v) !== null,
  compare(a, b) {
    const pa = parseNuGet(a);
    const pb = parseNuGet(b);
    if (pa && pb) return compareNuGet(pa, pb);
    return compareFallback(a, b, pa !== null, pb !== null);
  },
};

/**
 * Package identity as the database indexes it: the base ecosystem (OSV `Alpine:v3.11` -> `Alpine`)
 * and the package name normalised the way the ecosystem compares names.
 */

/** `Alpine:v3.11` -> `Alpine`; `crates.io` stays. */
export function baseEcosystem(ecosystem: string): string {
  const i = ecosystem.indexOf(':');
  return i < 0 ? ecosystem : ecosystem.slice(0, i);
}

/** The release part of an OSV ecosystem (`Alpine:v3.11` -> `v3.11`), or undefined. */
export function ecosystemRelease(ecosystem: string): string | undefined {
  const i = ecosystem.indexOf(':');
  return i < 0 ? undefined : ecosystem.slice(i + 1);
}

const PEP503 = /[-_.]+/g;

/**
 * PyPI: PEP 503 (lower case, runs of `-_.` become `-`). NuGet ids are case-insensitive.
 * Everything else (npm, Go module paths, crates, gems, Maven coordinates, Packagist) is exact.
 */
export function normalizeName(ecosystem: string, name: string): string {
  switch (baseEcosystem(ecosystem)) {
    case 'PyPI':
      return name.replace(PEP503, '-').toLowerCase();
    case 'NuGet':
      return name.toLowerCase();
    default:
      return name;
  }
}

/**
 * Whether an advisory row stored for release `stored` (the OSV suffix, `12`, `v3.19`,
 * `22.04:LTS`, `enterprise_linux:9::appstream`) applies to a system of release `wanted`: the same
 * release, or a sub-stream of it (`enterprise_linux:9` covers `enterprise_linux:9::baseos`). A row
 * without a release never applies to a release-bound lookup: an OS advisory is always per release.
 */
export function releaseMatches(wanted: string, stored: string | null | undefined): boolean {
  if (stored === null || stored === undefined) return false;
  return stored === wanted || stored.startsWith(`${wanted}:`);
}

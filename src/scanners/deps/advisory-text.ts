import type { PackageRef } from '../../core/finding.js';
import type { Match } from '../../vulndb/match.js';

/**
 * The parts of a vulnerability finding that read the same wherever the package was found (a
 * lockfile for `deps`, an image layer for `image`): the alias list, the title and the package
 * reference. Each scanner keeps its own message, location and evidence.
 */
type AdvisoryFacts = Pick<Match, 'id' | 'aliases' | 'summary' | 'fixedVersions' | 'records'> & {
  package: Pick<Match['package'], 'ecosystem' | 'name' | 'version' | 'purl'>;
};

/** ` (CVE-1, GHSA-2, …)`: the first three aliases, or nothing. */
export function aliasText(aliases: readonly string[]): string {
  return aliases.length ? ` (${aliases.slice(0, 3).join(', ')}${aliases.length > 3 ? ', …' : ''})` : '';
}

/** `GHSA-x: summary`, or `GHSA-x in name` without a summary. */
export function advisoryTitle(m: AdvisoryFacts, name = m.package.name): string {
  return m.summary ? `${m.id}: ${m.summary}` : `${m.id} in ${name}`;
}

export function advisoryPackageRef(m: AdvisoryFacts): PackageRef {
  const p = m.package;
  return {
    ecosystem: p.ecosystem,
    name: p.name,
    version: p.version,
    purl: p.purl,
    fixedVersions: m.fixedVersions,
    advisoryIds: m.records,
    aliases: m.aliases,
  };
}

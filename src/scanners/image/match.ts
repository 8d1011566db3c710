/**
 * Matches an image inventory with the vulnerability database. Distribution packages are looked up
 * the way their distribution publishes advisories (by source package, in that distribution's
 * release only); language packages against their own ecosystems, except those the distribution
 * installed (its advisories cover their backported fixes, upstream ones would be false alarms).
 */
import type { ScanIssue } from '../../core/scanner.js';
import type { Package } from '../deps/package.js';
import { bucketOfWord, type SeverityInfo } from '../../vulndb/cvss.js';
import { hasAdvisories, matchPackages, type Match } from '../../vulndb/match.js';
import type { Db } from '../../vulndb/store.js';
import { isOsPackage } from './inventory/merge.js';
import type { ImagePackage, OsInfo } from './types.js';

export interface ImageMatch extends Omit<Match, 'package'> {
  /** The package as found in the image (binary name and version for OS packages). */
  package: ImagePackage;
  /** The name and version the advisory was matched on (source package for Debian/Ubuntu/Alpine). */
  matchedAs: { name: string; version: string };
}

/** The (name, version) a distribution's advisories use for an installed package. */
export function advisoryKey(p: ImagePackage): { name: string; version: string } {
  switch (p.ecosystem) {
    case 'Debian':
    case 'Ubuntu':
      // Debian advisories name source packages at source versions (libssl3 -> openssl).
      return { name: p.sourceName || p.name, version: p.sourceVersion || p.version };
    case 'Alpine':
      // apk `o:` (origin) is the aport; its version is the binary package's.
      return { name: p.sourceName || p.name, version: p.version };
    default:
      // RPM distributions (AlmaLinux, Rocky, Red Hat) key advisories by binary name, epoch:version-release.
      return { name: p.name, version: p.version };
  }
}

/** Distributions whose advisories follow Red Hat's conventions (errata kinds, severity words). */
const RPM_FAMILY = new Set(['AlmaLinux', 'Rocky Linux', 'Red Hat']);

/**
 * Bug-fix and enhancement errata (ALBA/ALEA, RLBA/RLEA, RHBA/RHEA): "expat update", not a
 * vulnerability. Only the security errata (xLSA/RHSA) are findings.
 */
export function isNonSecurityErratum(id: string): boolean {
  return /^(?:AL|RL|RH)[BE]A-/.test(id);
}

/**
 * Red Hat family errata carry no CVSS in OSV; their severity is the summary's first word
 * ("Important: expat security update"). Without it every one of them would be 'medium', and an
 * image with Critical/Important errata would pass the default `--fail-on high`.
 */
export function severityFromErratumSummary(summary: string | undefined): SeverityInfo | undefined {
  const word = /^(Critical|Important|Moderate|Low):/.exec(summary ?? '')?.[1];
  const bucket = word ? bucketOfWord(word) : undefined;
  // SeveritySource has no value for a summary; the word is the database's own rating.
  return bucket ? { bucket, source: 'database_specific' } : undefined;
}

/** Returns the matches; problems (unknown distribution, DB without its advisories) go to `onIssue`, once each. */
export function matchImage(
  db: Db,
  inv: { os?: OsInfo; packages: readonly ImagePackage[] },
  onIssue: (i: ScanIssue) => void,
  dbPath: string = db.name,
): ImageMatch[] {
  const query: Package[] = [];
  const original = new Map<Package, ImagePackage>();
  const release = new Map<Package, string>();
  const osPkgs = inv.packages.filter(isOsPackage);
  const langPkgs = inv.packages.filter((p) => !isOsPackage(p) && !p.osOwned && p.pinned);

  if (osPkgs.length > 0) {
    const osName = inv.os ? `${inv.os.prettyName ?? `${inv.os.id}${inv.os.versionId ? ` ${inv.os.versionId}` : ''}`}` : 'an undetected distribution';
    const eco = inv.os?.ecosystem;
    const rel = inv.os?.release;
    if (!eco || !rel) {
      onIssue({
        path: dbPath,
        kind: 'other',
        scanner: 'image',
        message: `${osPkgs.length} OS package(s) of ${osName} were NOT checked for vulnerabilities: ${
          eco ? `the ${eco} release is unknown, and advisories are per release` : 'Rampart knows no advisory source for this distribution'
        }`,
      });
    } else if (!hasAdvisories(db, eco, rel)) {
      onIssue({
        path: dbPath,
        kind: 'other',
        scanner: 'image',
        message: `${osPkgs.length} OS package(s) of ${osName} were NOT checked for vulnerabilities: the database has no ${eco}:${rel} advisories; run \`rampart db update\` or import the ${eco} export`,
      });
    } else {
      for (const p of osPkgs) {
        const key = advisoryKey(p);
        const q: Package = { ...p, ecosystem: eco, name: key.name, version: key.version, pinned: true };
        original.set(q, p);
        release.set(q, rel);
        query.push(q);
      }
    }
  }

  const missing = new Map<string, number>();
  const known = new Map<string, boolean>();
  for (const p of langPkgs) {
    let has = known.get(p.ecosystem);
    if (has === undefined) known.set(p.ecosystem, (has = hasAdvisories(db, p.ecosystem)));
    if (!has) {
      missing.set(p.ecosystem, (missing.get(p.ecosystem) ?? 0) + 1);
      continue;
    }
    original.set(p, p);
    query.push(p);
  }
  for (const [eco, n] of [...missing].sort()) {
    onIssue({
      path: dbPath,
      kind: 'other',
      scanner: 'image',
      message: `${n} ${eco} package(s) were NOT checked for vulnerabilities: the database has no ${eco} advisories`,
    });
  }

  const unresolved = new Set<string>();
  const matches = matchPackages(db, query, undefined, {
    releaseOf: (p) => release.get(p),
    onUnresolved: (p, id, reason) => {
      const img = original.get(p) ?? (p as ImagePackage);
      const k = `${img.source}\u0000${img.name}\u0000${id}`;
      if (unresolved.has(k)) return;
      unresolved.add(k);
      onIssue({ path: img.source, kind: 'other', scanner: 'image', message: `${img.name} ${img.version} vs ${id}: not decided (${reason})` });
    },
  });
  const out: ImageMatch[] = [];
  for (const m of matches) {
    const pkg = original.get(m.package) ?? (m.package as ImagePackage);
    const rpmFamily = isOsPackage(pkg) && RPM_FAMILY.has(m.package.ecosystem);
    if (rpmFamily && isNonSecurityErratum(m.id)) continue;
    const severity = m.severity ?? (rpmFamily ? severityFromErratumSummary(m.summary) : undefined);
    out.push({ ...m, ...(severity ? { severity } : {}), package: pkg, matchedAs: { name: m.package.name, version: m.package.version } });
  }
  return out;
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanIssue } from '../../../src/core/scanner.js';
import { versionScheme } from '../../../src/scanners/deps/versions.js';
import { advisoryKey, matchImage } from '../../../src/scanners/image/match.js';
import type { ImagePackage, OsInfo } from '../../../src/scanners/image/types.js';
import { importOsv } from '../../../src/vulndb/import.js';
import { hasAdvisories, matchPackages } from '../../../src/vulndb/match.js';
import { releaseMatches } from '../../../src/vulndb/names.js';
import { openDbForBuild, type Db } from '../../../src/vulndb/store.js';

function record(id: string, ecosystem: string, name: string, fixed: string | undefined, extra: Record<string, unknown> = {}) {
  return {
    id,
    modified: '2026-01-01T00:00:00Z',
    summary: `${name} problem`,
    affected: [{ package: { ecosystem, name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, ...(fixed ? [{ fixed }] : [])] }] }],
    ...extra,
  };
}

const RECORDS = [
  record('DSA-12-OPENSSL', 'Debian:12', 'openssl', '3.0.13-1~deb12u1', { aliases: ['CVE-2099-1000'], severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }] }),
  record('DSA-11-OPENSSL', 'Debian:11', 'openssl', '9.9.9-1'),
  record('DEB-UNFIXED', 'Debian:12', 'openssl', undefined),
  record('ALPINE-OPENSSL', 'Alpine:v3.19', 'openssl', '3.1.4-r5'),
  record('ALPINE-318', 'Alpine:v3.18', 'openssl', '9.9.9-r0'),
  record('ALSA-9-OPENSSL', 'AlmaLinux:9', 'openssl', '1:3.0.7-25.el9_3'),
  record('USN-1', 'Ubuntu:22.04:LTS', 'openssl', '3.0.2-0ubuntu1.15'),
  record('RHSA-9-OPENSSL', 'Red Hat:enterprise_linux:9::baseos', 'openssl', '1:3.0.7-27.el9'),
  record('RHSA-8-OPENSSL', 'Red Hat:enterprise_linux:8::baseos', 'openssl', '1:9.9.9-1.el8'),
  record('RHSA-EUS-OPENSSL', 'Red Hat:rhel_eus:9.2::baseos', 'openssl', '1:9.9.9-1.el9_2'),
  record('GHSA-npm-1', 'npm', 'lodash', '4.17.21'),
  record('PYSEC-six', 'PyPI', 'six', '9.0.0'),
];

let dir: string;
let db: Db;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-image-match-'));
  const recs = join(dir, 'records');
  mkdirSync(recs);
  for (const r of RECORDS) writeFileSync(join(recs, `${r.id}.json`), JSON.stringify(r));
  db = openDbForBuild(join(dir, 'db.sqlite'));
  await importOsv(db, recs);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function os(p: Partial<ImagePackage> & Pick<ImagePackage, 'ecosystem' | 'name' | 'version'>): ImagePackage {
  return { purl: `pkg:x/${p.name}@${p.version}`, direct: false, dev: false, pinned: true, source: 'var/lib/dpkg/status', ...p };
}

const DEBIAN12: OsInfo = { id: 'debian', versionId: '12', ecosystem: 'Debian', release: '12' };

function run(inv: { os?: OsInfo; packages: ImagePackage[] }) {
  const issues: ScanIssue[] = [];
  const matches = matchImage(db, inv, (i) => issues.push(i), 'db.sqlite');
  return { issues, matches, ids: matches.map((m) => `${m.package.name}:${m.id}`).sort() };
}

describe('matchImage', () => {
  it('Debian: binary packages match by source package and source version, only in their release', () => {
    const libssl = os({ ecosystem: 'Debian', name: 'libssl3', version: '3.0.11-1~deb12u2', sourceName: 'openssl', sourceVersion: '3.0.11-1~deb12u2', release: '12' });
    const r = run({ os: DEBIAN12, packages: [libssl] });
    expect(r.issues).toEqual([]);
    // Debian:11's record (fixed 9.9.9) never applies to a Debian 12 image.
    expect(r.ids).toEqual(['libssl3:DEB-UNFIXED', 'libssl3:DSA-12-OPENSSL']);
    const m = r.matches.find((x) => x.id === 'DSA-12-OPENSSL')!;
    expect(m.package).toBe(libssl);
    expect(m.matchedAs).toEqual({ name: 'openssl', version: '3.0.11-1~deb12u2' });
    expect(m.smallestFix).toBe('3.0.13-1~deb12u1');
    expect(m.severity?.bucket).toBe('critical');
  });

  it('Debian: a binary version with a binNMU suffix does not hide the source version', () => {
    const p = os({ ecosystem: 'Debian', name: 'libssl3', version: '3.0.13-1~deb12u1+b1', sourceName: 'openssl', sourceVersion: '3.0.13-1~deb12u1', release: '12' });
    expect(run({ os: DEBIAN12, packages: [p] }).ids).toEqual(['libssl3:DEB-UNFIXED']);
  });

  it('Alpine: origin and version, in the Alpine branch only', () => {
    const alpine: OsInfo = { id: 'alpine', versionId: '3.19.1', ecosystem: 'Alpine', release: 'v3.19' };
    const p = os({ ecosystem: 'Alpine', name: 'libcrypto3', version: '3.1.4-r1', sourceName: 'openssl', source: 'lib/apk/db/installed' });
    expect(advisoryKey(p)).toEqual({ name: 'openssl', version: '3.1.4-r1' });
    expect(run({ os: alpine, packages: [p] }).ids).toEqual(['libcrypto3:ALPINE-OPENSSL']);
    expect(run({ os: alpine, packages: [{ ...p, version: '3.1.4-r5' }] }).ids).toEqual([]);
  });

  it('AlmaLinux: binary name with epoch:version-release in rpm order', () => {
    const alma: OsInfo = { id: 'almalinux', versionId: '9.3', ecosystem: 'AlmaLinux', release: '9' };
    const old = os({ ecosystem: 'AlmaLinux', name: 'openssl', version: '1:3.0.7-24.el9', sourceName: 'openssl-3.0.7-24.el9.src.rpm' });
    expect(advisoryKey(old)).toEqual({ name: 'openssl', version: '1:3.0.7-24.el9' });
    expect(run({ os: alma, packages: [old] }).ids).toEqual(['openssl:ALSA-9-OPENSSL']);
    expect(run({ os: alma, packages: [{ ...old, version: '1:3.0.7-25.el9_3' }] }).ids).toEqual([]);
  });

  it('Red Hat: every product stream of the major release, never another release or an EUS product', () => {
    const rhel: OsInfo = { id: 'rhel', versionId: '9.3', ecosystem: 'Red Hat', release: 'enterprise_linux:9' };
    const old = os({ ecosystem: 'Red Hat', name: 'openssl', version: '1:3.0.7-25.el9_3', sourceName: 'openssl-3.0.7-25.el9_3.src.rpm' });
    expect(run({ os: rhel, packages: [old] }).ids).toEqual(['openssl:RHSA-9-OPENSSL']);
    expect(run({ os: rhel, packages: [{ ...old, version: '1:3.0.7-27.el9' }] }).ids).toEqual([]);
  });

  it('Ubuntu: dpkg order and the LTS release suffix', () => {
    const ubuntu: OsInfo = { id: 'ubuntu', versionId: '22.04', ecosystem: 'Ubuntu', release: '22.04:LTS' };
    const p = os({ ecosystem: 'Ubuntu', name: 'libssl3', version: '3.0.2-0ubuntu1.10', sourceName: 'openssl' });
    expect(run({ os: ubuntu, packages: [p] }).ids).toEqual(['libssl3:USN-1']);
  });

  it('language packages match their ecosystem, except those the distribution installed', () => {
    const lodash: ImagePackage = { ecosystem: 'npm', name: 'lodash', version: '4.17.20', purl: 'pkg:npm/lodash@4.17.20', direct: false, dev: false, pinned: true, source: 'app/node_modules/lodash/package.json' };
    const six: ImagePackage = { ecosystem: 'PyPI', name: 'six', version: '1.16.0', purl: 'pkg:pypi/six@1.16.0', direct: false, dev: false, pinned: true, source: 'usr/lib/python3/dist-packages/six.dist-info/METADATA', osOwned: true };
    const r = run({ os: DEBIAN12, packages: [lodash, six] });
    expect(r.ids).toEqual(['lodash:GHSA-npm-1']);
    expect(r.issues).toEqual([]);
  });

  it('an unknown distribution, a missing release and a DB without the release each give one issue, never a silent clean', () => {
    const pkgs = [os({ ecosystem: 'Debian', name: 'a', version: '1' }), os({ ecosystem: 'Debian', name: 'b', version: '1' })];
    const unknown = run({ os: { id: 'slackware' }, packages: pkgs });
    expect(unknown.issues).toHaveLength(1);
    expect(unknown.issues[0]!.message).toMatch(/2 OS package\(s\) of slackware were NOT checked.*no advisory source/);
    const noRelease = run({ os: { id: 'debian', ecosystem: 'Debian' }, packages: pkgs });
    expect(noRelease.issues[0]!.message).toMatch(/Debian release is unknown/);
    const trixie = run({ os: { id: 'debian', versionId: '13', ecosystem: 'Debian', release: '13' }, packages: pkgs });
    expect(trixie.issues).toHaveLength(1);
    expect(trixie.issues[0]!.message).toMatch(/no Debian:13 advisories/);
    const gems: ImagePackage = { ecosystem: 'RubyGems', name: 'rack', version: '1.0.0', purl: 'pkg:gem/rack@1.0.0', direct: false, dev: false, pinned: true, source: 'x.gemspec' };
    expect(run({ packages: [gems] }).issues[0]!.message).toMatch(/1 RubyGems package\(s\) were NOT checked/);
  });
});

describe('release-aware vulndb matching', () => {
  it('releaseMatches: the same release or a sub-stream of it', () => {
    expect(releaseMatches('12', '12')).toBe(true);
    expect(releaseMatches('v3.1', 'v3.19')).toBe(false);
    expect(releaseMatches('enterprise_linux:9', 'enterprise_linux:9::appstream')).toBe(true);
    expect(releaseMatches('22.04:LTS', '22.04')).toBe(false);
    expect(releaseMatches('12', null)).toBe(false);
  });

  it('without releaseOf every release matches (the deps scanner\'s behaviour is unchanged)', () => {
    const p = { ecosystem: 'Debian' as const, name: 'openssl', version: '3.0.11-1', purl: '', direct: true, dev: false, pinned: true, source: 'x' };
    expect(matchPackages(db, [p]).map((m) => m.id).sort()).toEqual(['DEB-UNFIXED', 'DSA-11-OPENSSL', 'DSA-12-OPENSSL']);
    expect(matchPackages(db, [p], undefined, { releaseOf: () => '11' }).map((m) => m.id)).toEqual(['DSA-11-OPENSSL']);
  });

  it('hasAdvisories by ecosystem and by release', () => {
    expect(hasAdvisories(db, 'Debian')).toBe(true);
    expect(hasAdvisories(db, 'Debian', '12')).toBe(true);
    expect(hasAdvisories(db, 'Debian', '13')).toBe(false);
    expect(hasAdvisories(db, 'Maven')).toBe(false);
  });

  it('versionScheme orders Ubuntu as dpkg and Rocky Linux / Red Hat as rpm', () => {
    expect(versionScheme('Ubuntu:22.04:LTS')!.compare('1.0-1ubuntu1', '1.0-1ubuntu1.1')).toBeLessThan(0);
    expect(versionScheme('Ubuntu')!.compare('1:1.0', '2.0')).toBeGreaterThan(0);
    expect(versionScheme('Rocky Linux:9')!.compare('1.0-1.el9', '1.0-1.el9_2')).toBeLessThan(0);
    expect(versionScheme('Red Hat:enterprise_linux:9::appstream')!.compare('1:1.0-1', '2.0-1')).toBeGreaterThan(0);
  });
});

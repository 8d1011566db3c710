import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOsv } from '../../src/vulndb/import.js';
import { matchPackages, type Match } from '../../src/vulndb/match.js';
import type { Db } from '../../src/vulndb/store.js';
import type { VersionScheme } from '../../src/scanners/deps/version.js';
import { FIXTURES, pkg } from './helpers/fixtures.js';
import { freshDb, rm } from './helpers/db.js';

let db: Db;
let dir: string;
beforeAll(async () => {
  const f = freshDb();
  db = f.db;
  dir = f.dir;
  await importOsv(db, FIXTURES);
});
afterAll(() => {
  db.close();
  rm(dir);
});

const ids = (ms: Match[]): string[] => ms.map((m) => m.id).sort();

describe('matchPackages', () => {
  it('introduced/fixed intervals; a CVE shared by two records is one match under the richer id', () => {
    const [m, ...rest] = matchPackages(db, [pkg('npm', 'vuln-lib', '1.0.0')]).filter((x) => x.aliases.includes('CVE-2099-0001'));
    expect(rest).toEqual([]);
    expect(m).toMatchObject({
      id: 'GHSA-1111-2222-3333',
      aliases: ['CVE-2099-0001', 'x_TEST-0001'],
      records: ['GHSA-1111-2222-3333', 'x_TEST-0001'],
      summary: 'Prototype pollution in vuln-lib',
      severity: { score: 9.8, bucket: 'critical', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', source: 'CVSS_V3' },
      fixedVersions: ['1.2.3', '2.1.0'],
      smallestFix: '1.2.3',
    });
    expect(m!.affectedRanges).toBe('<1.2.3 || >=2.0.0 <2.1.0');
  });

  it('fixed is exclusive, last_affected inclusive', () => {
    expect(ids(matchPackages(db, [pkg('npm', 'vuln-lib', '1.2.3')]))).toEqual([]);
    expect(ids(matchPackages(db, [pkg('npm', 'vuln-lib', '1.1.0')]))).toEqual(['CVE-2099-0002', 'GHSA-1111-2222-3333']);
    expect(ids(matchPackages(db, [pkg('npm', 'vuln-lib', '1.1.1')]))).toEqual(['GHSA-1111-2222-3333']);
    const [second] = matchPackages(db, [pkg('npm', 'vuln-lib', '2.0.5')]);
    expect(second).toMatchObject({ id: 'GHSA-1111-2222-3333', fixedVersions: ['2.1.0'], smallestFix: '2.1.0' });
  });

  it('last_affected only: unfixed, with an empty fixed list; CVSS v4 preferred', () => {
    const m = matchPackages(db, [pkg('npm', 'vuln-lib', '1.0.5')]).find((x) => x.id === 'CVE-2099-0002')!;
    expect(m.fixedVersions).toEqual([]);
    expect(m.smallestFix).toBeUndefined();
    expect(m.severity).toMatchObject({ score: 9.3, bucket: 'critical', source: 'CVSS_V4' });
    expect(m.affectedRanges).toBe('>=1.0.0 <=1.1.0');
  });

  it('limit bounds a range; GHSA word severity when there is no vector', () => {
    expect(ids(matchPackages(db, [pkg('npm', 'limited', '1.9.0')]))).toEqual([]);
    const [m] = matchPackages(db, [pkg('npm', 'limited', '2.5.0')]);
    expect(m).toMatchObject({ id: 'GHSA-4444-5555-6666', fixedVersions: [], severity: { bucket: 'medium', source: 'database_specific' } });
    expect(ids(matchPackages(db, [pkg('npm', 'limited', '3.0.0')]))).toEqual([]);
  });

  it('smallest fix: same major first, else the smallest overall', () => {
    expect(matchPackages(db, [pkg('npm', 'major-jump', '1.4.0')])[0]).toMatchObject({ fixedVersions: ['3.0.0'], smallestFix: '3.0.0' });
    expect(matchPackages(db, [pkg('Go', 'example.com/mod', 'v2.1.0')])[0]).toMatchObject({ fixedVersions: ['2.3.4'], smallestFix: '2.3.4' });
  });

  it('Go: v-prefixed and +incompatible versions against SEMVER events; GO and GHSA records are one match', () => {
    const ms = matchPackages(db, [pkg('Go', 'example.com/mod', 'v1.1.0')]);
    expect(ms).toHaveLength(1);
    expect(ms[0]).toMatchObject({
      id: 'GHSA-gggg-oooo-0001',
      aliases: ['CVE-2099-2000', 'GO-2099-0001'],
      fixedVersions: ['1.2.0', '2.3.4'],
      smallestFix: '1.2.0',
      severity: { bucket: 'high', score: 7.5 },
    });
    expect(matchPackages(db, [pkg('Go', 'example.com/mod', 'v2.2.0+incompatible')]).map((m) => m.id)).toEqual(['GO-2099-0001']);
    expect(matchPackages(db, [pkg('Go', 'example.com/mod', 'v1.2.0')])).toEqual([]);
    expect(matchPackages(db, [pkg('Go', 'example.com/MOD', 'v1.1.0')])).toEqual([]); // module paths are exact
  });

  it('PyPI: PEP 503 names, ECOSYSTEM ranges in PEP 440 order, explicit versions lists, GIT ranges ignored', () => {
    const [m] = matchPackages(db, [pkg('PyPI', 'django.thing', '1.4')]);
    expect(m).toMatchObject({ id: 'PYSEC-2099-1', aliases: ['CVE-2099-1000', 'GHSA-aaaa-bbbb-cccc'], fixedVersions: ['1.4.2', '2.0.1'], smallestFix: '1.4.2' });
    expect(m!.affectedRanges).toBe('>=1.0 <1.4.2 || >=2.0rc1 <2.0.1');
    expect(ids(matchPackages(db, [pkg('PyPI', 'Django-Thing', '2.0.0')]))).toEqual(['PYSEC-2099-1']); // 2.0rc1 <= 2.0.0 < 2.0.1
    expect(ids(matchPackages(db, [pkg('PyPI', 'DJANGO__THING', '1.4.2')]))).toEqual([]);
    expect(ids(matchPackages(db, [pkg('PyPI', 'git-only-pkg', '0.5.0')]))).toEqual(['PYSEC-2099-2']);
    expect(ids(matchPackages(db, [pkg('PyPI', 'git-only-pkg', '0.6.0')]))).toEqual([]);
    expect(matchPackages(db, [pkg('PyPI', 'git-only-pkg', '0.5.0')])[0]!.affectedRanges).toBe('versions: 0.5.0');
  });

  it('withdrawn records are never reported; unpinned packages are never matched', () => {
    expect(matchPackages(db, [pkg('crates.io', 'withdrawn-crate', '0.1.0')])).toEqual([]);
    expect(matchPackages(db, [pkg('npm', 'vuln-lib', '>=1.0.0', { pinned: false })])).toEqual([]);
    expect(ids(matchPackages(db, [pkg('crates.io', 'cvss4-crate', '0.4.9')]))).toEqual(['RUSTSEC-2099-0002']);
  });

  it('takes the scheme lookup as a parameter; an ecosystem without one is unresolved, not clean', () => {
    const unresolved: string[] = [];
    const none = (): VersionScheme | undefined => undefined;
    const ms = matchPackages(db, [pkg('PyPI', 'django-thing', '1.2'), pkg('PyPI', 'django-thing', '1.1')], none, {
      onUnresolved: (p, id, why) => unresolved.push(`${p.version} ${id}: ${why}`),
    });
    // 1.1 is in the explicit versions list, so it still matches without any ordering.
    expect(ms.map((m) => m.package.version)).toEqual(['1.1']);
    expect(unresolved).toEqual(['1.2 PYSEC-2099-1: no version ordering for ecosystem PyPI']);
  });

  it('many packages in one call, unknown names skipped cheaply', () => {
    const many = Array.from({ length: 5000 }, (_, i) => pkg('npm', i % 50 === 0 ? 'vuln-lib' : `pkg-${i}`, '1.0.0'));
    const ms = matchPackages(db, many);
    expect(ms).toHaveLength(200); // GHSA-1111-2222-3333 (with its alias) and CVE-2099-0002, for each of 100
    expect(new Set(ms.map((m) => m.id))).toEqual(new Set(['GHSA-1111-2222-3333', 'CVE-2099-0002']));
  });
});

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { importOsv } from '../../src/vulndb/import.js';
import type { Db } from '../../src/vulndb/store.js';
import { FIXTURES, ecosystemZip, fixture, fixtureFiles } from './helpers/fixtures.js';
import { freshDb, rm } from './helpers/db.js';
import { makeZip } from './helpers/zip.js';

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

function setup(): { db: Db; dir: string } {
  const f = freshDb();
  cleanup.push(() => {
    f.db.close();
    rm(f.dir);
  });
  return f;
}

const count = (db: Db, sql: string, ...args: unknown[]): number => db.prepare(sql).pluck().get(...args) as number;

describe('importOsv', () => {
  it('imports a directory of JSON records; bad ones become issues naming the file', async () => {
    const { db } = setup();
    const r = await importOsv(db, FIXTURES);
    expect(r.records).toBe(fixtureFiles().length);
    expect(r.skipped).toBe(4);
    const bad = r.issues.map((i) => [i.path.split('/').pop(), i.message]);
    expect(bad).toEqual(
      expect.arrayContaining([
        ['broken-missing-id.json', expect.stringContaining('id')],
        ['broken-not-json.json', expect.stringContaining('not JSON')],
        ['broken-range-type.json', expect.stringContaining('affected.0.ranges.0.type')],
        ['broken-two-events-in-one.json', expect.stringContaining('events')],
      ]),
    );
    expect(r.ecosystems.map((e) => [e.ecosystem, e.mode, e.records])).toEqual([
      ['Go', 'merge', 2],
      ['PyPI', 'merge', 2],
      ['crates.io', 'merge', 2],
      ['npm', 'merge', 5],
    ]);
    // Withdrawn: stored (status, lookups), never an affected row.
    expect(count(db, "SELECT COUNT(*) FROM advisories WHERE id = 'RUSTSEC-2099-0001' AND withdrawn IS NOT NULL")).toBe(1);
    expect(count(db, "SELECT COUNT(*) FROM affected WHERE name = 'withdrawn-crate'")).toBe(0);
    // PEP 503 names; CVSS at import; aliases table.
    expect(count(db, "SELECT COUNT(*) FROM affected WHERE ecosystem = 'PyPI' AND name = 'django-thing' AND package = 'Django_Thing'")).toBe(1);
    expect(db.prepare("SELECT severity_score, severity_bucket, severity_source FROM advisories WHERE id = 'CVE-2099-0002'").get()).toEqual({
      severity_score: 9.3,
      severity_bucket: 'critical',
      severity_source: 'CVSS_V4',
    });
    expect(db.prepare("SELECT id FROM aliases WHERE alias = 'CVE-2099-0001' ORDER BY id").pluck().all()).toEqual(['GHSA-1111-2222-3333', 'x_TEST-0001']);
    // Re-importing the same records upserts, never duplicates.
    await importOsv(db, FIXTURES);
    expect(count(db, 'SELECT COUNT(*) FROM advisories')).toBe(fixtureFiles().length);
  });

  it('imports one JSON record, and refuses a JSON file that is not one', async () => {
    const { db, dir } = setup();
    const r = await importOsv(db, join(FIXTURES, 'GO-2099-0001.json'));
    expect(r.records).toBe(1);
    expect(count(db, "SELECT COUNT(*) FROM affected WHERE ecosystem = 'Go' AND name = 'example.com/mod'")).toBe(1);
    const bad = join(dir, 'package.json');
    writeFileSync(bad, '{"name": "x", "version": "1.0.0"}');
    await expect(importOsv(db, bad)).rejects.toThrow(/package\.json: not an OSV record/);
  });

  it('streams a zip export and replaces the ecosystem it holds', async () => {
    const { db, dir } = setup();
    const zip = join(dir, 'npm.zip');
    writeFileSync(zip, ecosystemZip('npm'));
    const first = await importOsv(db, zip);
    expect(first.ecosystems).toEqual([{ ecosystem: 'npm', mode: 'replace', records: 5, withdrawn: 0, affected: 5, skipped: 0 }]);
    // A newer export without two of the records: they are gone afterwards (replace, not merge).
    writeFileSync(zip, makeZip([{ name: 'GHSA-1111-2222-3333.json', data: fixture('GHSA-1111-2222-3333.json') }, { name: 'CVE-2099-0002.json', data: fixture('CVE-2099-0002.json'), store: true }, { name: 'GHSA-7777-8888-9999.json', data: fixture('GHSA-7777-8888-9999.json') }]));
    await importOsv(db, zip);
    expect(db.prepare("SELECT id FROM advisories WHERE ecosystem = 'npm' ORDER BY id").pluck().all()).toEqual(['CVE-2099-0002', 'GHSA-1111-2222-3333', 'GHSA-7777-8888-9999']);
    expect(db.prepare("SELECT records FROM sources WHERE ecosystem = 'npm'").pluck().get()).toBe(3);
  });

  it('refuses path-escaping, absolute and non-JSON entries with an issue and imports the rest', async () => {
    const { db, dir } = setup();
    const zip = join(dir, 'evil.zip');
    writeFileSync(
      zip,
      makeZip([
        { name: '../evil.json', data: fixture('GHSA-4444-5555-6666.json') },
        { name: '/etc/abs.json', data: fixture('GHSA-4444-5555-6666.json') },
        { name: 'a\\..\\..\\win.json', data: fixture('GHSA-4444-5555-6666.json') },
        { name: 'README.md', data: '# hello' },
        { name: 'GHSA-1111-2222-3333.json', data: fixture('GHSA-1111-2222-3333.json') },
      ]),
    );
    const r = await importOsv(db, zip);
    expect(r.records).toBe(1);
    expect(r.issues.map((i) => i.path)).toEqual([`${zip}!/../evil.json`, `${zip}!/etc/abs.json`.replace('!/etc', '!//etc'), `${zip}!/a\\..\\..\\win.json`, `${zip}!/README.md`]);
    expect(r.issues[0]!.message).toMatch(/unsafe name/);
    expect(r.issues[3]!.message).toMatch(/not a \.json entry/);
    expect(count(db, "SELECT COUNT(*) FROM advisories WHERE id = 'GHSA-4444-5555-6666'")).toBe(0);
  });

  it('a zip that is not an OSV export: error naming the file, database unchanged', async () => {
    const { db, dir } = setup();
    await importOsv(db, join(FIXTURES, 'GHSA-1111-2222-3333.json'));
    const zip = join(dir, 'photos.zip');
    writeFileSync(zip, makeZip([{ name: 'a.json', data: '{"hello": "world"}' }, { name: 'b.txt', data: 'x' }]));
    const err = await importOsv(db, zip).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe('E_VULNDB_NOT_OSV');
    expect((err as Error).message).toContain(zip);
    expect(count(db, 'SELECT COUNT(*) FROM advisories')).toBe(1);
    expect(db.inTransaction).toBe(false);
  });

  it('a truncated zip: error naming the file, database unchanged', async () => {
    const { db, dir } = setup();
    await importOsv(db, join(FIXTURES, 'GHSA-1111-2222-3333.json'));
    const whole = ecosystemZip('npm');
    const zip = join(dir, 'cut.zip');
    writeFileSync(zip, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const err = await importOsv(db, zip).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe('E_VULNDB_ZIP');
    expect((err as Error).message).toMatch(/cut\.zip: not a readable zip/);
    expect(count(db, 'SELECT COUNT(*) FROM advisories')).toBe(1);
  });

  it('reads an osv.dev-shaped mirror folder (ecosystems.txt, <Ecosystem>/all.zip), one ecosystem per transaction', async () => {
    const { db, dir } = setup();
    const mirror = join(dir, 'osv');
    for (const eco of ['npm', 'crates.io', 'Go']) {
      mkdirSync(join(mirror, eco), { recursive: true });
      writeFileSync(join(mirror, eco, 'all.zip'), ecosystemZip(eco));
    }
    writeFileSync(join(mirror, 'ecosystems.txt'), 'npm\ncrates.io\nGo\n');
    const r = await importOsv(db, mirror, { ecosystems: ['npm', 'crates.io'] });
    expect(r.ecosystems.map((e) => [e.ecosystem, e.records, e.withdrawn])).toEqual([
      ['crates.io', 2, 1],
      ['npm', 5, 0],
    ]);
    const src = db.prepare("SELECT url, records FROM sources WHERE ecosystem = 'crates.io'").get() as { url: string; records: number };
    expect(src).toEqual({ url: join(mirror, 'crates.io', 'all.zip'), records: 2 });
    expect(readFileSync(join(mirror, 'ecosystems.txt'), 'utf8')).toContain('Go');
  });

  it('a zip of one ecosystem does not replace another ecosystem named by a few of its records', async () => {
    const { db, dir } = setup();
    await importOsv(db, join(FIXTURES, 'RUSTSEC-2099-0002.json'));
    const multi = JSON.parse(fixture('GHSA-4444-5555-6666.json')) as { affected: unknown[] };
    multi.affected.push({ package: { ecosystem: 'crates.io', name: 'also-here' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] });
    const zip = join(dir, 'npm-export.zip');
    writeFileSync(zip, makeZip([{ name: 'GHSA-4444-5555-6666.json', data: JSON.stringify(multi) }, { name: 'GHSA-1111-2222-3333.json', data: fixture('GHSA-1111-2222-3333.json') }, { name: 'x_TEST-0001.json', data: fixture('x_TEST-0001.json') }]));
    const r = await importOsv(db, zip);
    expect(r.ecosystems.map((e) => e.ecosystem)).toEqual(['npm']);
    expect(count(db, "SELECT COUNT(*) FROM advisories WHERE ecosystem = 'crates.io' AND id = 'RUSTSEC-2099-0002'")).toBe(1);
  });
});

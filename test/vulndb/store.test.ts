import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { importOsv } from '../../src/vulndb/import.js';
import { importIntoDb } from '../../src/vulndb/index.js';
import { matchPackages } from '../../src/vulndb/match.js';
import { dbStatus, staleness } from '../../src/vulndb/status.js';
import { defaultDbPath, openDbForBuild, openDbReadOnly } from '../../src/vulndb/store.js';
import { FIXTURES, pkg } from './helpers/fixtures.js';
import { rm, tmpDir } from './helpers/db.js';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rm(d);
  dirs = [];
});
function dir(): string {
  const d = tmpDir();
  dirs.push(d);
  return d;
}

function expectInputError(fn: () => unknown, code: string, path: string): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InputError);
  expect((err as InputError).code).toBe(code);
  expect((err as InputError).exitCode).toBe(2);
  expect((err as Error).message).toContain(path);
}

describe('store', () => {
  it('defaults to the user cache dir', () => {
    expect(defaultDbPath()).toMatch(/rampart.*vulndb\.sqlite$/);
  });

  it('a missing file says how to get one', () => {
    const p = join(dir(), 'none.sqlite');
    expectInputError(() => openDbReadOnly(p), 'E_VULNDB_MISSING', p);
    expect(() => openDbReadOnly(p)).toThrow(/rampart db update/);
  });

  it('a corrupt file: clear error naming it, bytes untouched (open, status, import)', async () => {
    const p = join(dir(), 'vulndb.sqlite');
    const garbage = Buffer.from('SQLite format 3\u0000'.padEnd(4096, '\u00ff'), 'latin1');
    writeFileSync(p, garbage);
    expectInputError(() => openDbReadOnly(p), 'E_VULNDB_CORRUPT', p);
    expectInputError(() => dbStatus(p), 'E_VULNDB_CORRUPT', p);
    await expect(importIntoDb(p, FIXTURES)).rejects.toThrow(/corrupt/);
    expect(readFileSync(p).equals(garbage)).toBe(true);
    writeFileSync(p, 'hello, not a database at all');
    expectInputError(() => openDbReadOnly(p), 'E_VULNDB_CORRUPT', p);
    expect(readFileSync(p, 'utf8')).toBe('hello, not a database at all');
  });

  it('a SQLite file that is not ours is refused by name', () => {
    const p = join(dir(), 'other.sqlite');
    const other = new Database(p);
    other.exec('CREATE TABLE t (x)');
    other.close();
    expectInputError(() => openDbReadOnly(p), 'E_VULNDB_CORRUPT', p);
  });

  it('a locked file: clear error naming it, data untouched, usable once released', async () => {
    const p = join(dir(), 'vulndb.sqlite');
    await importIntoDb(p, FIXTURES);
    const before = readFileSync(p);
    const locker = new Database(p);
    locker.pragma('locking_mode = EXCLUSIVE');
    locker.exec('BEGIN EXCLUSIVE');
    try {
      expectInputError(() => openDbReadOnly(p, { timeoutMs: 50 }), 'E_VULNDB_LOCKED', p);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    expect(readFileSync(p).equals(before)).toBe(true);
    const db = openDbReadOnly(p);
    expect(matchPackages(db, [pkg('npm', 'vuln-lib', '1.0.0')]).length).toBeGreaterThan(0);
    db.close();
  });

  it('read-only connections cannot write', async () => {
    const p = join(dir(), 'vulndb.sqlite');
    await importIntoDb(p, join(FIXTURES, 'GO-2099-0001.json'));
    const db = openDbReadOnly(p);
    expect(() => db.exec('DELETE FROM advisories')).toThrow(/readonly/);
    db.close();
  });
});

describe('status', () => {
  it('reports age, per-ecosystem counts and sources, and warns when stale or missing', async () => {
    const p = join(dir(), 'vulndb.sqlite');
    const db = openDbForBuild(p);
    await importOsv(db, FIXTURES, { now: () => new Date('2099-01-01T00:00:00Z') });
    db.close();
    const s = dbStatus(p);
    expect(s.schemaVersion).toBe(1);
    expect(s.records).toBe(11);
    expect(s.oldestCheck).toBe('2099-01-01T00:00:00.000Z');
    expect(s.ecosystems.find((e) => e.ecosystem === 'crates.io')).toMatchObject({ records: 2, withdrawn: 1, source: FIXTURES });
    expect(staleness(s, { now: new Date('2099-01-05T00:00:00Z') })).toBeUndefined();
    expect(staleness(s, { now: new Date('2099-01-10T00:00:00Z') })).toMatch(/older than 7 days: Go \(9 days\), PyPI \(9 days\)/);
    expect(staleness(s, { now: new Date('2099-01-10T00:00:00Z'), maxAgeDays: 30 })).toBeUndefined();
    expect(staleness(s, { now: new Date('2099-01-02T00:00:00Z'), ecosystems: ['npm', 'Maven'] })).toMatch(/no data for Maven.*rampart db update/);
  });
});

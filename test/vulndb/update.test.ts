import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { matchPackages } from '../../src/vulndb/match.js';
import { dbStatus } from '../../src/vulndb/status.js';
import { openDbReadOnly } from '../../src/vulndb/store.js';
import { exportUrl, NetworkError, updateDb, type UpdateProgress } from '../../src/vulndb/update.js';
import { ecosystemZip, fixture, pkg } from './helpers/fixtures.js';
import { rm, tmpDir } from './helpers/db.js';
import { MirrorServer } from './helpers/server.js';
import { makeZip } from './helpers/zip.js';

let server: MirrorServer;
let dir: string;
let dbPath: string;

beforeEach(async () => {
  server = new MirrorServer();
  server.files.set('/npm/all.zip', { body: ecosystemZip('npm') });
  server.files.set('/crates.io/all.zip', { body: ecosystemZip('crates.io') });
  server.files.set('/Go/all.zip', { body: ecosystemZip('Go') });
  await server.start();
  dir = tmpDir();
  dbPath = join(dir, 'cache', 'vulndb.sqlite');
});
afterEach(async () => {
  await server.stop();
  rm(dir);
});

function answers(): number {
  const db = openDbReadOnly(dbPath);
  try {
    return matchPackages(db, [pkg('npm', 'vuln-lib', '1.0.0'), pkg('crates.io', 'cvss4-crate', '0.1.0')]).length;
  } finally {
    db.close();
  }
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('updateDb', () => {
  it('URL-encodes ecosystem names', () => {
    expect(exportUrl('https://m.example/osv/', 'crates.io')).toBe('https://m.example/osv/crates.io/all.zip');
    expect(exportUrl('https://m.example', 'Rocky Linux')).toBe('https://m.example/Rocky%20Linux/all.zip');
  });

  it('downloads each ecosystem with progress, then answers; 304 keeps the data and refreshes the check time', async () => {
    const progress: UpdateProgress[] = [];
    const r = await updateDb({ dbPath, source: server.url, ecosystems: ['npm', 'crates.io'], onProgress: (p) => progress.push(p) });
    expect(r.ecosystems.map((e) => [e.ecosystem, e.status, e.records])).toEqual([
      ['npm', 'updated', 5],
      ['crates.io', 'updated', 2],
    ]);
    const dl = progress.filter((p) => p.phase === 'download' && p.ecosystem === 'npm');
    expect(dl.at(-1)).toEqual({ ecosystem: 'npm', phase: 'download', bytes: ecosystemZip('npm').length, total: ecosystemZip('npm').length });
    expect(answers()).toBe(3);
    const first = dbStatus(dbPath);
    expect(first.ecosystems.map((e) => [e.ecosystem, e.source])).toEqual([
      ['crates.io', `${server.url}/crates.io/all.zip`],
      ['npm', `${server.url}/npm/all.zip`],
    ]);
    expect(first.ecosystems[0]!.etag).toMatch(/^"/);

    await new Promise((r) => setTimeout(r, 5));
    const again = await updateDb({ dbPath, source: server.url, ecosystems: ['npm', 'crates.io'] });
    expect(again.ecosystems.map((e) => e.status)).toEqual(['not-modified', 'not-modified']);
    const conditional = server.requests.slice(-2);
    expect(conditional.every((q) => q.ifNoneMatch?.startsWith('"') && q.ifModifiedSince === 'Wed, 01 Jan 2099 00:00:00 GMT')).toBe(true);
    const second = dbStatus(dbPath);
    expect(second.ecosystems.map((e) => e.importedAt)).toEqual(first.ecosystems.map((e) => e.importedAt));
    expect(second.ecosystems[0]!.checkedAt! > first.ecosystems[0]!.checkedAt!).toBe(true);
    expect(answers()).toBe(3);

    // A changed export replaces that ecosystem only.
    server.files.set('/npm/all.zip', { body: makeZip([{ name: 'GHSA-4444-5555-6666.json', data: fixture('GHSA-4444-5555-6666.json') }]) });
    const third = await updateDb({ dbPath, source: server.url, ecosystems: ['npm', 'crates.io'] });
    expect(third.ecosystems.map((e) => e.status)).toEqual(['updated', 'not-modified']);
    expect(answers()).toBe(1);
    expect(readdirSync(join(dir, 'cache'))).toEqual(['vulndb.sqlite']);
  });

  it('a 500 on a later ecosystem leaves the previous database intact and working', async () => {
    await updateDb({ dbPath, source: server.url, ecosystems: ['npm', 'crates.io'] });
    const before = readFileSync(dbPath);
    server.files.set('/npm/all.zip', { body: makeZip([{ name: 'GHSA-4444-5555-6666.json', data: fixture('GHSA-4444-5555-6666.json') }]) });
    server.files.set('/crates.io/all.zip', { body: Buffer.alloc(0), status: 500 });
    const err = await updateDb({ dbPath, source: server.url, ecosystems: ['npm', 'crates.io'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toMatch(/crates\.io\/all\.zip: HTTP 500.*unchanged/);
    expect(readFileSync(dbPath).equals(before)).toBe(true);
    expect(answers()).toBe(3);
    expect(readdirSync(join(dir, 'cache'))).toEqual(['vulndb.sqlite']);
  });

  it('a connection cut mid-download and a served zip that is not OSV both leave the old database', async () => {
    await updateDb({ dbPath, source: server.url, ecosystems: ['npm'] });
    const before = readFileSync(dbPath);
    const body = makeZip([{ name: 'GHSA-4444-5555-6666.json', data: fixture('GHSA-4444-5555-6666.json') }]);
    server.files.set('/npm/all.zip', { body, cutAfter: 40 });
    await expect(updateDb({ dbPath, source: server.url, ecosystems: ['npm'] })).rejects.toThrow(/npm\/all\.zip.*unchanged/);
    server.files.set('/npm/all.zip', { body: makeZip([{ name: 'a.json', data: '{"not": "osv"}' }]) });
    const err = await updateDb({ dbPath, source: server.url, ecosystems: ['npm'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(new RegExp(`^${server.url}/npm/all\\.zip: not an OSV export.*unchanged`));
    expect(readFileSync(dbPath).equals(before)).toBe(true);
    expect(readdirSync(join(dir, 'cache'))).toEqual(['vulndb.sqlite']);
  });

  it('connection refused: clear error, old database still opens and answers', async () => {
    await updateDb({ dbPath, source: server.url, ecosystems: ['npm', 'crates.io'] });
    const before = readFileSync(dbPath);
    const port = await closedPort();
    const err = await updateDb({ dbPath, source: `http://127.0.0.1:${port}`, ecosystems: ['npm'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe('E_NETWORK');
    expect((err as NetworkError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(/cannot download .*ECONNREFUSED.*unchanged.*rampart db import/);
    expect(readFileSync(dbPath).equals(before)).toBe(true);
    expect(answers()).toBe(3);
  });

  it('no previous database and no network: nothing is created', async () => {
    const port = await closedPort();
    await expect(updateDb({ dbPath, source: `http://127.0.0.1:${port}`, ecosystems: ['npm'] })).rejects.toThrow(NetworkError);
    expect(existsSync(dbPath)).toBe(false);
  });

  it('an unknown ecosystem is a 404 with a hint', async () => {
    await expect(updateDb({ dbPath, source: server.url, ecosystems: ['NPM'] })).rejects.toThrow(/HTTP 404.*case-sensitive/);
  });
});

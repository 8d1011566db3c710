import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { AuditLog, loadPublicKey } from '../../src/server/audit/log.js';
import { verifyAudit } from '../../src/server/audit/verify.js';
import { checkWorkersPossible } from '../../src/server/cluster.js';
import { resolveServerConfig } from '../../src/server/config.js';
import { UsageError } from '../../src/core/errors.js';
import { shareIdentityEpoch } from '../../src/server/identity/epoch.js';
import { initServer } from '../../src/server/init.js';
import { serverModules } from '../../src/server/modules.js';
import { runServer } from '../../src/server/run.js';
import { openStore } from '../../src/store/db.js';

/**
 * `rampart server --http-workers N` (server/cluster.ts): N processes on one SQLite file. Here two
 * workers run in this process as the CLI composes them (runServer with `worker`, production
 * modules), each with its own store connections, writer thread, caches and limiter; what one
 * process changes must be seen by the other through the database alone. (The identity epoch is
 * read from the database in worker mode, never from this process's counter, so sharing a process
 * does not let a change through by the back door.) Process lifecycle (SIGKILL of the primary, the
 * CLI's refusals) is tested end to end in test/e2e/server-workers.test.ts.
 */

const root = mkdtempSync(join(tmpdir(), 'rampart-workers-'));
const dataDir = join(root, 'data');
let admin = '';
const stops: { ac: AbortController; stopped: Promise<void> }[] = [];
let w1 = '';
let w2 = '';

async function startWorker(index: number): Promise<string> {
  const ac = new AbortController();
  let stopped!: Promise<void>;
  const url = await new Promise<string>((resolve, reject) => {
    stopped = runServer({ host: '127.0.0.1', port: 0, dataDir, httpWorkers: 2 }, { signal: ac.signal, modules: serverModules, logger: false, worker: { index, count: 2 }, onListening: (u) => resolve(u) });
    stopped.catch(reject);
  });
  stops.push({ ac, stopped });
  return url;
}

async function call(url: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const r = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined };
}

/** Workers 2..N first, then worker 1 (its final checkpoint covers the others' entries), as the primary does. */
async function stopAll(): Promise<void> {
  for (const s of stops.slice(1).concat(stops.slice(0, 1))) {
    s.ac.abort();
    await s.stopped;
  }
  stops.length = 0;
}

beforeAll(async () => {
  admin = (await initServer({ dataDir })).token;
  await checkWorkersPossible({ ...resolveServerConfig({ dataDir }), httpWorkers: 2 });
  w1 = await startWorker(1);
  w2 = await startWorker(2);
  expect((await call(w1, admin, 'POST', '/api/v1/projects', { name: 'p' })).status).toBe(201);
}, 60_000);

afterAll(async () => {
  await stopAll().catch(() => undefined);
  shareIdentityEpoch(undefined);
  rmSync(root, { recursive: true, force: true });
});

describe('two HTTP workers on one SQLite file', () => {
  it('a token revoked through one worker is refused at once by the other, whose cache held it', async () => {
    const sa = await call(w1, admin, 'POST', '/api/v1/service-accounts', { name: 'bot' });
    expect(sa.status).toBe(201);
    const tok = await call(w1, admin, 'POST', `/api/v1/service-accounts/${sa.json.id}/tokens`, { name: 't' });
    expect(tok.status).toBe(201);
    // Both workers authenticate it (and cache its principal).
    for (const url of [w1, w2, w2]) expect((await call(url, tok.json.token, 'GET', '/api/v1/whoami')).status).toBe(200);
    expect((await call(w1, admin, 'DELETE', `/api/v1/service-accounts/${sa.json.id}/tokens/${tok.json.id}`)).status).toBe(200);
    // The very next request to the other worker: well inside its cache's 2 s TTL.
    expect((await call(w2, tok.json.token, 'GET', '/api/v1/whoami')).status).toBe(401);
    expect((await call(w1, tok.json.token, 'GET', '/api/v1/whoami')).status).toBe(401);
  });

  it('a secret written through one worker is read at its new version through the other at once', async () => {
    const path = '/api/v1/projects/p/secrets/db/password';
    expect((await call(w1, admin, 'PUT', path, { value: 'one' })).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await call(w2, admin, 'GET', path)).json).toMatchObject({ value: 'one', version: 1 });
    expect((await call(w1, admin, 'PUT', path, { value: 'two' })).status).toBe(200);
    expect((await call(w2, admin, 'GET', path)).json).toMatchObject({ value: 'two', version: 2 });
    // And the other way round.
    expect((await call(w2, admin, 'PUT', path, { value: 'three' })).status).toBe(200);
    expect((await call(w1, admin, 'GET', path)).json).toMatchObject({ value: 'three', version: 3 });
  });

  it('failed logins count across workers: failures on one block the address on the other', async () => {
    const bad = `rmp_${'x'.repeat(40)}`;
    // 10 free failures per address (identity/login-limit.ts), spread over both workers (the revoked
    // token's two 401s above count too): per-process counters would allow 10 on each.
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await call(i % 2 ? w1 : w2, bad, 'GET', '/api/v1/whoami')).status);
    expect(statuses.every((c) => c === 401 || c === 429)).toBe(true);
    expect(statuses.filter((c) => c === 401).length).toBeLessThanOrEqual(10);
    const next = await call(w1, bad, 'GET', '/api/v1/whoami');
    const other = await call(w2, bad, 'GET', '/api/v1/whoami');
    expect([next.status, other.status]).toEqual([429, 429]);
    // A valid token from the same address is still served (review M5), by both.
    expect((await call(w2, admin, 'GET', '/api/v1/whoami')).status).toBe(200);
    expect((await call(w1, admin, 'GET', '/api/v1/whoami')).status).toBe(200);
  });

  it('sealing or rotating the master key through one worker is refused (it would change that process only)', async () => {
    for (const path of ['/api/v1/sys/seal', '/api/v1/sys/rotate-master-key']) {
      const r = await call(w2, admin, 'POST', path);
      expect(r.status).toBe(409);
      expect(r.json.error.message).toMatch(/--http-workers 1/);
    }
    // The vault still answers on both.
    expect((await call(w1, admin, 'GET', '/api/v1/projects/p/secrets/db/password')).status).toBe(200);
  });

  it('a mixed load through both workers keeps one hash chain; worker 1 alone signs, and the log verifies', async () => {
    const path = '/api/v1/projects/p/secrets/app/key';
    expect((await call(w2, admin, 'PUT', path, { value: 'v0' })).status).toBe(200);
    const jobs: Promise<{ status: number }>[] = [];
    for (let i = 0; i < 300; i++) {
      const url = i % 2 ? w1 : w2;
      jobs.push(i % 10 === 0 ? call(url, admin, 'PUT', path, { value: `v${i}` }) : call(url, admin, 'GET', path));
    }
    expect((await Promise.all(jobs)).every((r) => r.status === 200)).toBe(true);
    await stopAll();
    const store = await openStore({ dataDir });
    try {
      const report = await verifyAudit(store, loadPublicKey(dataDir));
      expect(report.ok, JSON.stringify(report).slice(0, 500)).toBe(true);
      expect(report.unsigned).toBe(0);
      const n = Number((await store.db.selectFrom('audit_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
      const top = Number((await store.db.selectFrom('audit_checkpoints').select((eb) => eb.fn.max('tree_size').as('n')).executeTakeFirst())?.n);
      // Worker 1 stopped last: its final checkpoint covers every entry, worker 2's included.
      expect(n).toBeGreaterThan(300);
      expect(top).toBe(n);
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe('--http-workers and the audit log of workers 2..N', () => {
  it('parses 1..32 (default 1: one process, no worker setting at all)', () => {
    expect(resolveServerConfig({ dataDir: root }).httpWorkers).toBeUndefined();
    expect(resolveServerConfig({ dataDir: root, httpWorkers: '1' }).httpWorkers).toBeUndefined();
    expect(resolveServerConfig({ dataDir: root, httpWorkers: '4' }).httpWorkers).toBe(4);
    expect(resolveServerConfig({ dataDir: root }, { RAMPART_HTTP_WORKERS: '3' }).httpWorkers).toBe(3);
    for (const bad of ['0', '33', 'two', '-1', '1.5']) expect(() => resolveServerConfig({ dataDir: root, httpWorkers: bad })).toThrow(UsageError);
  });

  it('with checkpoints: false the log signs none: not on count, not at close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-workers-log-'));
    const store = await openStore({ dataDir: dir });
    try {
      const log = await AuditLog.open(store, { signingKey: generateKeyPairSync('ed25519').privateKey, checkpointEvery: 2, checkpoints: false });
      log.start();
      for (let i = 0; i < 5; i++) await log.append({ actor: 'user:a', action: 'secret.read', resource: 'r', outcome: 'allow', detail: { i } });
      await log.close();
      const cps = await store.db.selectFrom('audit_checkpoints').selectAll().execute();
      expect(cps).toHaveLength(0);
      expect(await store.db.selectFrom('audit_entries').select('seq').execute()).toHaveLength(5);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

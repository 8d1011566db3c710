import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerServer } from '../../../src/cli/server.js';
import { KEY_FILE as AUDIT_KEY_FILE, loadPublicKey } from '../../../src/server/audit/log.js';
import { verifyAudit } from '../../../src/server/audit/verify.js';
import { mintRecoveryToken, RECOVERY_ACTOR } from '../../../src/server/identity/recovery.js';
import { initServer, MASTER_KEY_FILE } from '../../../src/server/init.js';
import { serverModules } from '../../../src/server/modules.js';
import { runServer } from '../../../src/server/run.js';
import { MASTER_KEY_ENV } from '../../../src/server/vault/master-key.js';
import { openStore } from '../../../src/store/db.js';
import { isoAt } from '../../../src/store/schema.js';
import { startPostgres, type PrivatePostgres } from '../../helpers/postgres.js';

/**
 * `rampart server admin-token` (identity/recovery.ts): an admin locked out of every token gets a
 * short-lived admin token on the server host, with the data directory and the master key, while
 * the server runs; audited as local:recovery; refused (exit 2) without the directory or the key.
 */
const roots: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'rampart-recover-'));
  roots.push(d);
  return d;
};
afterAll(() => {
  for (const d of roots) rmSync(d, { recursive: true, force: true });
});

async function serve(dataDir: string, databaseUrl?: string) {
  const ac = new AbortController();
  let url = '';
  let done: Promise<void> = Promise.resolve();
  await new Promise<void>((resolve, reject) => {
    done = runServer({ dataDir, databaseUrl, host: '127.0.0.1', port: 0 }, { signal: ac.signal, logger: false, modules: serverModules, onListening: (u) => ((url = u), resolve()) });
    done.catch(reject);
  });
  return { url, stop: async () => (ac.abort(), await done) };
}

const api = async (url: string, token: string, method: string, path: string, body?: unknown) => {
  const r = await fetch(url + path, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, json: (await r.json().catch(() => null)) as any };
};

/** Every token of the server lapses: the admin is locked out. */
async function expireAll(dataDir: string, databaseUrl?: string) {
  const store = await openStore(databaseUrl ? { databaseUrl } : { dataDir });
  try {
    await store.db.updateTable('api_tokens').set({ expires_at: isoAt(Date.now() - 1000) }).execute();
  } finally {
    await store.close();
  }
}

async function recoveryLocked(url: string, dataDir: string, databaseUrl: string | undefined, locked: string) {
  expect((await api(url, locked, 'GET', '/api/v1/whoami')).status).toBe(401);
  // While the server runs.
  const r = await mintRecoveryToken({ dataDir, databaseUrl, env: {} });
  expect(r).toMatchObject({ username: 'recovery', userCreated: true });
  expect(Date.parse(r.expiresAt) - Date.now()).toBeLessThanOrEqual(3600_000);
  const who = await api(url, r.token, 'GET', '/api/v1/whoami');
  expect(who.status).toBe(200);
  expect(who.json).toMatchObject({ name: 'recovery', bindings: [{ role: 'admin', project: null }], bootstrapToken: true });
  // Its purpose: a lasting token for the locked-out admin, which outlives the recovery token.
  const users = await api(url, r.token, 'GET', '/api/v1/users');
  const admin = (users.json as { id: string; username: string }[]).find((u: { username: string }) => u.username === 'admin');
  const lasting = await api(url, r.token, 'POST', `/api/v1/users/${admin!.id}/tokens`, { name: 'laptop', expiresInSeconds: 30 * 86400 });
  expect(lasting.status).toBe(201);
  expect(Date.parse(lasting.json.expiresAt)).toBeGreaterThan(Date.now() + 29 * 86400_000);
  expect((await api(url, lasting.json.token, 'GET', '/api/v1/whoami')).json).toMatchObject({ name: 'admin' });
  // Not renewed, like the bootstrap token.
  expect((await api(url, r.token, 'POST', '/api/v1/tokens/self/renew')).status).toBe(409);
  return r;
}

async function checkAudit(dataDir: string, databaseUrl: string | undefined, token: string) {
  const store = await openStore(databaseUrl ? { databaseUrl } : { dataDir });
  try {
    const rows = await store.db.selectFrom('audit_entries').select(['actor', 'action', 'resource', 'detail']).where('action', '=', 'token.recover').orderBy('seq').execute();
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((r) => r.actor === RECOVERY_ACTOR)).toBe(true);
    expect(JSON.parse(String(rows[0]!.detail))).toMatchObject({ who: 'local recovery', username: 'recovery', userCreated: true });
    expect(rows.map((r) => String(r.detail)).join('')).not.toContain(token);
    // One chain with the server's own entries around it.
    const report = await verifyAudit(store, loadPublicKey(dataDir));
    expect(report.ok, JSON.stringify(report.problem)).toBe(true);
  } finally {
    await store.close();
  }
}

describe('server admin-token on SQLite', () => {
  it('lets a locked-out admin back in while the server runs, audited, and the chain verifies', async () => {
    const dataDir = join(tmp(), 'data');
    const init = await initServer({ dataDir });
    const s = await serve(dataDir);
    let r;
    try {
      await expireAll(dataDir);
      r = await recoveryLocked(s.url, dataDir, undefined, init.token);
      // An existing global admin by name; a second run for "recovery" finds it an admin now.
      const again = await mintRecoveryToken({ dataDir, name: 'admin', env: {} });
      expect(again).toMatchObject({ username: 'admin', userCreated: false });
      expect((await api(s.url, again.token, 'GET', '/api/v1/whoami')).json).toMatchObject({ name: 'admin' });
      // Not an admin: refused, never promoted.
      expect((await api(s.url, again.token, 'POST', '/api/v1/users', { username: 'bob' })).status).toBe(201);
      await expect(mintRecoveryToken({ dataDir, name: 'bob', env: {} })).rejects.toMatchObject({ code: 'E_RECOVERY_USER', exitCode: 2, message: expect.stringContaining('not a global admin') });
    } finally {
      await s.stop();
    }
    await checkAudit(dataDir, undefined, r!.token);
    // The server's audit key missing under a log with entries: refused, and no new key made in its place.
    renameSync(join(dataDir, AUDIT_KEY_FILE), join(dataDir, '..', 'audit.pem'));
    await expect(mintRecoveryToken({ dataDir, env: {} })).rejects.toThrow(/no audit key/);
    expect(existsSync(join(dataDir, AUDIT_KEY_FILE))).toBe(false);
  });

  it('refuses, exit 2 naming the problem, without the data directory or the master key', async () => {
    const root = tmp();
    await expect(mintRecoveryToken({ dataDir: join(root, 'nowhere'), env: {} })).rejects.toMatchObject({ code: 'E_NOT_INITIALIZED', exitCode: 2, message: expect.stringContaining('not found') });
    const dataDir = join(root, 'data');
    await initServer({ dataDir });
    // Another key than the server's.
    await expect(mintRecoveryToken({ dataDir, env: { [MASTER_KEY_ENV]: randomBytes(32).toString('base64') } })).rejects.toMatchObject({ code: 'E_KEY_MISMATCH', exitCode: 2 });
    renameSync(join(dataDir, MASTER_KEY_FILE), join(root, 'elsewhere.key'));
    await expect(mintRecoveryToken({ dataDir, env: {} })).rejects.toMatchObject({ code: 'E_KEY_MISSING', exitCode: 2, message: expect.stringContaining('no master key') });
    await expect(mintRecoveryToken({ dataDir, env: {}, ttlSeconds: 2 * 86400 })).rejects.toMatchObject({ code: 'E_USAGE' });
    // Nothing was written by the refusals.
    const store = await openStore({ dataDir });
    try {
      expect(await store.db.selectFrom('users').select('username').execute()).toEqual([{ username: 'admin' }]);
      expect(await store.db.selectFrom('audit_entries').select('seq').where('action', '=', 'token.recover').execute()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('takes the key shares of a split key', async () => {
    const dataDir = join(tmp(), 'data');
    const init = await initServer({ dataDir, keyShares: 3, keyThreshold: 2 });
    await expect(mintRecoveryToken({ dataDir, env: {} })).rejects.toMatchObject({ code: 'E_KEY_MISSING', message: expect.stringContaining('--shares -') });
    await expect(mintRecoveryToken({ dataDir, env: {}, shares: init.shares!.slice(0, 1) })).rejects.toMatchObject({ code: 'E_SHARE_INVALID', exitCode: 2 });
    const r = await mintRecoveryToken({ dataDir, env: {}, shares: init.shares!.slice(1) });
    expect(r.userCreated).toBe(true);
  });

  it('the CLI prints the token once on stdout; a missing data directory is exit 2', async () => {
    const dataDir = join(tmp(), 'data');
    await initServer({ dataDir });
    const out: string[] = [];
    const err: string[] = [];
    const so = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    const se = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    const program = () => {
      let code = -1;
      const p = new Command('rampart').exitOverride().option('-q, --quiet');
      registerServer(p, (c) => (code = c));
      return { p, code: () => code };
    };
    try {
      const ok = program();
      await ok.p.parseAsync(['server', 'admin-token', '--data-dir', dataDir, '--expires', '30m'], { from: 'user' });
      expect(ok.code()).toBe(0);
      expect(out).toHaveLength(1);
      expect(out[0]).toMatch(/^rmp_u_[0-9A-Za-z]{49}\n$/);
      expect(err.join('')).toContain('made user "recovery"');
      expect(err.join('')).not.toContain(out[0]!.trim());
      await expect(program().p.parseAsync(['server', 'admin-token', '--data-dir', join(dataDir, 'x')], { from: 'user' })).rejects.toMatchObject({ exitCode: 2 });
      await expect(program().p.parseAsync(['server', 'admin-token', '--data-dir', dataDir, '--expires', 'never'], { from: 'user' })).rejects.toMatchObject({ exitCode: 2 });
    } finally {
      so.mockRestore();
      se.mockRestore();
    }
  });
});

describe('server admin-token on PostgreSQL', () => {
  let pg: PrivatePostgres;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(async () => {
    await pg?.stop();
  });

  it('lets a locked-out admin back in while the server runs, audited', async () => {
    const databaseUrl = pg.databaseUrl;
    const dataDir = join(tmp(), 'data');
    const init = await initServer({ dataDir, databaseUrl });
    const s = await serve(dataDir, databaseUrl);
    let r;
    try {
      await expireAll(dataDir, databaseUrl);
      r = await recoveryLocked(s.url, dataDir, databaseUrl, init.token);
    } finally {
      await s.stop();
    }
    await checkAudit(dataDir, databaseUrl, r!.token);
  });
});

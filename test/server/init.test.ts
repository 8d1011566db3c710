import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerServer } from '../../src/cli/server.js';
import { runServer, type RunHooks } from '../../src/server/run.js';
import { buildServer } from '../../src/server/app.js';
import { parseListen, resolveServerConfig, type ServerConfig } from '../../src/server/config.js';
import { BUILTIN_ROLES } from '../../src/server/identity/rbac.js';
import { parseToken } from '../../src/server/identity/tokens.js';
import { initServer, MASTER_KEY_FILE } from '../../src/server/init.js';
import { serverModules } from '../../src/server/modules.js';
import { Keyring, MASTER_KEY_ENV, readKeyFile, split } from '../../src/server/vault/master-key.js';
import { BIN, REPO_ROOT } from '../helpers/cli.js';
import { openStore, SQLITE_FILE } from '../../src/store/db.js';
import { TABLES } from '../../src/store/schema.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';

const roots: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'rampart-init-'));
  roots.push(d);
  return d;
};
afterAll(() => {
  for (const d of roots) rmSync(d, { recursive: true, force: true });
});

/** Starts runServer on a random loopback port; returns its URL and a stop function. */
async function serve(cfg: Omit<ServerConfig, 'host' | 'port'>, modules?: RunHooks['modules']) {
  const ac = new AbortController();
  let url = '';
  let stopped: Promise<void> = Promise.resolve();
  const listening = new Promise<void>((resolve, reject) => {
    const done = runServer({ ...cfg, host: '127.0.0.1', port: 0 }, { signal: ac.signal, logger: false, modules, onListening: (u) => ((url = u), resolve()) });
    done.catch(reject);
    stopped = done;
  });
  await listening;
  return {
    url,
    stop: async () => {
      ac.abort();
      await stopped;
    },
  };
}

const whoami = (url: string, token: string) => fetch(`${url}/api/v1/whoami`, { headers: { authorization: `Bearer ${token}` } });

describe('rampart server init (SQLite)', () => {
  let dataDir: string;
  let token: string;

  beforeAll(async () => {
    dataDir = join(tmp(), 'data');
    const r = await initServer({ dataDir });
    token = r.token;
    expect(r.adminName).toBe('admin');
  });

  it('creates the data dir 0700, a 32-byte master key 0600 and the database', () => {
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const key = join(dataDir, MASTER_KEY_FILE);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(readFileSync(key).length).toBe(32);
    expect(existsSync(join(dataDir, SQLITE_FILE))).toBe(true);
  });

  it('stores the bootstrap token only as its hash; seeds the built-in roles and a global admin binding', async () => {
    expect(parseToken(token)?.kind).toBe('user');
    const store = await openStore({ dataDir });
    try {
      for (const t of TABLES) {
        const rows = await store.db.selectFrom(t).selectAll().execute();
        expect(JSON.stringify(rows), t).not.toContain(token);
        expect(JSON.stringify(rows), t).not.toContain(token.slice(6, 40));
      }
      const roles = await store.db.selectFrom('roles').select(['id', 'permissions', 'builtin']).orderBy('id').execute();
      expect(roles.map((r) => r.id)).toEqual(BUILTIN_ROLES.map((r) => r.id).sort());
      expect(JSON.parse(roles.find((r) => r.id === 'admin')!.permissions)).toEqual(['*:*']);
      const bindings = await store.db.selectFrom('role_bindings').selectAll().execute();
      expect(bindings).toHaveLength(1);
      expect(bindings[0]).toMatchObject({ principal_kind: 'user', role_id: 'admin', project_id: null });
      const tokens = await store.db.selectFrom('api_tokens').selectAll().execute();
      expect(tokens).toHaveLength(1);
      expect(tokens[0]).toMatchObject({ name: 'bootstrap', owner_kind: 'user', revoked_at: null, prefix: 'rmp_u_' });
      expect(tokens[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
      const ring = await Keyring.load(store);
      expect(ring.add(readKeyFile(join(dataDir, MASTER_KEY_FILE)))).toMatch(/^mk_[0-9a-f]{16}$/);
      expect(ring.sealed).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('the token authenticates the admin against /api/v1/whoami on the running server', async () => {
    const s = await serve({ dataDir });
    try {
      const ok = await whoami(s.url, token);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ kind: 'user', name: 'admin', bindings: [{ role: 'admin', project: null }] });
      const bad = await whoami(s.url, token.slice(0, -2) + 'zz');
      expect(bad.status).toBe(401);
    } finally {
      await s.stop();
    }
  });

  it('mounts modules made from the open store and closes them after the server', async () => {
    const events: string[] = [];
    const s = await serve({ dataDir }, async (ctx) => {
      events.push(`made ${ctx.store.dialect} ${ctx.keyring.currentId.slice(0, 3)} ${ctx.keyring.sealed ? 'sealed' : 'unsealed'}`);
      return {
        plugins: [
          async (app) => {
            app.get('/api/v1/module-ping', { schema: { response: { 200: { type: 'object', properties: { pong: { type: 'string' } } } } } }, async (req) => ({ pong: req.principal!.name }));
          },
        ],
        close: async () => {
          events.push('closed');
        },
      };
    });
    try {
      const anon = await fetch(`${s.url}/api/v1/module-ping`);
      expect(anon.status).toBe(401);
      const r = await fetch(`${s.url}/api/v1/module-ping`, { headers: { authorization: `Bearer ${token}` } });
      expect(await r.json()).toEqual({ pong: 'admin' });
    } finally {
      await s.stop();
    }
    expect(events).toEqual(['made sqlite mk_ unsealed', 'closed']);
  });

  it('a second init refuses and changes nothing: same key, the token still works', async () => {
    const before = readFileSync(join(dataDir, MASTER_KEY_FILE));
    await expect(initServer({ dataDir })).rejects.toMatchObject({ code: 'E_ALREADY_INITIALIZED' });
    expect(readFileSync(join(dataDir, MASTER_KEY_FILE)).equals(before)).toBe(true);
    const store = await openStore({ dataDir });
    const app = await buildServer({ store, logger: false });
    try {
      const r = await app.inject({ url: '/api/v1/whoami', headers: { authorization: `Bearer ${token}` } });
      expect(r.statusCode).toBe(200);
      expect((await store.db.selectFrom('users').select('id').execute()).length).toBe(1);
    } finally {
      await app.close();
      await store.close();
    }
  });

  it('refuses to re-init a database that has users even when the key file is gone, leaving no key behind', async () => {
    const d = join(tmp(), 'data');
    await initServer({ dataDir: d });
    unlinkSync(join(d, MASTER_KEY_FILE));
    await expect(initServer({ dataDir: d })).rejects.toMatchObject({ code: 'E_ALREADY_INITIALIZED' });
    expect(existsSync(join(d, MASTER_KEY_FILE))).toBe(false);
  });

  it('the server refuses to start uninitialised, with a readable key file, or with another server\'s key', async () => {
    const empty = join(tmp(), 'none');
    await expect(serve({ dataDir: empty })).rejects.toMatchObject({ code: 'E_NOT_INITIALIZED' });

    const d = join(tmp(), 'data');
    await initServer({ dataDir: d });
    chmodSync(join(d, MASTER_KEY_FILE), 0o644);
    await expect(serve({ dataDir: d })).rejects.toMatchObject({ code: 'E_KEY_PERMISSIONS' });
    chmodSync(join(d, MASTER_KEY_FILE), 0o600);
    writeFileSync(join(d, MASTER_KEY_FILE), Buffer.alloc(32, 9));
    await expect(serve({ dataDir: d })).rejects.toMatchObject({ code: 'E_KEY_MISMATCH' });
    writeFileSync(join(d, MASTER_KEY_FILE), Buffer.alloc(31, 9));
    await expect(serve({ dataDir: d })).rejects.toMatchObject({ code: 'E_KEY_INVALID' });
  });

  it('refuses a bad admin name', async () => {
    await expect(initServer({ dataDir: join(tmp(), 'd'), adminName: 'Robert"); drop' })).rejects.toMatchObject({ code: 'E_USAGE' });
  });
});

describe('rampart server init (PostgreSQL)', () => {
  let pg: PrivatePostgres;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(async () => {
    await pg?.stop();
  });

  it('initialises the database, keeps the key in the data dir, and the token works', async () => {
    const databaseUrl = pg.databaseUrl; // the cluster is private to this file: its default database will do
    const dataDir = join(tmp(), 'data');
    const r = await initServer({ dataDir, databaseUrl, adminName: 'root' });
    expect(existsSync(join(dataDir, SQLITE_FILE))).toBe(false);
    expect(statSync(join(dataDir, MASTER_KEY_FILE)).mode & 0o777).toBe(0o600);
    const s = await serve({ dataDir, databaseUrl });
    try {
      const ok = await whoami(s.url, r.token);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ name: 'root', bindings: [{ role: 'admin', project: null }] });
      const health = await (await fetch(`${s.url}/api/v1/health`)).json();
      expect(health).toEqual({ status: 'ok', database: 'postgres' });
    } finally {
      await s.stop();
    }
    // Same database, fresh data dir (no key file): still refused because the database has users.
    await expect(initServer({ dataDir: join(tmp(), 'other'), databaseUrl })).rejects.toMatchObject({ code: 'E_ALREADY_INITIALIZED' });
  });
});

describe('the CLI: rampart server init, then rampart server over TLS', () => {
  it('prints the token once on stdout, serves HTTPS, and stops on SIGTERM', async () => {
    const root = tmp();
    const dataDir = join(root, 'data');
    const cert = join(root, 'cert.pem');
    const key = join(root, 'key.pem');
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert,
      '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1',
    ]);
    const program = () => {
      let code = -1;
      const p = new Command('rampart').exitOverride().option('-q, --quiet');
      registerServer(p, (c) => (code = c));
      return { p, code: () => code };
    };
    const out: string[] = [];
    const err: string[] = [];
    const so = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    const se = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    try {
      const init = program();
      await init.p.parseAsync(['server', 'init', '--data-dir', dataDir], { from: 'user' });
      expect(init.code()).toBe(0);
      expect(out).toHaveLength(1);
      const token = out[0]!.trim();
      expect(parseToken(token)).not.toBeNull();
      expect(err.join('')).toMatch(/shown only this once/);
      expect(err.join('')).not.toContain(token);

      const run = program();
      const running = run.p.parseAsync(['server', '--data-dir', dataDir, '--listen', '127.0.0.1:0', '--log-level', 'silent', '--audit-sync', 'full', '--tls-cert', cert, '--tls-key', key], { from: 'user' });
      let url = '';
      for (let i = 0; i < 200 && !url; i++) {
        url = /listening on (https:\/\/\S+)/.exec(err.join(''))?.[1] ?? '';
        if (!url) await new Promise((r) => setTimeout(r, 25));
      }
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = readFileSync(cert);
      const get = (t: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = httpsRequest(`${url}/api/v1/whoami`, { ca, headers: { authorization: `Bearer ${t}` } }, (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          req.on('error', reject);
          req.end();
        });
      const ok = await get(token);
      expect(ok.status).toBe(200);
      expect(JSON.parse(ok.body)).toMatchObject({ name: 'admin' });
      expect((await get('nope')).status).toBe(401);

      process.emit('SIGTERM');
      await running;
      expect(run.code()).toBe(0);
      expect(err.join('')).toMatch(/server stopped/);
      expect(err.join('')).not.toContain(token);
      expect(process.listenerCount('SIGTERM')).toBe(0);

      // Init again through the CLI: refused.
      const again = program();
      await expect(again.p.parseAsync(['server', 'init', '--data-dir', dataDir], { from: 'user' })).rejects.toMatchObject({ code: 'E_ALREADY_INITIALIZED' });
      // --audit-sync takes batched or full only, refused before anything starts.
      await expect(program().p.parseAsync(['server', '--data-dir', dataDir, '--audit-sync', 'sometimes'], { from: 'user' })).rejects.toMatchObject({ code: 'E_USAGE' });
      expect(out).toHaveLength(1);
    } finally {
      so.mockRestore();
      se.mockRestore();
    }
  });
});

/** The built CLI (dist/) with `stdin` piped in. */
function cli(args: string[], stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('rampart server init --key-shares: no key file, starts sealed, unseals with shares', () => {
  it('refuses bad share options before creating anything', async () => {
    for (const [keyShares, keyThreshold] of [[3, undefined], [undefined, 2], [3, 1], [2, 3], [256, 2], [2.5, 2]] as const) {
      const d = join(tmp(), 'data');
      await expect(initServer({ dataDir: d, keyShares, keyThreshold })).rejects.toMatchObject({ code: 'E_USAGE' });
      expect(existsSync(d)).toBe(false);
    }
  });

  it('prints the token then N shares once; the server starts sealed (503 E_SEALED) and unseals with T shares', async () => {
    const dataDir = join(tmp(), 'data');
    let code = -1;
    const p = new Command('rampart').exitOverride().option('-q, --quiet');
    registerServer(p, (c) => (code = c));
    const out: string[] = [];
    const err: string[] = [];
    const so = vi.spyOn(process.stdout, 'write').mockImplementation((x) => (out.push(String(x)), true));
    const se = vi.spyOn(process.stderr, 'write').mockImplementation((x) => (err.push(String(x)), true));
    try {
      await p.parseAsync(['server', 'init', '--data-dir', dataDir, '--key-shares', '5', '--key-threshold', '3'], { from: 'user' });
    } finally {
      so.mockRestore();
      se.mockRestore();
    }
    expect(code).toBe(0);
    const lines = out.join('').trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    const [token, ...shares] = lines as [string, ...string[]];
    expect(parseToken(token)).not.toBeNull();
    expect(new Set(shares).size).toBe(5);
    for (const sh of shares) expect(sh).toMatch(/^rampart-share-v1:[a-z2-7-]+$/);
    expect(err.join('')).toMatch(/5 key shares follow the token on stdout/);
    for (const sh of shares) expect(err.join('')).not.toContain(sh.slice(-12));
    // No key anywhere on disk: only its check value in the database.
    expect(existsSync(join(dataDir, MASTER_KEY_FILE))).toBe(false);
    const store = await openStore({ dataDir });
    try {
      expect(await store.db.selectFrom('master_keys').select('id').execute()).toHaveLength(1);
    } finally {
      await store.close();
    }

    let sealedAtStart: boolean | undefined;
    const ac = new AbortController();
    let url = '';
    const running = new Promise<void>((resolve, reject) => {
      runServer(
        { dataDir, host: '127.0.0.1', port: 0 },
        { signal: ac.signal, logger: false, modules: serverModules, onListening: (u, info) => ((url = u), (sealedAtStart = info.sealed), resolve()) },
      ).catch(reject);
    });
    await running;
    const get = (path: string) => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const put = (path: string, body: unknown) =>
      fetch(`${url}${path}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const secret = '/api/v1/projects/demo/secrets/db/password';
    try {
      expect(sealedAtStart).toBe(true);
      // Identity works while sealed; the vault answers 503.
      expect((await get('/api/v1/whoami')).status).toBe(200);
      const created = await fetch(`${url}/api/v1/projects`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'demo' }),
      });
      expect(created.status).toBe(201);
      const sealedRead = await get(secret);
      expect(sealedRead.status).toBe(503);
      expect(((await sealedRead.json()) as { error: { code: string } }).error.code).toBe('E_SEALED');
      expect(await (await fetch(`${url}/api/v1/sys/seal-status`)).json()).toMatchObject({ sealed: true });

      // Fewer than T shares: still sealed, exit 1.
      let r = await cli(['server', 'unseal', '--server', url], `${shares[0]}\n${shares[1]}\n`);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('still sealed');
      expect((await get(secret)).status).toBe(503);

      // A share of another split starts its own attempt (it never discards the holders' shares: anyone can
      // mint one); a full set of another key is refused.
      const other = randomBytes(32);
      const foreign = await split(other, 3, 3);
      other.fill(0);
      r = await cli(['server', 'unseal', '--server', url], `${foreign[0]}\n`);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/share 1 accepted: 1 of 3 given so far/);
      r = await cli(['server', 'unseal', '--server', url], foreign.join('\n') + '\n');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/share 3 refused: .*do not rebuild a master key of this database/);
      expect((await get(secret)).status).toBe(503);

      // T shares (any T): unsealed, and the vault reads and writes.
      r = await cli(['server', 'unseal', '--server', url], `${shares[4]}\n${shares[2]}\n${shares[1]}\n`);
      expect(r.stderr).toContain('the vault is unsealed');
      expect(r.code).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(shares[4]!.slice(-12));
      expect((await put(secret, { value: 's3cret-value' })).status).toBe(200);
      const read = await get(secret);
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ version: 1, value: 's3cret-value' });
    } finally {
      ac.abort();
      await running;
    }
  });

  it('RAMPART_MASTER_KEY takes precedence: a shares-initialised server starts unsealed with the rebuilt key in the environment', async () => {
    const dataDir = join(tmp(), 'data');
    const r = await initServer({ dataDir, keyShares: 3, keyThreshold: 2 });
    const { combine } = await import('../../src/server/vault/master-key.js');
    const key = await combine(r.shares!.slice(0, 2));
    const saved = process.env[MASTER_KEY_ENV];
    process.env[MASTER_KEY_ENV] = key.toString('base64');
    key.fill(0);
    try {
      const seen: boolean[] = [];
      const s = await serve({ dataDir }, async (ctx) => (seen.push(ctx.keyring.sealed), {}));
      await s.stop();
      expect(seen).toEqual([false]);
      process.env[MASTER_KEY_ENV] = randomBytes(32).toString('base64');
      await expect(serve({ dataDir })).rejects.toMatchObject({ code: 'E_KEY_MISMATCH' });
    } finally {
      if (saved === undefined) delete process.env[MASTER_KEY_ENV];
      else process.env[MASTER_KEY_ENV] = saved;
    }
  });
});

describe('server config', () => {
  it('parses --listen forms and refuses bad ones', () => {
    expect(parseListen('127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseListen('[::1]:9000')).toEqual({ host: '::1', port: 9000 });
    expect(parseListen(':7000')).toEqual({ host: '127.0.0.1', port: 7000 });
    expect(parseListen('0.0.0.0:80')).toEqual({ host: '0.0.0.0', port: 80 });
    for (const bad of ['8080', 'host:99999', 'a b:1', '', 'x:'.repeat(5000)]) expect(() => parseListen(bad), bad).toThrow(/expected HOST:PORT/);
  });

  it('defaults to 127.0.0.1:8080; DATABASE_URL selects PostgreSQL; TLS flags go together', () => {
    const c = resolveServerConfig({ dataDir: '/x' }, {});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8080, dataDir: '/x', databaseUrl: undefined, tls: undefined });
    expect(resolveServerConfig({ dataDir: '/x' }, { DATABASE_URL: 'postgres://h/db' }).databaseUrl).toBe('postgres://h/db');
    expect(() => resolveServerConfig({ dataDir: '/x' }, { DATABASE_URL: 'mysql://h/db' })).toThrow(/postgres/);
    expect(() => resolveServerConfig({ dataDir: '/x', tlsCert: 'c.pem' }, {})).toThrow(/go together/);
    expect(resolveServerConfig({ dataDir: '/x', tlsCert: 'c.pem', tlsKey: 'k.pem' }, {}).tls?.certPath).toMatch(/c\.pem$/);
  });
});

import { request } from 'node:http';
import { Writable } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer, LEAN_READ_STATS } from '../../src/server/app.js';
import { loadPublicKey } from '../../src/server/audit/log.js';
import { verifyAudit } from '../../src/server/audit/verify.js';
import { resolveServerConfig } from '../../src/server/config.js';
import { initServer } from '../../src/server/init.js';
import { serverModules } from '../../src/server/modules.js';
import { newToken } from '../../src/server/identity/tokens.js';
import { identityChanged } from '../../src/server/identity/epoch.js';
import { Keyring, loadDataDirKeys } from '../../src/server/vault/master-key.js';
import { openStore, type Store } from '../../src/store/db.js';
import { isoNow } from '../../src/store/schema.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';

/**
 * The hot read's lean path (server/http/lean-read.ts) answers exactly as the Fastify route: the
 * production server (serverModules) is started twice on the same data, with the lean path on and
 * off, and the same requests (each sent twice: the first fills the token and permission caches)
 * must get the same status, headers (in order; the date and request id differ) and body, and
 * write the same audit entries (but for their request ids). On SQLite the lean path answers the
 * repeated 200s; on PostgreSQL (no synchronous read) it hands everything to Fastify.
 */

const roots: string[] = [];
let pg: PrivatePostgres | undefined;
afterAll(async () => {
  await pg?.stop();
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: string[];
  body: string;
  requestId: string | undefined;
}

function send(url: string, method: string, path: string, token: string | null, extra: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...extra };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const r = request(url + path, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        // Names and values in order, without the ones that differ per answer.
        const raw = res.rawHeaders;
        const kept: string[] = [];
        for (let i = 0; i < raw.length; i += 2) {
          const n = raw[i]!.toLowerCase();
          kept.push(n, n === 'date' || n === 'x-request-id' ? '*' : raw[i + 1]!);
        }
        resolve({ status: res.statusCode ?? 0, headers: kept, body: Buffer.concat(chunks).toString('utf8'), requestId: res.headers['x-request-id'] as string | undefined });
      });
    });
    r.on('error', reject);
    r.end();
  });
}

interface Running {
  url: string;
  app: FastifyInstance;
  stop(): Promise<void>;
}

/** The server as runServer composes it (production modules), with the lean path on or off. */
async function start(dataDir: string, databaseUrl: string | undefined, lean: boolean, logLines?: string[]): Promise<Running> {
  const store = await openStore(databaseUrl ? { databaseUrl } : { dataDir });
  const keyring = await Keyring.load(store);
  loadDataDirKeys(keyring, { dataDir });
  const config = resolveServerConfig({ dataDir }, databaseUrl ? { DATABASE_URL: databaseUrl } : {});
  const modules = await serverModules({ store, config, keyring });
  const logger = logLines
    ? {
        level: 'info',
        stream: new Writable({
          write(chunk: Buffer, _enc, done) {
            logLines.push(...chunk.toString('utf8').split('\n').filter((l) => l.length > 0));
            done();
          },
        }),
      }
    : false;
  const app = await buildServer({ store, logger, ...modules, leanReads: lean });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  return {
    url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`,
    app,
    async stop() {
      await app.close();
      await modules.close?.();
      keyring.seal();
      await store.close();
    },
  };
}

async function addUser(store: Store, name: string, grants: { role: string; project: string | null; paths?: string[] }[], token: { expiresAt?: string; revokedAt?: string } = {}): Promise<string> {
  const now = isoNow();
  await store.db.insertInto('users').values({ id: `u-${name}`, username: name, display_name: null, password_hash: null, disabled_at: null, created_at: now }).execute();
  for (const [i, g] of grants.entries()) {
    await store.db
      .insertInto('role_bindings')
      .values({ id: `b-${name}-${i}`, principal_kind: 'user', principal_id: `u-${name}`, role_id: g.role, project_id: g.project, created_by: null, created_at: now, ...(g.paths ? { paths: JSON.stringify(g.paths) } : {}) })
      .execute();
  }
  const t = newToken('user');
  await store.db
    .insertInto('api_tokens')
    .values({ id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'user', owner_id: `u-${name}`, name: 'test', role_id: null, project_id: null, expires_at: token.expiresAt ?? null, revoked_at: token.revokedAt ?? null, last_used_at: null, created_at: now })
    .execute();
  return t.token;
}

/** The audit entries of these request ids, without what differs between two runs (seq, time, hashes, request id). */
async function entriesOf(store: Store, ids: (string | undefined)[]): Promise<unknown[]> {
  const rows = await store.db.selectFrom('audit_entries').select(['actor', 'action', 'resource', 'outcome', 'detail']).orderBy('seq').execute();
  const byId = new Map<string, unknown>();
  for (const r of rows) {
    const detail = JSON.parse(r.detail) as Record<string, unknown>;
    const id = String(detail.requestId);
    detail.requestId = '*';
    byId.set(id, { actor: r.actor, action: r.action, resource: r.resource, outcome: r.outcome, detail });
  }
  return ids.map((id) => (id === undefined ? 'no request id' : (byId.get(id) ?? 'no entry')));
}

describe.each(['sqlite', 'postgres'] as const)('lean read path on %s', (dialect) => {
  it('answers and audits every case exactly as the Fastify route', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rampart-lean-'));
    roots.push(root);
    const dataDir = join(root, 'data');
    let databaseUrl: string | undefined;
    if (dialect === 'postgres') {
      pg ??= await startPostgres();
      databaseUrl = await pg.createDatabase();
    }
    const admin = (await initServer({ dataDir, databaseUrl })).token;

    // Data through the API of a first (lean) server: two projects, secrets in each.
    let s = await start(dataDir, databaseUrl, true);
    const api = async (method: string, path: string, body: unknown) => {
      const r = await fetch(s.url + path, { method, headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(r.status, `${method} ${path}`).toBeLessThan(300);
    };
    await api('POST', '/api/v1/projects', { name: 'p' });
    await api('POST', '/api/v1/projects', { name: 'q' });
    await api('PUT', '/api/v1/projects/p/secrets/db/password', { value: 'one "quoted" \u00e9' });
    await api('PUT', '/api/v1/projects/p/secrets/db/password', { value: 'two' });
    await api('PUT', '/api/v1/projects/p/secrets/app/x', { value: 'x' });
    await api('PUT', '/api/v1/projects/q/secrets/db/password', { value: 'q' });
    await s.stop();

    const seed = await openStore(databaseUrl ? { databaseUrl } : { dataDir });
    const ids = await seed.db.selectFrom('projects').select(['id', 'name']).execute();
    const pid = (n: string) => ids.find((r) => r.name === n)!.id;
    const past = new Date(Date.now() - 60_000).toISOString();
    const tokens = {
      admin,
      dev: await addUser(seed, 'dev', [{ role: 'developer', project: pid('p') }]),
      scoped: await addUser(seed, 'scoped', [{ role: 'developer', project: pid('p'), paths: ['db/*'] }]),
      outsider: await addUser(seed, 'outsider', [{ role: 'developer', project: pid('q') }]),
      expired: await addUser(seed, 'expired', [{ role: 'developer', project: pid('p') }], { expiresAt: past }),
      revoked: await addUser(seed, 'revoked', [{ role: 'developer', project: pid('p') }], { revokedAt: past }),
    };
    await seed.close();
    identityChanged();

    const S = '/api/v1/projects/p/secrets';
    const cases: [string, string, string | null, Record<string, string>?][] = [
      ['GET', `${S}/db/password`, tokens.admin],
      ['GET', `${S}/db/password`, tokens.dev],
      ['GET', `${S}/db/password?version=1`, tokens.dev],
      ['GET', `${S}/db/password`, tokens.scoped],
      ['GET', `${S}/app/x`, tokens.scoped], // 403 outside the path scope
      ['GET', `${S}/db/password`, null], // 401 without a token
      ['GET', `${S}/db/password`, `rmp_u_${'A'.repeat(43)}`], // 401 invalid
      ['GET', `${S}/db/password`, tokens.expired], // 401 expired
      ['GET', `${S}/db/password`, tokens.revoked], // 401 revoked
      ['GET', `${S}/db/password`, tokens.outsider], // 403 other project
      ['GET', '/api/v1/projects/q/secrets/db/password', tokens.dev], // 403 other project
      ['GET', `${S}/no/such`, tokens.dev], // 404
      ['GET', `${S}/db/password?version=9`, tokens.dev], // 404 version
      ['GET', '/api/v1/projects/nope/secrets/db/password', tokens.admin], // 404 project
      ['GET', '/api/v1/projects/Bad_Name/secrets/db/password', tokens.admin], // 400 project
      ['GET', `${S}/db/password?version=0`, tokens.dev], // 400 version
      ['GET', `${S}/db/password?version=x`, tokens.dev], // 400 version
      ['GET', `${S}/db/password?other=1`, tokens.dev], // 400 query
      ['GET', `${S}/${'a'.repeat(257)}`, tokens.dev], // 400 path too long
      ['GET', `${S}/db%2Fpassword`, tokens.dev], // decoded by the router
      ['GET', `${S}/`, tokens.dev], // empty path
      ['HEAD', `${S}/db/password`, tokens.dev],
      ['GET', `${S}/db/password`, tokens.dev, { 'content-type': 'text/plain' }],
    ];

    const runAll = async (lean: boolean) => {
      s = await start(dataDir, databaseUrl, lean);
      const answers: Answer[] = [];
      try {
        for (const [method, path, token, extra] of cases) for (let i = 0; i < 2; i++) answers.push(await send(s.url, method, path, token, extra));
        const stats = (s.app as unknown as Record<string, { answered: number } | undefined>)[LEAN_READ_STATS];
        return { answers, answered: stats?.answered ?? 0 };
      } finally {
        await s.stop();
      }
    };
    const lean = await runAll(true);
    const plain = await runAll(false);

    // 200s with a value: 4 readers, the percent-encoded path and the text/plain one, twice each.
    // The lean path answered those whose token and grant were cached by then (each first request
    // of a token went to Fastify, and so did the encoded path): 7 on SQLite.
    const oks = lean.answers.filter((a) => a.status === 200 && a.body.length > 0).length;
    expect(oks).toBe(12);
    expect(lean.answered).toBe(dialect === 'sqlite' ? 7 : 0);
    expect(lean.answers.map((a) => a.status)).toEqual(plain.answers.map((a) => a.status));
    for (let i = 0; i < lean.answers.length; i++) {
      const [method, path] = cases[Math.floor(i / 2)]!;
      const what = `${method} ${path} #${i % 2}`;
      expect(lean.answers[i]!.headers, what).toEqual(plain.answers[i]!.headers);
      expect(lean.answers[i]!.body, what).toEqual(plain.answers[i]!.body);
    }
    expect(new Set(lean.answers.map((a) => a.status))).toEqual(new Set([200, 400, 401, 403, 404]));

    const check = await openStore(databaseUrl ? { databaseUrl } : { dataDir });
    try {
      const a = await entriesOf(check, lean.answers.map((x) => x.requestId));
      const b = await entriesOf(check, plain.answers.map((x) => x.requestId));
      expect(a).toEqual(b);
      expect(a).not.toContain('no entry');
      expect(a.filter((e) => (e as { action: string }).action === 'secret.read')).toHaveLength(14); // and the 2 HEADs
      const v = await verifyAudit(check, loadPublicKey(dataDir));
      expect(v.ok).toBe(true);
    } finally {
      await check.close();
    }
  }, 120_000);
});

describe('lean read path, request log', () => {
  it('writes the line Fastify writes for a completed read at info (method and path, no token or value)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rampart-lean-log-'));
    roots.push(root);
    const dataDir = join(root, 'data');
    const admin = (await initServer({ dataDir })).token;
    const lines: string[] = [];
    const s = await start(dataDir, undefined, true, lines);
    try {
      const put = await fetch(`${s.url}/api/v1/projects`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'p' }) });
      expect(put.status).toBe(201);
      const path = '/api/v1/projects/p/secrets/db/password';
      expect((await fetch(s.url + path, { method: 'PUT', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ value: 'sekrit-value' }) })).status).toBe(200);
      lines.length = 0;
      // The same read through Fastify (an encoded path goes there) and through the lean path.
      const a = await send(s.url, 'GET', path.replace('db/', 'db%2F'), admin);
      const b = await send(s.url, 'GET', path, admin);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect((s.app as unknown as Record<string, { answered: number }>)[LEAN_READ_STATS]!.answered).toBe(1);
      await new Promise((r) => setTimeout(r, 300));
      const done = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request completed');
      expect(done).toHaveLength(2);
      const shape = (l: Record<string, unknown>) => ({ ...l, time: '*', pid: '*', hostname: '*', reqId: '*', responseTime: typeof l.responseTime, req: { ...(l.req as object), id: '*', path: '*' } });
      expect(shape(done[1]!)).toEqual(shape(done[0]!));
      expect((done[1]!.req as { id: string }).id).toBe(b.requestId);
      expect(done[1]!.reqId).toBe(b.requestId);
      expect((done[1]!.req as { path: string }).path).toBe(path);
      const text = lines.join('\n');
      expect(text).not.toContain(admin);
      expect(text).not.toContain('sekrit-value');
    } finally {
      await s.stop();
    }
  }, 60_000);
});

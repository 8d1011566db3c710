import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/server/app.js';
import { AuditLog } from '../../../src/server/audit/log.js';
import { auditNowFor, auditNowThenFor, auditPlugin, durabilityOf, outcomeOf, safeText, type AuditPlugin } from '../../../src/server/audit/plugin.js';
import { verifyAudit } from '../../../src/server/audit/verify.js';
import { exchangePlugin } from '../../../src/server/identity/exchange.js';
import { IssuerKeys } from '../../../src/server/identity/oidc.js';
import { seedBuiltinRoles } from '../../../src/server/init.js';
import { identityRoutes } from '../../../src/server/identity/routes.js';
import { newToken } from '../../../src/server/identity/tokens.js';
import type { Store } from '../../../src/store/db.js';
import { isoNow } from '../../../src/store/schema.js';
import { openDialectStore, type PrivatePostgres } from '../../helpers/postgres.js';


const boom: FastifyPluginAsync = async (app) => {
  app.get('/api/v1/test-boom', { schema: { response: { 200: { type: 'object' } } } }, async () => {
    throw new Error('internal detail');
  });
};

/** Routes that make their request's one entry specific: by a note, and written before the answer. */
function notedRoutes(log: AuditLog): FastifyPluginAsync {
  return async (app) => {
    const now = auditNowFor(app, log);
    app.get('/api/v1/test-noted', { schema: { response: { 200: { type: 'object' } } } }, async (req) => {
      req.auditNote = { action: 'test.noted', resource: 'thing:1', detail: { thing: 'one', status: 999 } };
      return {};
    });
    app.get('/api/v1/test-now', { schema: { response: { 200: { type: 'object' } } } }, async (req) => {
      await now(req, { action: 'test.now', resource: 'thing:2', detail: { versions: [3] } });
      return {};
    });
    const nowThen = auditNowThenFor(app, log);
    // Callback style (as the vault's read route): the answer goes out from the entry's callback.
    app.get('/api/v1/test-now-then', { schema: { response: { 200: { type: 'object', properties: { audited: { type: 'boolean' } } } } } }, (req, reply) => {
      nowThen(req, { action: 'test.nowThen', resource: 'thing:3', detail: { versions: [4] } }, { durability: 'read' }, (err) => {
        if (err) return void reply.send(err);
        reply.send({ audited: req.audited });
      });
    });
    // An entry the log refuses (a detail key naming a secret): the callback gets the error, the client a 500.
    app.get('/api/v1/test-now-then-refused', { schema: { response: { 200: { type: 'object' } } } }, (req, reply) => {
      nowThen(req, { action: 'test.nowThen', resource: 'thing:4', detail: { password: 'hunter2' } }, { durability: 'read' }, (err) => {
        reply.send(err ?? {});
      });
    });
  };
}

const FAKE_JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL3guZXhhbXBsZSIsInN1YiI6InJlcG86YS9iIn0.c2lnbmF0dXJlLXNlY3JldC1wYXJ0';
const DIALECTS = ['sqlite', 'postgres'] as const;

describe.each(DIALECTS)('audit plugin on %s', (dialect) => {
  let pg: PrivatePostgres | undefined;
  let dir: string;
  let store: Store;
  let log: AuditLog;
  let plugin: AuditPlugin;
  let app: FastifyInstance;
  let base: string;
  let admin: string;
  let nobody: string;
  const unknownToken = newToken('user').token;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-auditplugin-'));
    ({ store, pg } = await openDialectStore(dialect, join(dir, 'data')));
    const now = isoNow();
    await seedBuiltinRoles(store.db, now);
    await store.db.insertInto('projects').values({ id: 'p1', name: 'shop', description: null, created_at: now }).execute();
    await store.db.insertInto('users').values([
      { id: 'u-admin', username: 'root', display_name: null, password_hash: null, disabled_at: null, created_at: now },
      { id: 'u-nobody', username: 'nobody', display_name: null, password_hash: null, disabled_at: null, created_at: now },
    ]).execute();
    await store.db.insertInto('role_bindings').values({ id: 'b1', principal_kind: 'user', principal_id: 'u-admin', role_id: 'admin', project_id: null, created_by: null, created_at: now }).execute();
    const mk = async (owner: string) => {
      const t = newToken('user');
      await store.db
        .insertInto('api_tokens')
        .values({ id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'user', owner_id: owner, name: 'seed', role_id: null, project_id: null, expires_at: null, revoked_at: null, last_used_at: null, created_at: now })
        .execute();
      return t.token;
    };
    admin = await mk('u-admin');
    nobody = await mk('u-nobody');
    log = await AuditLog.open(store, { signingKey: generateKeyPairSync('ed25519').privateKey, checkpointEvery: 1_000_000 });
    plugin = auditPlugin(log);
    app = await buildServer({
      rootPlugins: [plugin],
      store,
      logger: false,
      plugins: [identityRoutes({ store, audit: log }), boom, notedRoutes(log)],
      publicPlugins: [exchangePlugin({ store, audit: log, keys: new IssuerKeys() })],
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await log?.close();
    await store?.close();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Sends one request and returns the single HTTP audit entry it left. */
  async function one(method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
    const before = await count();
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(base + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const requestId = r.headers.get('x-request-id');
    await r.arrayBuffer();
    await plugin.settled();
    const rows = await store.db.selectFrom('audit_entries').selectAll().where('seq', '>', before).orderBy('seq').execute();
    const http = rows.filter((e) => /^[A-Z]+ /.test(e.action));
    expect(http, `${method} ${path}`).toHaveLength(1);
    const e = http[0]!;
    const detail = JSON.parse(e.detail);
    expect(detail.requestId).toBe(requestId);
    expect(detail.ip).toBe('127.0.0.1');
    return { status: r.status, actor: e.actor, action: e.action, resource: e.resource, outcome: e.outcome, detail, all: rows };
  }
  async function count(): Promise<number> {
    const r = await store.db.selectFrom('audit_entries').select((eb) => eb.fn.max('seq').as('n')).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Every entry a request left, found by its request id. */
  async function entriesOf(path: string, token: string) {
    const r = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
    const requestId = r.headers.get('x-request-id');
    await r.arrayBuffer();
    await plugin.settled();
    const rows = await store.db.selectFrom('audit_entries').selectAll().orderBy('seq').execute();
    return { status: r.status, rows: rows.filter((e) => JSON.parse(e.detail).requestId === requestId) };
  }

  it("writes a route's note into the request's one entry (the request's own fields win)", async () => {
    const { status, rows } = await entriesOf('/api/v1/test-noted', admin);
    expect(status).toBe(200);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'user:u-admin', action: 'test.noted', resource: 'thing:1', outcome: 'allow' });
    expect(JSON.parse(rows[0]!.detail)).toMatchObject({ thing: 'one', status: 200, method: 'GET', ip: '127.0.0.1' });
  });

  it('auditNow writes the one entry before the answer, and onResponse adds none', async () => {
    const { status, rows } = await entriesOf('/api/v1/test-now', admin);
    expect(status).toBe(200);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'user:u-admin', action: 'test.now', resource: 'thing:2', outcome: 'allow' });
    const detail = JSON.parse(rows[0]!.detail);
    expect(detail).toMatchObject({ versions: [3], status: 200, method: 'GET' });
    expect(typeof detail.tokenId).toBe('string');
    expect((await verifyAudit(store, log.publicKey)).ok).toBe(true);
  });

  it('auditNowThen writes the one entry before calling back, and onResponse adds none', async () => {
    const r = await fetch(`${base}/api/v1/test-now-then`, { headers: { authorization: `Bearer ${admin}` } });
    const requestId = r.headers.get('x-request-id');
    // The route answered from the callback, after the entry was committed (req.audited set).
    expect(await r.json()).toEqual({ audited: true });
    await plugin.settled();
    const rows = (await store.db.selectFrom('audit_entries').selectAll().orderBy('seq').execute()).filter((e) => JSON.parse(e.detail).requestId === requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'user:u-admin', action: 'test.nowThen', resource: 'thing:3', outcome: 'allow' });
    expect(JSON.parse(rows[0]!.detail)).toMatchObject({ versions: [4], status: 200, method: 'GET' });
    expect((await verifyAudit(store, log.publicKey)).ok).toBe(true);
  });

  it('auditNowThen passes a refused entry to the callback; the request is then audited as an error', async () => {
    const r = await fetch(`${base}/api/v1/test-now-then-refused`, { headers: { authorization: `Bearer ${admin}` } });
    const requestId = r.headers.get('x-request-id');
    expect(r.status).toBe(500);
    await r.arrayBuffer();
    await plugin.settled();
    const rows = (await store.db.selectFrom('audit_entries').selectAll().orderBy('seq').execute()).filter((e) => JSON.parse(e.detail).requestId === requestId);
    // Not the refused note (it would have held a secret), but the request's own entry, by onResponse.
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'GET /api/v1/test-now-then-refused', outcome: 'error' });
    expect(rows[0]!.detail).not.toContain('hunter2');
  });

  it('records a public request by an anonymous client', async () => {
    const e = await one('GET', '/api/v1/health');
    expect(e).toMatchObject({ status: 200, actor: 'anonymous', action: 'GET /api/v1/health', resource: '/api/v1/health', outcome: 'allow' });
    expect(e.detail.status).toBe(200);
  });

  it('records denied authentication: no token, an unknown token', async () => {
    const none = await one('GET', '/api/v1/whoami');
    expect(none).toMatchObject({ status: 401, actor: 'anonymous', action: 'GET /api/v1/whoami', outcome: 'deny' });
    expect(none.detail.code).toBe('E_UNAUTHENTICATED');
    const bad = await one('GET', '/api/v1/whoami', { token: unknownToken });
    expect(bad).toMatchObject({ status: 401, actor: 'anonymous', outcome: 'deny' });
    expect(bad.detail).not.toHaveProperty('tokenId');
  });

  it('records an allowed request with the principal and its token id', async () => {
    const e = await one('GET', '/api/v1/projects/shop', { token: admin });
    expect(e).toMatchObject({ status: 200, actor: 'user:u-admin', action: 'GET /api/v1/projects/:project', resource: '/api/v1/projects/shop', outcome: 'allow' });
    expect(typeof e.detail.tokenId).toBe('string');
  });

  it('records a forbidden request (403) with the reason', async () => {
    const e = await one('GET', '/api/v1/projects/shop', { token: nobody });
    expect(e).toMatchObject({ status: 403, actor: 'user:u-nobody', outcome: 'deny' });
    expect(e.detail).toMatchObject({ code: 'E_FORBIDDEN', message: 'permission denied: projects:read' });
  });

  it('records unknown paths, validation failures and server errors', async () => {
    const anon = await one('GET', '/api/v1/nope');
    expect(anon).toMatchObject({ status: 401, action: 'GET (no route)', outcome: 'deny' });
    const authed = await one('GET', `/api/v1/nope/${unknownToken}`, { token: admin });
    expect(authed).toMatchObject({ status: 404, actor: 'user:u-admin', action: 'GET (no route)', outcome: 'refused', resource: '/api/v1/nope/[redacted]' });
    const invalid = await one('POST', '/api/v1/projects', { token: admin, body: { name: 'NOT VALID' } });
    expect(invalid).toMatchObject({ status: 400, action: 'POST /api/v1/projects', outcome: 'refused' });
    expect(invalid.detail.code).toBe('E_VALIDATION');
    const err = await one('GET', '/api/v1/test-boom', { token: admin });
    expect(err).toMatchObject({ status: 500, outcome: 'error' });
    expect(err.detail).not.toHaveProperty('message'); // 5xx details stay in the server log
  });

  it('never records a query string, header, body or token', async () => {
    const q = await one('GET', `/api/v1/whoami?token=${admin}`, { token: admin });
    expect(q.resource).toBe('/api/v1/whoami');
    const ex = await one('POST', '/api/v1/auth/oidc/exchange', { body: { token: FAKE_JWT, project: 'shop', role: 'deployer' } });
    expect(ex).toMatchObject({ status: 401, actor: 'anonymous', action: 'POST /api/v1/auth/oidc/exchange', outcome: 'deny' });
    // The exchange's own decision entry is written too.
    expect(ex.all.some((e) => e.action === 'oidc.exchange' && e.outcome === 'deny')).toBe(true);
    const created = await fetch(`${base}/api/v1/tokens`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: '{"name":"fresh"}' });
    const fresh = ((await created.json()) as { token: string }).token;
    await plugin.settled();
    const all = JSON.stringify(await store.db.selectFrom('audit_entries').selectAll().execute());
    for (const t of [admin, nobody, unknownToken, fresh]) expect(all).not.toContain(t.slice(6));
    expect(all).not.toContain('c2lnbmF0dXJlLXNlY3JldC1wYXJ0');
    expect(all).not.toContain('eyJpc3Mi');
  });

  it('leaves exactly one entry per request under concurrency, and the chain verifies', async () => {
    const before = await count();
    const paths = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? '/api/v1/health' : i % 3 === 1 ? '/api/v1/whoami' : '/api/v1/projects'));
    await Promise.all(paths.map((p, i) => fetch(base + p, { headers: i % 2 ? { authorization: `Bearer ${admin}` } : {} }).then((r) => r.arrayBuffer())));
    await plugin.settled();
    const rows = await store.db.selectFrom('audit_entries').selectAll().where('seq', '>', before).execute();
    expect(rows.filter((e) => /^[A-Z]+ /.test(e.action))).toHaveLength(40);
    await log.checkpoint();
    const v = await verifyAudit(store, log.publicKey);
    expect(v.ok).toBe(true);
    expect(v.entries).toBe(await count());
  });

  it('registered twice, it still writes one entry per request', async () => {
    const twice = await buildServer({ store, logger: false, rootPlugins: [plugin, plugin] });
    try {
      const before = await count();
      const r = await twice.inject({ method: 'GET', url: '/api/v1/health' });
      expect(r.statusCode).toBe(200);
      await plugin.settled();
      expect((await count()) - before).toBe(1);
    } finally {
      await twice.close();
    }
  });

  it('a failed audit write is reported, and the response is unaffected', async () => {
    const closed = await AuditLog.open(store, { signingKey: generateKeyPairSync('ed25519').privateKey });
    await closed.close();
    const errors: string[] = [];
    const p = auditPlugin(closed, { onError: (e) => errors.push(e.message) });
    const broken = await buildServer({ store, logger: false, rootPlugins: [p] });
    try {
      const r = await broken.inject({ method: 'GET', url: '/api/v1/health' });
      expect(r.statusCode).toBe(200);
      await p.settled();
      expect(errors).toEqual(['the audit log is closed']);
    } finally {
      await broken.close();
    }
  });
});

describe('audit plugin helpers', () => {
  it('gives reads (GET, HEAD) read durability and every other method full', () => {
    expect(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'].map(durabilityOf)).toEqual(['read', 'read', 'full', 'full', 'full', 'full']);
  });

  it('maps statuses to outcomes', () => {
    expect([200, 204, 302, 400, 401, 403, 404, 409, 429, 500, 503].map(outcomeOf)).toEqual([
      'allow', 'allow', 'allow', 'refused', 'deny', 'deny', 'refused', 'refused', 'deny', 'error', 'error',
    ]);
  });

  it('masks token-shaped text and caps length, in linear time on hostile input', () => {
    const t = newToken('service').token;
    expect(safeText(`/a/${t}/b`, 100)).toBe('/a/[redacted]/b');
    expect(safeText(`x ${FAKE_JWT} y`, 100)).toBe('x [redacted] y');
    expect(safeText('a'.repeat(50), 10)).toBe(`${'a'.repeat(10)}…`);
    const hostile = 'eyJ' + 'a.'.repeat(50_000);
    const start = process.hrtime.bigint();
    safeText(hostile, 100);
    expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(500);
  });
});

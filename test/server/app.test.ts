import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Ajv from 'ajv';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, HttpError, errorResponses, publicError, REDACT_PATHS } from '../../src/server/app.js';
import { AUTH_CACHE_TTL_MS, tokenAuthenticator } from '../../src/server/auth.js';
import { identityChanged } from '../../src/server/identity/epoch.js';
import { hashToken, newToken, type TokenKind } from '../../src/server/identity/tokens.js';
import type { Store } from '../../src/store/db.js';
import { isoAt, isoNow, type OwnerKind } from '../../src/store/schema.js';
import { openDialectStore, type PrivatePostgres } from '../helpers/postgres.js';

const SECRET_VALUE = 'sup3r-s3cret-value-do-not-log';

/** A test module mounted behind authentication, as later modules will be. */
const echoPlugin: FastifyPluginAsync = async (app) => {
  app.post(
    '/api/v1/echo',
    {
      schema: {
        tags: ['test'],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: { name: { type: 'string', maxLength: 100 }, value: { type: 'string' }, count: { type: 'integer', minimum: 0 } },
        },
        response: {
          200: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string' } } },
          ...errorResponses(400, 401, 413, 415),
        },
      },
    },
    async (req) => {
      const body = req.body as { name: string; value?: string };
      req.log.info({ body }, 'echo'); // redaction must hide body.value
      // The response schema drops `value`: a route cannot leak what its schema does not list.
      return { name: body.name, value: body.value };
    },
  );
  for (const perm of ['projects:read', 'secrets:read', 'deploy:check']) {
    app.get(
      `/api/v1/projects/:project/check/${perm.replace(':', '-')}`,
      {
        schema: {
          params: { type: 'object', additionalProperties: false, required: ['project'], properties: { project: { type: 'string', maxLength: 63 } } },
          response: { 200: { type: 'object', properties: { projectId: { type: 'string' } } }, ...errorResponses(401, 403) },
        },
        preHandler: app.requirePermission(perm),
      },
      async (req) => ({ projectId: req.projectId }),
    );
  }
  app.get('/api/v1/admin-only', { schema: { response: errorResponses(403) }, preHandler: app.requirePermission('admin:users', () => null) }, async () => ({}));
  app.get('/api/v1/boom', { schema: { response: errorResponses(500) } }, async () => {
    throw new Error('internal detail: table xyz_internal is locked');
  });
  app.get('/api/v1/conflict', { schema: { response: errorResponses(409) } }, async () => {
    throw new HttpError(409, 'E_CONFLICT', 'version 3 exists');
  });
  app.get('/api/v1/sealed', { schema: { response: errorResponses(503) } }, async () => {
    throw new HttpError(503, 'E_SEALED', 'the vault is sealed');
  });
};

const DIALECTS = ['sqlite', 'postgres'] as const;

/** A public route that throttles, as login will. */
const throttledPlugin: FastifyPluginAsync = async (app) => {
  app.post(
    '/api/v1/try-login',
    {
      config: { rateLimit: { max: 2, timeWindow: 60_000 } },
      schema: { security: [], body: { type: 'object', additionalProperties: false, properties: {} }, response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } }, ...errorResponses(429) } },
    },
    async () => ({ ok: true }),
  );
};

describe.each(DIALECTS)('on %s', (dialect) => {
  let pg: PrivatePostgres | undefined;
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let base: string;
  const logs: string[] = [];
  const tokens: Record<string, string> = {};

  async function addToken(ownerKind: OwnerKind, ownerId: string, kind: TokenKind, extra: Partial<{ expires_at: string; revoked_at: string; role_id: string; project_id: string }> = {}) {
    const t = newToken(kind);
    await store.db
      .insertInto('api_tokens')
      .values({
        id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: ownerKind, owner_id: ownerId, name: 'test', role_id: extra.role_id ?? null,
        project_id: extra.project_id ?? null, expires_at: extra.expires_at ?? null, revoked_at: extra.revoked_at ?? null, last_used_at: null, created_at: isoNow(),
      })
      .execute();
    return t.token;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-app-'));
    ({ store, pg } = await openDialectStore(dialect, join(dir, 'data')));
    const now = isoNow();
    await store.db.insertInto('projects').values({ id: 'p1', name: 'shop', description: null, created_at: now }).execute();
    await store.db.insertInto('projects').values({ id: 'p2', name: 'other', description: null, created_at: now }).execute();
    await store.db.insertInto('roles').values({ id: 'viewer', name: 'viewer', project_id: null, permissions: '["projects:read"]', description: null, builtin: 1, created_at: now }).execute();
    await store.db.insertInto('roles').values({ id: 'deployer', name: 'deployer', project_id: null, permissions: '["deploy:check"]', description: null, builtin: 1, created_at: now }).execute();
    await store.db.insertInto('users').values([
      { id: 'u1', username: 'alice', display_name: null, password_hash: null, disabled_at: null, created_at: now },
      { id: 'u2', username: 'mallory', display_name: null, password_hash: null, disabled_at: now, created_at: now },
    ]).execute();
    await store.db.insertInto('role_bindings').values({ id: 'b1', principal_kind: 'user', principal_id: 'u1', role_id: 'viewer', project_id: 'p1', created_by: null, created_at: now }).execute();
    // A custom role of project p2 that only reads secrets, bound to alice on p2.
    await store.db.insertInto('roles').values({ id: 'r-reader', name: 'secret-reader', project_id: 'p2', permissions: '["secrets:read"]', description: null, builtin: 0, created_at: now }).execute();
    await store.db.insertInto('role_bindings').values({ id: 'b2', principal_kind: 'user', principal_id: 'u1', role_id: 'r-reader', project_id: 'p2', created_by: null, created_at: now }).execute();
    await store.db
      .insertInto('oidc_trust_policies')
      .values({ id: 'o1', project_id: 'p1', name: 'gha', issuer: 'https://issuer.test', audience: 'rampart', conditions: '{}', role_id: 'deployer', max_ttl_s: 600, disabled_at: null, created_at: now })
      .execute();
    tokens.alice = await addToken('user', 'u1', 'user');
    tokens.expired = await addToken('user', 'u1', 'user', { expires_at: isoAt(Date.now() - 1000) });
    tokens.revoked = await addToken('user', 'u1', 'user', { revoked_at: now });
    tokens.disabled = await addToken('user', 'u2', 'user');
    tokens.wrongKind = await addToken('user', 'u1', 'service'); // a service-account token stored against a user
    tokens.ci = await addToken('oidc_policy', 'o1', 'ci', { role_id: 'deployer', project_id: 'p1', expires_at: isoAt(Date.now() + 600_000) });

    const sink = new Writable({
      write(chunk, _enc, cb) {
        logs.push(String(chunk));
        cb();
      },
    });
    app = await buildServer({ store, logger: { stream: sink, level: 'info' }, plugins: [echoPlugin], publicPlugins: [throttledPlugin] });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const auth = (t: string) => ({ authorization: `Bearer ${t}` });
  async function call(path: string, init: RequestInit = {}) {
    const r = await fetch(base + path, init);
    const text = await r.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: r.status, headers: r.headers, text, json };
  }
  const post = (body: string, headers: Record<string, string> = {}) =>
    call('/api/v1/echo', { method: 'POST', body, headers: { 'content-type': 'application/json', ...auth(tokens.alice!), ...headers } });

  function expectErrorShape(json: any, code: string) {
    expect(Object.keys(json)).toEqual(['error']);
    expect(Object.keys(json.error).sort()).toEqual(['code', 'message']);
    expect(json.error.code).toBe(code);
    expect(typeof json.error.message).toBe('string');
  }

  describe('public routes', () => {
    it('reuses a token\'s principal until an identity change in this process, the TTL or the token\'s expiry ends it', async () => {
    let clock = Date.now();
    const auth = tokenAuthenticator(store, { now: () => clock });
    const revoke = (t: string) => store.db.updateTable('api_tokens').set({ revoked_at: isoNow() }).where('hash', '=', hashToken(t)).execute();

    // Revoked by another process (no change seen here): the cached principal lasts at most the TTL.
    const a = await addToken('user', 'u1', 'user');
    expect((await auth(a))?.id).toBe('user:u1');
    await revoke(a);
    expect((await auth(a))?.id).toBe('user:u1');
    clock += AUTH_CACHE_TTL_MS;
    expect(await auth(a)).toBeNull();

    // An identity change made through this process (routes call identityChanged): refused at once.
    const b = await addToken('user', 'u1', 'user');
    expect(await auth(b)).not.toBeNull();
    await revoke(b);
    identityChanged();
    expect(await auth(b)).toBeNull();

    // A cached token stops working the moment it expires.
    const c = await addToken('user', 'u1', 'user', { expires_at: isoAt(clock + 500) });
    expect(await auth(c)).not.toBeNull();
    clock += 500;
    expect(await auth(c)).toBeNull();

    // A refusal is never cached: a token that becomes valid is accepted.
    const d = newToken('user');
    expect(await auth(d.token)).toBeNull();
    await store.db
      .insertInto('api_tokens')
      .values({ id: d.id, prefix: d.prefix, hash: d.hash, owner_kind: 'user', owner_id: 'u1', name: 'late', role_id: null, project_id: null, expires_at: null, revoked_at: null, last_used_at: null, created_at: isoNow() })
      .execute();
    expect(await auth(d.token)).not.toBeNull();
  });

    it('answers a cached token synchronously (auth.cached) under the same rules, never a token it has not accepted', async () => {
    let clock = Date.now();
    const auth = tokenAuthenticator(store, { now: () => clock });
    const a = await addToken('user', 'u1', 'user');
    // Nothing is known before the first full check, and refusals are never remembered.
    expect(auth.cached!(a)).toBeUndefined();
    expect(await auth(tokens.revoked!)).toBeNull();
    expect(auth.cached!(tokens.revoked!)).toBeUndefined();
    expect(auth.cached!('rmp_u_not-a-token')).toBeUndefined();
    expect(auth.cached!(undefined as unknown as string)).toBeUndefined();
    expect(await auth(undefined as unknown as string)).toBeNull();
    const p = await auth(a);
    expect(auth.cached!(a)).toBe(p);
    // A token that differs in one character is another hash: not the cached principal.
    const other = a.slice(0, -1) + (a.endsWith('A') ? 'B' : 'A');
    expect(auth.cached!(other)).toBeUndefined();
    identityChanged();
    expect(auth.cached!(a)).toBeUndefined();
    expect(await auth(a)).not.toBeNull();
    clock += AUTH_CACHE_TTL_MS;
    expect(auth.cached!(a)).toBeUndefined();
  });

  it('health answers without a token, with security headers and a request id', async () => {
      const r = await call('/api/v1/health');
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ status: 'ok', database: dialect });
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      // Plain HTTP: no HSTS (browsers ignore it there); apiSecurityHeaders adds it with TLS.
      expect(r.headers.get('strict-transport-security')).toBeNull();
      expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const again = await call('/api/v1/health');
      expect(again.headers.get('x-request-id')).not.toBe(r.headers.get('x-request-id'));
    });

    it('serves a valid OpenAPI 3 document listing the routes, their schemas and bearer security', async () => {
      const r = await call('/api/docs');
      expect(r.status).toBe(200);
      const doc = r.json;
      const ajv = new Ajv.default({ strict: false });
      const valid = ajv.validate(OPENAPI_30_CORE, doc);
      expect(ajv.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      expect(Object.keys(doc.paths).sort()).toEqual([
        '/api/v1/admin-only', '/api/v1/boom', '/api/v1/conflict', '/api/v1/echo', '/api/v1/health',
        '/api/v1/projects/{project}/check/deploy-check', '/api/v1/projects/{project}/check/projects-read', '/api/v1/projects/{project}/check/secrets-read',
        '/api/v1/sealed', '/api/v1/try-login', '/api/v1/whoami',
      ]);
      expect(doc.paths['/api/v1/projects/{project}/check/secrets-read'].get.parameters).toEqual([expect.objectContaining({ name: 'project', in: 'path', required: true })]);
      expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(doc.security).toEqual([{ bearer: [] }]);
      expect(doc.paths['/api/v1/health'].get.security).toEqual([]);
      const echo = doc.paths['/api/v1/echo'].post;
      expect(echo.requestBody.content['application/json'].schema).toMatchObject({ additionalProperties: false, required: ['name'] });
      expect(Object.keys(echo.responses).sort()).toEqual(['200', '400', '401', '413', '415']);
      expect(doc.paths['/api/v1/whoami'].get.responses['200'].content['application/json'].schema.required).toContain('bindings');
      // Every $ref points somewhere.
      for (const ref of JSON.stringify(doc).match(/"\$ref":"[^"]*"/g) ?? []) {
        const path = ref.slice(9, -1).replace(/^#\//, '').split('/');
        let at: any = doc;
        for (const p of path) at = at?.[p];
        expect(at, ref).toBeDefined();
      }
    });
  });

  describe('authentication (deny by default)', () => {
    it('refuses a protected route without a token: 401, error shape, WWW-Authenticate', async () => {
      const r = await call('/api/v1/whoami');
      expect(r.status).toBe(401);
      expectErrorShape(r.json, 'E_UNAUTHENTICATED');
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
    });

    it.each([
      ['not a bearer scheme', 'Basic YWxpY2U6cHc='],
      ['empty bearer', 'Bearer '],
      ['malformed token', 'Bearer rmp_u_short'],
      ['checksum typo', 'typo'],
      ['unknown but well-formed token', 'unknown'],
      ['expired', 'expired'],
      ['revoked', 'revoked'],
      ['disabled owner', 'disabled'],
      ['kind does not match owner', 'wrongKind'],
    ])('refuses %s', async (_name, which) => {
      let header = which;
      if (which === 'typo') header = `Bearer ${tokens.alice!.slice(0, -1)}${tokens.alice!.endsWith('A') ? 'B' : 'A'}`;
      else if (which === 'unknown') header = `Bearer ${newToken('user').token}`;
      else if (tokens[which]) header = `Bearer ${tokens[which]}`;
      const r = await call('/api/v1/whoami', { headers: { authorization: header } });
      expect(r.status).toBe(401);
      expectErrorShape(r.json, 'E_UNAUTHENTICATED');
    });

    it('accepts a valid token and shows its principal', async () => {
      const r = await call('/api/v1/whoami', { headers: auth(tokens.alice!) });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ id: 'user:u1', kind: 'user', name: 'alice' });
      // Ids as before, names beside them (identity/whoami.ts).
      expect(r.json.bindings).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'viewer', project: 'p1', roleName: 'viewer' }), expect.objectContaining({ role: 'r-reader', project: 'p2' })]));
      const row = await store.db.selectFrom('api_tokens').select('last_used_at').where('hash', '=', hashToken(tokens.alice!)).where('last_used_at', 'is not', null).execute();
      expect(row.length).toBe(1);
    });

    it('a CI token carries exactly its policy role on its project', async () => {
      const r = await call('/api/v1/whoami', { headers: auth(tokens.ci!) });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ id: 'oidc_policy:o1', kind: 'oidc_policy', name: 'gha', bindings: [{ role: 'deployer', project: 'p1' }] });
    });

    it('unknown routes answer 401 to anonymous clients and 404 to authenticated ones', async () => {
      const anon = await call('/api/v1/nope');
      expect(anon.status).toBe(401);
      const authed = await call('/api/v1/nope', { headers: auth(tokens.alice!) });
      expect(authed.status).toBe(404);
      expectErrorShape(authed.json, 'E_NOT_FOUND');
    });

    it('authenticates before reading the body: an anonymous bad or huge body gets 401', async () => {
      const bad = await call('/api/v1/echo', { method: 'POST', body: '{"nope":1}', headers: { 'content-type': 'application/json' } });
      expect(bad.status).toBe(401);
      const huge = await call('/api/v1/echo', { method: 'POST', body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }), headers: { 'content-type': 'application/json' } });
      expect(huge.status).toBe(401);
      const hugeUnknown = await call('/api/v1/nowhere', { method: 'POST', body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }), headers: { 'content-type': 'application/json' } });
      expect(hugeUnknown.status).toBe(401);
    });
  });

  describe('authorisation (requirePermission)', () => {
    const check = (t: string, project: string, perm: string) => call(`/api/v1/projects/${project}/check/${perm}`, { headers: auth(t) });

    it.each([
      ['viewer reads its project', 'alice', 'shop', 'projects-read', 200],
      ['viewer may not read secrets there', 'alice', 'shop', 'secrets-read', 403],
      ['custom project role grants its permission on its project', 'alice', 'other', 'secrets-read', 200],
      ['...and nothing else there', 'alice', 'other', 'projects-read', 403],
      ['an unknown project looks like a forbidden one', 'alice', 'ghost', 'projects-read', 403],
      ['CI token: its role on its project', 'ci', 'shop', 'deploy-check', 200],
      ['CI token: never another project', 'ci', 'other', 'deploy-check', 403],
    ])('%s', async (_n, who, project, perm, status) => {
      const r = await check(tokens[who]!, project, perm);
      expect(r.status).toBe(status);
      if (status === 200) expect(r.json.projectId).toBe(project === 'shop' ? 'p1' : 'p2');
      else expectErrorShape(r.json, 'E_FORBIDDEN');
    });

    it('a grant answered from the cached project ids and roles ends with the next identity change', async () => {
      const now = isoNow();
      await store.db.insertInto('role_bindings').values({ id: 'b-late', principal_kind: 'user', principal_id: 'u1', role_id: 'viewer', project_id: 'p2', created_by: null, created_at: now }).execute();
      identityChanged();
      expect((await check(tokens.alice!, 'other', 'projects-read')).status).toBe(200);
      // Second time: every lookup is cached (the preHandler decides without a promise).
      expect((await check(tokens.alice!, 'other', 'projects-read')).status).toBe(200);
      await store.db.deleteFrom('role_bindings').where('id', '=', 'b-late').execute();
      identityChanged();
      const r = await check(tokens.alice!, 'other', 'projects-read');
      expect(r.status).toBe(403);
      expectErrorShape(r.json, 'E_FORBIDDEN');
    });

    it('server-wide permissions need a global binding', async () => {
      const r = await call('/api/v1/admin-only', { headers: auth(tokens.alice!) });
      expect(r.status).toBe(403);
    });
  });

  describe('validation and errors', () => {
    it('accepts a valid body and answers only what the response schema lists', async () => {
      const r = await post(JSON.stringify({ name: 'ok', value: SECRET_VALUE }));
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ name: 'ok' });
    });

    it.each([
      ['an unknown property', { name: 'x', extra: 1 }, /^body\.extra is not a known field$/],
      ['a missing required property', { value: 'v' }, /^body\.name is required$/],
      ['a number out of range', { name: 'x', count: -1 }, /^body\.count: must be at least 0$/],
      ['a too-long string', { name: 'y'.repeat(101) }, /^body\.name: must be at most 100 characters$/],
      ['a wrong type', { name: 'x', count: 'three' }, /^body\.count: must be a whole number$/],
    ])('refuses %s with 400 and the error shape', async (_n, body, msg) => {
      const r = await post(JSON.stringify(body));
      expect(r.status).toBe(400);
      expectErrorShape(r.json, 'E_VALIDATION');
      expect(r.json.error.message).toMatch(msg);
    });

    it('refuses broken JSON without echoing any of it', async () => {
      const r = await post(`{"name": "x", "value": "${SECRET_VALUE}"`);
      expect(r.status).toBe(400);
      expectErrorShape(r.json, 'E_BAD_JSON');
      expect(r.text).not.toContain(SECRET_VALUE);
      const r2 = await post(`{"value": ${SECRET_VALUE}}`);
      expect(r2.status).toBe(400);
      expect(r2.text).not.toContain(SECRET_VALUE);
    });

    it('refuses a non-JSON content type with 415', async () => {
      const r = await post('name=x', { 'content-type': 'text/plain' });
      expect(r.status).toBe(415);
      expectErrorShape(r.json, 'E_UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses a body over the limit (1 MiB by default) with 413', async () => {
      const r = await post(JSON.stringify({ name: 'x', value: 'v'.repeat(1024 * 1024) }));
      expect(r.status).toBe(413);
      expectErrorShape(r.json, 'E_BODY_TOO_LARGE');
      expect(r.json.error.message).toContain('1048576');
      const small = await post(JSON.stringify({ name: 'x', value: 'v'.repeat(1000 * 1000) }));
      expect(small.status).toBe(200);
    });

    it('a public route with a rate limit answers 429 in the error shape once over it', async () => {
      const tryIt = () => call('/api/v1/try-login', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect((await tryIt()).status).toBe(200);
      expect((await tryIt()).status).toBe(200);
      const r = await tryIt();
      expect(r.status).toBe(429);
      expectErrorShape(r.json, 'E_RATE_LIMITED');
      expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
    });

    it('a route error keeps its code; an unexpected error becomes a bare 500', async () => {
      const c = await call('/api/v1/conflict', { headers: auth(tokens.alice!) });
      expect(c.status).toBe(409);
      expect(c.json).toEqual({ error: { code: 'E_CONFLICT', message: 'version 3 exists' } });
      const b = await call('/api/v1/boom', { headers: auth(tokens.alice!) });
      expect(b.status).toBe(500);
      expect(b.json).toEqual({ error: { code: 'E_INTERNAL', message: 'internal error' } });
      expect(b.text).not.toContain('xyz_internal');
      // The detail goes to the server log for the operator.
      expect(logs.join('')).toContain('xyz_internal');
    });

    it('root plugins (skip-override) see every request: public, protected, refused and unknown', async () => {
      const seen: string[] = [];
      const rootHook: FastifyPluginAsync = Object.assign(
        async (a: FastifyInstance) => {
          a.addHook('onResponse', async (req, reply) => {
            seen.push(`${req.method} ${(req.url ?? '').split('?')[0]} ${reply.statusCode} ${req.principal?.id ?? 'anonymous'}`);
          });
        },
        { [Symbol.for('skip-override')]: true },
      );
      const a = await buildServer({ store, logger: false, rootPlugins: [rootHook], plugins: [echoPlugin] });
      try {
        await a.inject({ url: '/api/v1/health' });
        await a.inject({ url: '/api/v1/whoami' });
        await a.inject({ url: '/api/v1/whoami', headers: auth(tokens.alice!) });
        await a.inject({ url: '/api/v1/nope', headers: auth(tokens.alice!) });
        expect(seen).toEqual(['GET /api/v1/health 200 anonymous', 'GET /api/v1/whoami 401 anonymous', 'GET /api/v1/whoami 200 user:u1', 'GET /api/v1/nope 404 user:u1']);
      } finally {
        await a.close();
      }
    });

    it('behind a trusted TLS-terminating proxy, a request that came over https gets HSTS; plain http and untrusted peers do not', async () => {
      const a = await buildServer({ store, logger: false, trustProxy: '127.0.0.1' });
      const b = await buildServer({ store, logger: false, trustProxy: '10.9.9.9' });
      try {
        const hsts = async (srv: FastifyInstance, proto?: string, url = '/api/v1/health') =>
          (await srv.inject({ url, headers: proto ? { 'x-forwarded-proto': proto } : {} })).headers['strict-transport-security'];
        expect(await hsts(a, 'https')).toBe('max-age=31536000; includeSubDomains');
        // Refused answers too (unknown path, before authentication).
        expect(await hsts(a, 'https', '/api/v1/nope')).toBe('max-age=31536000; includeSubDomains');
        expect(await hsts(a, 'http')).toBeUndefined();
        expect(await hsts(a)).toBeUndefined();
        // The peer (inject's 127.0.0.1) is not the trusted proxy: its X-Forwarded-Proto is not believed.
        expect(await hsts(b, 'https')).toBeUndefined();
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('publicError never carries the raw text of a parse error', () => {
      let parseErr: unknown;
      try {
        JSON.parse(`{"value": ${SECRET_VALUE}}`);
      } catch (e) {
        parseErr = e;
      }
      expect(String(parseErr)).toContain('sup3r'); // V8 quotes the input...
      const pe = publicError(parseErr as never);
      expect(pe).toEqual({ status: 400, code: 'E_BAD_JSON', message: 'the request body is not valid JSON' }); // ...we do not
      expect(publicError(new HttpError(409, 'E_CONFLICT', 'exists') as never)).toEqual({ status: 409, code: 'E_CONFLICT', message: 'exists' });
      expect(publicError(new Error('db down') as never)).toEqual({ status: 500, code: 'E_INTERNAL', message: 'internal error' });
    });

    it('honours a custom body limit', async () => {
      const small = await buildServer({ store, logger: false, bodyLimit: 100, plugins: [echoPlugin] });
      try {
        const r = await small.inject({ method: 'POST', url: '/api/v1/echo', headers: { 'content-type': 'application/json', ...auth(tokens.alice!) }, payload: JSON.stringify({ name: 'z'.repeat(200) }) });
        expect(r.statusCode).toBe(413);
        expect(JSON.parse(r.body).error.message).toContain('100 bytes');
      } finally {
        await small.close();
      }
    });
  });

  describe('logs', () => {
    it('are JSON lines with request ids and never contain tokens or secret values', async () => {
      app.log.info({ token: 'tok-xyz-1', nested: { secret: 'sec-xyz-2', deeper: { password: 'pw-xyz-3' } }, headers: { authorization: 'Bearer zzz-4' } }, 'probe');
      await post(JSON.stringify({ name: 'log', value: SECRET_VALUE }));
      await call(`/api/v1/whoami?token=${tokens.alice}`, { headers: { ...auth(tokens.alice!), cookie: 'session=cookie-xyz-5' } });
      const all = logs.join('');
      const lines = all.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.some((l) => l.msg === 'probe')).toBe(true);
      expect(lines.some((l) => l.msg === 'echo' && l.body?.value === '[redacted]' && l.body?.name === 'log')).toBe(true);
      expect(lines.some((l) => typeof l.reqId === 'string' && l.req?.method === 'GET')).toBe(true);
      expect(lines.some((l) => l.msg === 'request failed' && l.level === 50)).toBe(true);
      // A sealed vault is an expected state: a warning without a stack, not an error.
      const sealed = await call('/api/v1/sealed', { headers: auth(tokens.alice!) });
      expect(sealed.status).toBe(503);
      const after = logs.join('').trim().split('\n').map((l) => JSON.parse(l));
      expect(after.some((l) => l.msg === 'request refused: unavailable' && l.level === 40 && l.code === 'E_SEALED' && !l.err)).toBe(true);
      expect(after.some((l) => l.msg === 'request failed' && JSON.stringify(l).includes('E_SEALED'))).toBe(false);
      for (const t of Object.values(tokens)) expect(all).not.toContain(t.slice(6, 30));
      for (const s of [SECRET_VALUE, 'tok-xyz-1', 'sec-xyz-2', 'pw-xyz-3', 'zzz-4', 'cookie-xyz-5']) {
        expect(all, s).not.toContain(s);
      }
      expect(REDACT_PATHS).toContain('req.headers.authorization');
    });
  });
});

// The core of the OpenAPI 3.0 document structure (from the specification's object definitions).
const OPENAPI_30_CORE = {
  type: 'object',
  required: ['openapi', 'info', 'paths'],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.0\\.\\d+$' },
    info: { type: 'object', required: ['title', 'version'], properties: { title: { type: 'string' }, version: { type: 'string' } } },
    servers: { type: 'array' },
    security: { type: 'array', items: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } } },
    components: {
      type: 'object',
      properties: {
        schemas: { type: 'object' },
        securitySchemes: {
          type: 'object',
          additionalProperties: { type: 'object', required: ['type'], properties: { type: { enum: ['apiKey', 'http', 'oauth2', 'openIdConnect'] } } },
        },
      },
    },
    paths: {
      type: 'object',
      propertyNames: { pattern: '^/' },
      additionalProperties: {
        type: 'object',
        propertyNames: { enum: ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'parameters', 'summary', 'description', 'servers', '$ref'] },
        additionalProperties: {
          type: 'object',
          required: ['responses'],
          properties: {
            parameters: {
              type: 'array',
              items: { type: 'object', required: ['name', 'in'], properties: { in: { enum: ['query', 'header', 'path', 'cookie'] } } },
            },
            requestBody: { type: 'object', required: ['content'] },
            responses: {
              type: 'object',
              minProperties: 1,
              propertyNames: { pattern: '^(?:[1-5](?:\\d\\d|XX)|default)$' },
              additionalProperties: { type: 'object', required: ['description'] },
            },
            security: { type: 'array' },
          },
        },
      },
    },
  },
};

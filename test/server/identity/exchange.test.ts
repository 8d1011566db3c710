import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/server/app.js';
import { tokenAuthenticator } from '../../../src/server/auth.js';
import { AuditLog } from '../../../src/server/audit/log.js';
import { verifyAudit } from '../../../src/server/audit/verify.js';
import { EXCHANGE_PATH, exchangePlugin } from '../../../src/server/identity/exchange.js';
import { DbJtiStore } from '../../../src/server/identity/jti-store.js';
import { IssuerKeys } from '../../../src/server/identity/oidc.js';
import { seedBuiltinRoles } from '../../../src/server/init.js';
import { identityRoutes } from '../../../src/server/identity/routes.js';
import { newToken, parseToken } from '../../../src/server/identity/tokens.js';
import type { Store } from '../../../src/store/db.js';
import { isoNow } from '../../../src/store/schema.js';
import { openDialectStore, type PrivatePostgres } from '../../helpers/postgres.js';
import { startIssuer } from '../../helpers/oidc-issuer.js';

const AUD = 'https://rampart.test';
const nowS = () => Math.floor(Date.now() / 1000);

/** A minimal OIDC issuer on loopback: discovery document and JWKS. */

/** A port nothing listens on (its issuer's discovery is "down"). */
async function deadUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

/** Claims shaped like a GitHub Actions id token. */
function githubClaims(iss: string, repo: string, over: JWTPayload = {}): JWTPayload {
  const [owner] = repo.split('/');
  return {
    iss,
    aud: AUD,
    sub: `repo:${repo}:ref:refs/heads/main`,
    jti: randomUUID(),
    iat: nowS() - 5,
    nbf: nowS() - 5,
    exp: nowS() + 300,
    repository: repo,
    repository_id: '123456',
    repository_owner: owner!,
    repository_owner_id: '42',
    repository_visibility: 'private',
    ref: 'refs/heads/main',
    ref_type: 'branch',
    sha: 'a'.repeat(40),
    workflow: 'deploy',
    workflow_ref: `${repo}/.github/workflows/deploy.yml@refs/heads/main`,
    job_workflow_ref: `${repo}/.github/workflows/deploy.yml@refs/heads/main`,
    event_name: 'push',
    run_id: '9876',
    run_attempt: '1',
    actor: 'octo',
    environment: 'prod',
    runner_environment: 'github-hosted',
    ...over,
  };
}

const DIALECTS = ['sqlite', 'postgres'] as const;

describe.each(DIALECTS)('OIDC exchange on %s', (dialect) => {
  let pg: PrivatePostgres | undefined;
  let dir: string;
  let store: Store;
  let log: AuditLog;
  let app: FastifyInstance;
  let base: string;
  let issuer: Awaited<ReturnType<typeof startIssuer>>;
  let key: { privateKey: CryptoKey; publicKey: CryptoKey };
  let clockOffset = 0;
  let adminToken: string;
  let dead: string;
  const issued: string[] = [];
  const presented: string[] = [];

  const sign = (claims: JWTPayload, alg = 'RS256', k: CryptoKey = key.privateKey) =>
    new SignJWT(claims).setProtectedHeader({ alg, kid: 'k1', typ: 'JWT' }).sign(k);

  async function exchange(jwt: string, project: string, role = 'deployer', to = base) {
    presented.push(jwt);
    const r = await fetch(to + EXCHANGE_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: jwt, project, role }) });
    const json = (await r.json()) as any;
    if (typeof json.token === 'string') issued.push(json.token);
    return { status: r.status, json, headers: r.headers };
  }
  const get = async (path: string, token: string) => (await fetch(base + path, { headers: { authorization: `Bearer ${token}` } })).status;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-exchange-'));
    key = await generateKeyPair('RS256');
    issuer = await startIssuer({ ...(await exportJWK(key.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' });
    dead = await deadUrl();
    ({ store, pg } = await openDialectStore(dialect, join(dir, 'data')));
    const now = isoNow();
    await seedBuiltinRoles(store.db, now);
    await store.db.insertInto('projects').values([
      { id: 'p-shop', name: 'shop', description: null, created_at: now },
      { id: 'p-other', name: 'other', description: null, created_at: now },
      { id: 'p-down', name: 'down', description: null, created_at: now },
    ]).execute();
    const policy = (id: string, project: string, iss: string, conditions: object, extra: { max_ttl_s?: number; disabled_at?: string; role_id?: string } = {}) => ({
      id, project_id: project, name: id, issuer: iss, audience: AUD, conditions: JSON.stringify(conditions), role_id: extra.role_id ?? 'deployer',
      max_ttl_s: extra.max_ttl_s ?? 600, disabled_at: extra.disabled_at ?? null, created_at: now,
    });
    await store.db.insertInto('oidc_trust_policies').values([
      policy('pol-shop', 'p-shop', issuer.url, { repository: 'acme/shop', ref: 'refs/heads/main', environment: 'prod' }),
      policy('pol-shop-viewer', 'p-shop', issuer.url, { sub: 'repo:acme/shop:*' }, { role_id: 'viewer', max_ttl_s: 120 }),
      policy('pol-other', 'p-other', issuer.url, { repository: 'acme/other' }),
      policy('pol-off', 'p-other', issuer.url, { repository: 'acme/disabled' }, { disabled_at: now }),
      policy('pol-down', 'p-down', dead, { repository: 'acme/down' }),
    ]).execute();
    await store.db.insertInto('users').values({ id: 'u-admin', username: 'root', display_name: null, password_hash: null, disabled_at: null, created_at: now }).execute();
    await store.db.insertInto('role_bindings').values({ id: 'b1', principal_kind: 'user', principal_id: 'u-admin', role_id: 'admin', project_id: null, created_by: null, created_at: now }).execute();
    const t = newToken('user');
    await store.db
      .insertInto('api_tokens')
      .values({ id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'user', owner_id: 'u-admin', name: 'seed', role_id: null, project_id: null, expires_at: null, revoked_at: null, last_used_at: null, created_at: now })
      .execute();
    adminToken = t.token;

    log = await AuditLog.open(store, { signingKey: generateKeyPairSync('ed25519').privateKey, checkpointEvery: 1_000_000 });
    const keys = new IssuerKeys({ allowInsecureLoopback: true, timeoutMs: 2000 });
    app = await buildServer({
      store,
      logger: false,
      // The server's clock, moved forward by the expiry test.
      authenticate: tokenAuthenticator(store, { now: () => Date.now() + clockOffset }),
      plugins: [identityRoutes({ store, audit: log, allowInsecureLoopback: true })],
      publicPlugins: [exchangePlugin({ store, audit: log, keys, allowInsecureLoopback: true, rateLimit: { max: 1000, timeWindow: 60_000 } })],
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await log?.close();
    await store?.close();
    await pg?.stop();
    await new Promise<void>((r) => (issuer ? issuer.server.close(() => r()) : r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('exchanges a GitHub id token for a CI token that works on its project only, then expires', async () => {
    const r = await exchange(await sign(githubClaims(issuer.url, 'acme/shop')), 'shop');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ project: 'shop', role: 'deployer' });
    expect(parseToken(r.json.token)?.kind).toBe('ci');
    const ttl = Date.parse(r.json.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
    const row = await store.db.selectFrom('api_tokens').selectAll().where('id', '=', r.json.tokenId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ owner_kind: 'oidc_policy', owner_id: 'pol-shop', role_id: 'deployer', project_id: 'p-shop', expires_at: r.json.expiresAt });
    expect(row.hash).not.toContain(r.json.token);

    expect(await get('/api/v1/projects/shop', r.json.token)).toBe(200);
    expect(await get('/api/v1/projects/other', r.json.token)).toBe(403);
    // What its role grants works (oidc:read); minting tokens does not, CI tokens mint none.
    expect(await get('/api/v1/projects/shop/oidc-policies', r.json.token)).toBe(200);
    const mint = await fetch(`${base}/api/v1/tokens`, { method: 'POST', headers: { authorization: `Bearer ${r.json.token}`, 'content-type': 'application/json' }, body: '{"name":"x"}' });
    expect(mint.status).toBe(403);

    clockOffset = 601_000;
    try {
      expect(await get('/api/v1/projects/shop', r.json.token)).toBe(401);
    } finally {
      clockOffset = 0;
    }
  });

  it('the policy chooses the TTL (never above 15 minutes) and the role asked for', async () => {
    const r = await exchange(await sign(githubClaims(issuer.url, 'acme/shop', { environment: 'staging' })), 'shop', 'viewer');
    expect(r.status).toBe(200);
    expect(r.json.role).toBe('viewer');
    const ttl = Date.parse(r.json.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(110_000);
    expect(ttl).toBeLessThanOrEqual(120_000);
  });

  it('refuses a replayed id token', async () => {
    const jwt = await sign(githubClaims(issuer.url, 'acme/shop'));
    expect((await exchange(jwt, 'shop')).status).toBe(200);
    const again = await exchange(jwt, 'shop');
    expect(again.status).toBe(401);
    expect(again.json).toEqual({ error: { code: 'E_OIDC_REPLAY', message: 'token was already used' } });
  });

  it("refuses a token meant for another project's policy: 403", async () => {
    const otherJob = await exchange(await sign(githubClaims(issuer.url, 'acme/other')), 'shop');
    expect(otherJob.status).toBe(403);
    expect(otherJob.json.error.code).toBe('E_OIDC_CLAIMS');
    const shopJob = await exchange(await sign(githubClaims(issuer.url, 'acme/shop')), 'other');
    expect(shopJob.status).toBe(403);
    // The environment condition matters too.
    expect((await exchange(await sign(githubClaims(issuer.url, 'acme/shop', { environment: 'dev' })), 'shop')).status).toBe(403);
  });

  it.each([
    ['expired', { exp: nowS() - 120, iat: nowS() - 600, nbf: nowS() - 600 }, 'E_OIDC_EXPIRED'],
    ['not yet valid', { nbf: nowS() + 600 }, 'E_OIDC_NOT_YET_VALID'],
    ['wrong audience', { aud: 'https://someone-else' }, 'E_OIDC_AUDIENCE'],
    ['wrong issuer', { iss: 'https://token.actions.githubusercontent.com' }, 'E_OIDC_UNTRUSTED_ISSUER'],
  ])('refuses an %s token: 401', async (_n, over, code) => {
    const r = await exchange(await sign(githubClaims(issuer.url, 'acme/shop', over as JWTPayload)), 'shop');
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe(code);
  });

  it('refuses alg none, HS256 keyed with the public key, a stranger key, an unknown project and a disabled policy', async () => {
    const claims = githubClaims(issuer.url, 'acme/shop');
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    expect((await exchange(none, 'shop')).json.error.code).toBe('E_OIDC_ALGORITHM');
    const pubBytes = new TextEncoder().encode(JSON.stringify(await exportJWK(key.publicKey)));
    const hs = await new SignJWT(githubClaims(issuer.url, 'acme/shop')).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(pubBytes);
    const r = await exchange(hs, 'shop');
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe('E_OIDC_ALGORITHM');
    const stranger = await generateKeyPair('RS256');
    const forged = await exchange(await sign(githubClaims(issuer.url, 'acme/shop'), 'RS256', stranger.privateKey), 'shop');
    expect(forged.status).toBe(401);
    expect(forged.json.error.code).toBe('E_OIDC_SIGNATURE');
    expect((await exchange(await sign(githubClaims(issuer.url, 'acme/shop')), 'nowhere')).status).toBe(401);
    expect((await exchange(await sign(githubClaims(issuer.url, 'acme/shop')), 'shop', 'no-such-role')).status).toBe(401);
    // A built-in role the project trusts no job with: the message names project and role, not only the issuer.
    const wrongRole = await exchange(await sign(githubClaims(issuer.url, 'acme/shop')), 'shop', 'admin');
    expect(wrongRole.status).toBe(401);
    expect(wrongRole.json.error).toEqual({ code: 'E_OIDC_UNTRUSTED_ISSUER', message: 'no trust policy of this project for this role accepts tokens from this issuer' });
    expect((await exchange(await sign(githubClaims(issuer.url, 'acme/disabled')), 'other')).status).toBe(403);
    const bad = await fetch(base + EXCHANGE_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 'x', project: 'shop', role: 'deployer', extra: 1 }) });
    expect(bad.status).toBe(400);
  });

  it("answers 503 when the issuer's discovery is down", async () => {
    const r = await exchange(await sign(githubClaims(dead, 'acme/down')), 'down');
    expect(r.status).toBe(503);
    expect(r.json.error.code).toBe('E_OIDC_DISCOVERY');
  });

  it('a revoked CI token and the tokens of a deleted policy get 401', async () => {
    const r = await exchange(await sign(githubClaims(issuer.url, 'acme/shop')), 'shop');
    const del = await fetch(`${base}/api/v1/projects/shop/tokens/${r.json.tokenId}`, { method: 'DELETE', headers: { authorization: `Bearer ${adminToken}` } });
    expect(del.status).toBe(200);
    expect(await get('/api/v1/projects/shop', r.json.token)).toBe(401);

    const o = await exchange(await sign(githubClaims(issuer.url, 'acme/other')), 'other');
    expect(await get('/api/v1/projects/other', o.json.token)).toBe(200);
    const dp = await fetch(`${base}/api/v1/projects/other/oidc-policies/pol-other`, { method: 'DELETE', headers: { authorization: `Bearer ${adminToken}` } });
    expect(dp.status).toBe(204);
    expect(await get('/api/v1/projects/other', o.json.token)).toBe(401);
  });

  it('audits every decision with the claims that mattered, never a token, and the chain verifies', async () => {
    const rows = await store.db.selectFrom('audit_entries').selectAll().where('action', '=', 'oidc.exchange').orderBy('seq').execute();
    const allows = rows.filter((e) => e.outcome === 'allow');
    const denies = rows.filter((e) => e.outcome === 'deny');
    expect(allows.length).toBe(issued.length);
    expect(denies.length).toBeGreaterThanOrEqual(12);
    const first = JSON.parse(allows[0]!.detail);
    expect(allows[0]!.actor).toBe('oidc_policy:pol-shop');
    expect(first).toMatchObject({ verified: true, policy: 'pol-shop', project: 'shop', role: 'deployer', claims: { sub: 'repo:acme/shop:ref:refs/heads/main', repository: 'acme/shop', ref: 'refs/heads/main' } });
    const replay = denies.map((e) => JSON.parse(e.detail)).find((d) => d.code === 'E_OIDC_REPLAY');
    expect(replay).toMatchObject({ verified: false, status: 401, claims: { repository: 'acme/shop' } });
    const all = JSON.stringify(await store.db.selectFrom('audit_entries').selectAll().execute());
    for (const t of issued) expect(all).not.toContain(t.slice(6));
    for (const j of presented) expect(all).not.toContain(j.split('.')[2] || j.split('.')[1]!);
    await log.checkpoint();
    expect((await verifyAudit(store, log.publicKey)).ok).toBe(true);
  });

  it('is rate-limited per IP', async () => {
    const small = await buildServer({
      store,
      logger: false,
      publicPlugins: [exchangePlugin({ store, audit: log, keys: new IssuerKeys({ allowInsecureLoopback: true }), allowInsecureLoopback: true, rateLimit: { max: 2, timeWindow: 60_000 } })],
    });
    await small.listen({ host: '127.0.0.1', port: 0 });
    try {
      const url = `http://127.0.0.1:${(small.server.address() as AddressInfo).port}`;
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) codes.push((await exchange(await sign(githubClaims(issuer.url, 'acme/shop')), 'shop', 'deployer', url)).status);
      expect(codes).toEqual([200, 200, 429]);
    } finally {
      await small.close();
    }
  });

  it('with --http-workers 2, each worker allows half the limit: a client spreading requests over both gets max in all, not 2 x max', async () => {
    // Two workers as in one process (each its own in-memory counter); max 4 over both.
    const workers = await Promise.all(
      [1, 2].map(async () => {
        const w = await buildServer({
          store,
          logger: false,
          publicPlugins: [exchangePlugin({ store, audit: log, keys: new IssuerKeys({ allowInsecureLoopback: true }), allowInsecureLoopback: true, rateLimit: { max: 4, timeWindow: 60_000 }, workers: 2 })],
        });
        await w.listen({ host: '127.0.0.1', port: 0 });
        return w;
      }),
    );
    try {
      const urls = workers.map((w) => `http://127.0.0.1:${(w.server.address() as AddressInfo).port}`);
      const codes: number[] = [];
      for (let i = 0; i < 8; i++) codes.push((await exchange(await sign(githubClaims(issuer.url, 'acme/shop')), 'shop', 'deployer', urls[i % 2]!)).status);
      // Before: 8 x 200 (4 per worker).
      expect(codes).toEqual([200, 200, 200, 200, 429, 429, 429, 429]);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });

  it('the database jti store: insert once, replay after, other issuers apart, expired rows pruned', async () => {
    let t = Date.parse('2030-01-01T00:00:00Z');
    const s = new DbJtiStore(store, { now: () => t, pruneEveryMs: 0 });
    const later = new Date(t + 60_000);
    expect(await s.seen('https://a', 'j1', later)).toBe(false);
    expect(await s.seen('https://a', 'j1', later)).toBe(true);
    expect(await s.seen('https://b', 'j1', later)).toBe(false);
    // A second server process on the same database sees the first one's jti.
    expect(await new DbJtiStore(store).seen('https://a', 'j1', later)).toBe(true);
    t += 120_000;
    expect(await s.prune()).toBeGreaterThanOrEqual(2);
    const left = await store.db.selectFrom('oidc_seen_jti').select('jti').where('issuer', 'in', ['https://a', 'https://b']).execute();
    expect(left).toEqual([]);
    expect(await s.seen('https://a', 'j1', new Date(t + 60_000))).toBe(false);
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/server/app.js';
import { AuditLog } from '../../../src/server/audit/log.js';
import { auditPlugin, type AuditPlugin } from '../../../src/server/audit/plugin.js';
import { LoginLimiter, loginLimitPlugin } from '../../../src/server/identity/login-limit.js';
import { seedBuiltinRoles } from '../../../src/server/init.js';
import { identityRoutes } from '../../../src/server/identity/routes.js';
import { newToken } from '../../../src/server/identity/tokens.js';
import { openStore, type Store } from '../../../src/store/db.js';
import { isoNow } from '../../../src/store/schema.js';
import { openDialectStore, type PrivatePostgres } from '../../helpers/postgres.js';


const DIALECTS = ['sqlite', 'postgres'] as const;

describe.each(DIALECTS)('identity routes on %s', (dialect) => {
  let pg: PrivatePostgres | undefined;
  let dir: string;
  let store: Store;
  let log: AuditLog;
  let audit: AuditPlugin;
  let app: FastifyInstance;
  let base: string;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const shown: string[] = []; // every token any response showed, for the "never again" checks

  async function call(method: string, path: string, token?: string, body?: unknown) {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (json && typeof json.token === 'string') shown.push(json.token);
    return { status: r.status, json, text, headers: r.headers };
  }

  async function entries() {
    await audit.settled();
    return store.db.selectFrom('audit_entries').selectAll().orderBy('seq').execute();
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-idroutes-'));
    ({ store, pg } = await openDialectStore(dialect, join(dir, 'data')));
    const now = isoNow();
    await seedBuiltinRoles(store.db, now);
    ids.admin = 'u-admin';
    await store.db.insertInto('users').values({ id: ids.admin, username: 'root', display_name: null, password_hash: null, disabled_at: null, created_at: now }).execute();
    await store.db.insertInto('role_bindings').values({ id: 'b-admin', principal_kind: 'user', principal_id: ids.admin, role_id: 'admin', project_id: null, created_by: null, created_at: now }).execute();
    const t = newToken('user');
    await store.db
      .insertInto('api_tokens')
      .values({ id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'user', owner_id: ids.admin, name: 'bootstrap', role_id: null, project_id: null, expires_at: null, revoked_at: null, last_used_at: null, created_at: now })
      .execute();
    tok.admin = t.token;

    log = await AuditLog.open(store, { signingKey: generateKeyPairSync('ed25519').privateKey, checkpointEvery: 1_000_000 });
    audit = auditPlugin(log);
    app = await buildServer({ store, logger: false, rootPlugins: [audit], plugins: [identityRoutes({ store, audit: log, allowInsecureLoopback: true })] });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await log?.close();
    await store?.close();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('admin creates and lists projects; duplicates are 409; bad names 400', async () => {
    const a = await call('POST', '/api/v1/projects', tok.admin, { name: 'shop', description: 'the web shop' });
    expect(a.status).toBe(201);
    expect(a.json).toMatchObject({ name: 'shop', description: 'the web shop' });
    ids.shop = a.json.id;
    ids.other = (await call('POST', '/api/v1/projects', tok.admin, { name: 'other' })).json.id;
    expect((await call('POST', '/api/v1/projects', tok.admin, { name: 'shop' })).status).toBe(409);
    const bad = await call('POST', '/api/v1/projects', tok.admin, { name: 'Bad Name' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('E_VALIDATION');
    const l = await call('GET', '/api/v1/projects', tok.admin);
    expect(l.json.map((p: { name: string }) => p.name)).toEqual(['other', 'shop']);
    expect((await call('GET', '/api/v1/projects/nope', tok.admin)).status).toBe(404);
  });

  it('admin creates users, binds roles; a user token is shown once and listings never carry hashes', async () => {
    for (const name of ['bob', 'carol', 'dave']) {
      const r = await call('POST', '/api/v1/users', tok.admin, { username: name });
      expect(r.status).toBe(201);
      ids[name] = r.json.id;
    }
    expect((await call('POST', '/api/v1/users', tok.admin, { username: 'bob' })).status).toBe(409);
    // bob: developer on shop; carol: admin of shop only.
    const b1 = await call('POST', '/api/v1/projects/shop/role-bindings', tok.admin, { principalKind: 'user', principalId: ids.bob, role: 'developer' });
    expect(b1.status).toBe(201);
    expect(b1.json).toMatchObject({ roleName: 'developer', project: 'shop', createdBy: `user:${ids.admin}` });
    expect((await call('POST', '/api/v1/projects/shop/role-bindings', tok.admin, { principalKind: 'user', principalId: ids.carol, role: 'admin' })).status).toBe(201);

    // A new user's first token is issued by an admin (shown once); a non-admin cannot issue one,
    // an unknown user is 404, and the issue is audited against the user.
    expect((await call('POST', `/api/v1/users/${ids.dave}/tokens`, undefined, { name: 'x' })).status).toBe(401);
    expect((await call('POST', '/api/v1/users/nobody/tokens', tok.admin, { name: 'x' })).status).toBe(404);
    // Listing an unknown user's tokens is a 404 too, not an empty list that reads as "no tokens".
    const unknown = await call('GET', '/api/v1/users/nobody/tokens', tok.admin);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: { code: 'E_NOT_FOUND', message: 'no such user' } });
    expect((await call('GET', `/api/v1/users/${ids.dave}/tokens`, tok.admin)).status).toBe(200);
    for (const name of ['bob', 'carol', 'dave']) {
      const r = await call('POST', `/api/v1/users/${ids[name]}/tokens`, tok.admin, { name: 'seed' });
      expect(r.status).toBe(201);
      expect(r.json.token).toMatch(/^rmp_u_/);
      tok[name] = r.json.token;
    }
    expect((await call('POST', `/api/v1/users/${ids.dave}/tokens`, tok.bob, { name: 'x' })).status).toBe(403);
    const issued = (await entries()).filter((e) => e.action === 'token.create' && e.resource === `user:${ids.dave}`);
    expect(issued).toHaveLength(1);
    expect(JSON.stringify(issued)).not.toContain(tok.dave!.slice(6));
    const whoDave = await call('GET', '/api/v1/whoami', tok.dave);
    expect(whoDave.json.name).toBe('dave');

    // bob (developer on shop) makes himself a token narrowed to shop, expiring in an hour.
    const mine = await call('POST', '/api/v1/tokens', tok.bob, { name: 'laptop', project: 'shop', expiresInSeconds: 3600 });
    expect(mine.status).toBe(201);
    expect(mine.json.token).toMatch(/^rmp_u_/);
    expect(mine.json).toMatchObject({ name: 'laptop', project: 'shop', role: null });
    expect(Date.parse(mine.json.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    tok.bobShop = mine.json.token;
    ids.bobShopToken = mine.json.id;
    const who = await call('GET', '/api/v1/whoami', tok.bobShop);
    expect(who.status).toBe(200);
    expect(who.json.name).toBe('bob');

    // A token without narrowing needs tokens:create server-wide, which bob lacks.
    expect((await call('POST', '/api/v1/tokens', tok.bob, { name: 'everything' })).status).toBe(403);
    // The narrowed token cannot mint a token for another project or an unnarrowed one.
    expect((await call('POST', '/api/v1/tokens', tok.bobShop, { name: 'x', project: 'other' })).status).toBe(403);
    const child = await call('POST', '/api/v1/tokens', tok.bobShop, { name: 'child' });
    expect(child.status).toBe(201);
    expect(child.json.project).toBe('shop');

    const list = await call('GET', '/api/v1/tokens', tok.bob);
    expect(list.status).toBe(200);
    expect(list.json.map((t: { name: string }) => t.name).sort()).toEqual(['child', 'laptop', 'seed']);
    for (const t of list.json) expect(Object.keys(t)).not.toContain('hash');
    for (const s of shown) expect(list.text).not.toContain(s.slice(6));
    const users = await call('GET', '/api/v1/users', tok.admin);
    expect(users.json.map((u: { username: string }) => u.username)).toEqual(['bob', 'carol', 'dave', 'root']);
  });

  it('a role reading another project: 403, and the refusal is audited', async () => {
    const r = await call('GET', '/api/v1/projects/other/service-accounts', tok.bob);
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('E_FORBIDDEN');
    // Unknown projects look the same as forbidden ones to a non-admin.
    expect((await call('GET', '/api/v1/projects/ghost/service-accounts', tok.bob)).status).toBe(403);
    // The narrowed token cannot even read other's metadata.
    expect((await call('GET', '/api/v1/projects/other', tok.bobShop)).status).toBe(403);
    const e = (await entries()).filter((x) => x.actor === `user:${ids.bob}` && x.action === 'GET /api/v1/projects/:project/service-accounts');
    expect(e.map((x) => [x.resource, x.outcome, JSON.parse(x.detail).status, JSON.parse(x.detail).code])).toEqual([
      ['/api/v1/projects/other/service-accounts', 'deny', 403, 'E_FORBIDDEN'],
      ['/api/v1/projects/ghost/service-accounts', 'deny', 403, 'E_FORBIDDEN'],
    ]);
  });

  it('server-wide routes are for global admins only', async () => {
    expect((await call('GET', '/api/v1/users', tok.carol)).status).toBe(403);
    expect((await call('POST', '/api/v1/users', tok.carol, { username: 'eve' })).status).toBe(403);
    expect((await call('POST', '/api/v1/projects', tok.carol, { name: 'mine' })).status).toBe(403);
    expect((await call('GET', '/api/v1/projects', tok.bob)).status).toBe(403);
    expect((await call('POST', '/api/v1/role-bindings', tok.carol, { principalKind: 'user', principalId: ids.carol, role: 'admin' })).status).toBe(403);
    expect((await call('GET', '/api/v1/projects/shop', tok.bob)).status).toBe(200);
  });

  it('a project admin manages its service accounts and their tokens, only in its project', async () => {
    const sa = await call('POST', '/api/v1/projects/shop/service-accounts', tok.carol, { name: 'shop-deployer', description: 'CD' });
    expect(sa.status).toBe(201);
    expect(sa.json).toMatchObject({ name: 'shop-deployer', project: 'shop', disabledAt: null });
    ids.sa = sa.json.id;
    expect((await call('POST', '/api/v1/projects/other/service-accounts', tok.carol, { name: 'x' })).status).toBe(403);
    expect((await call('POST', '/api/v1/projects/shop/service-accounts', tok.bob, { name: 'y' })).status).toBe(403);
    expect((await call('POST', '/api/v1/projects/shop/role-bindings', tok.carol, { principalKind: 'service_account', principalId: ids.sa, role: 'deployer' })).status).toBe(201);
    // Another project's admin route cannot reach this account.
    expect((await call('POST', `/api/v1/projects/other/service-accounts/${ids.sa}/tokens`, tok.admin, { name: 't' })).status).toBe(404);

    const t = await call('POST', `/api/v1/projects/shop/service-accounts/${ids.sa}/tokens`, tok.carol, { name: 'ci' });
    expect(t.status).toBe(201);
    expect(t.json.token).toMatch(/^rmp_s_/);
    expect(t.json.project).toBe('shop');
    tok.sa = t.json.token;
    const who = await call('GET', '/api/v1/whoami', tok.sa);
    expect(who.json).toMatchObject({ kind: 'service_account', name: 'shop-deployer' });
    expect((await call('GET', '/api/v1/projects/shop', tok.sa)).status).toBe(200);
    const listed = await call('GET', `/api/v1/projects/shop/service-accounts/${ids.sa}/tokens`, tok.carol);
    expect(listed.json).toHaveLength(1);
    expect(listed.text).not.toContain(tok.sa!.slice(6));
    expect(listed.json[0]).not.toHaveProperty('hash');

    const names = await call('GET', '/api/v1/projects/shop/service-accounts', tok.bob);
    expect(names.json.map((s: { name: string }) => s.name)).toEqual(['shop-deployer']);
    const d = await call('POST', `/api/v1/projects/shop/service-accounts/${ids.sa}/disable`, tok.carol);
    expect(d.status).toBe(200);
    expect(d.json.disabledAt).not.toBeNull();
    // Tokens of a disabled account stop at once.
    const after = await call('GET', '/api/v1/whoami', tok.sa);
    expect(after.status).toBe(401);
    expect((await call('POST', `/api/v1/projects/shop/service-accounts/${ids.sa}/tokens`, tok.carol, { name: 'again' })).status).toBe(409);
  });

  it('global service accounts are admin-only', async () => {
    expect((await call('POST', '/api/v1/service-accounts', tok.carol, { name: 'org-bot' })).status).toBe(403);
    const sa = await call('POST', '/api/v1/service-accounts', tok.admin, { name: 'org-bot' });
    expect(sa.status).toBe(201);
    expect(sa.json.project).toBeNull();
    // A token narrowed to a role the account holds no binding of would grant nothing: refused.
    expect((await call('POST', `/api/v1/service-accounts/${sa.json.id}/tokens`, tok.admin, { name: 'k', project: 'other', role: 'viewer' })).json.error.code).toBe('E_ROLE_NOT_HELD');
    expect((await call('POST', '/api/v1/projects/other/role-bindings', tok.admin, { principalKind: 'service_account', principalId: sa.json.id, role: 'viewer' })).status).toBe(201);
    const t = await call('POST', `/api/v1/service-accounts/${sa.json.id}/tokens`, tok.admin, { name: 'k', project: 'other', role: 'viewer' });
    expect(t.status).toBe(201);
    expect(t.json).toMatchObject({ project: 'other', role: 'viewer' });
    const all = await call('GET', '/api/v1/service-accounts', tok.admin);
    expect(all.json.map((s: { name: string }) => s.name).sort()).toEqual(['org-bot', 'shop-deployer']);
    const dis = await call('POST', `/api/v1/service-accounts/${sa.json.id}/disable`, tok.admin);
    expect(dis.json.disabledAt).not.toBeNull();
  });

  it('revoked tokens and tokens of disabled users get 401', async () => {
    const r = await call('DELETE', `/api/v1/tokens/${ids.bobShopToken}`, tok.bob);
    expect(r.status).toBe(200);
    expect(r.json.revokedAt).not.toBeNull();
    expect((await call('GET', '/api/v1/whoami', tok.bobShop)).status).toBe(401);
    // Nobody revokes someone else's token through the self route.
    const carolTokens = await call('GET', '/api/v1/tokens', tok.carol);
    expect((await call('DELETE', `/api/v1/tokens/${carolTokens.json[0].id}`, tok.bob)).status).toBe(404);

    expect((await call('POST', `/api/v1/users/${ids.admin}/disable`, tok.admin)).status).toBe(409);
    const d = await call('POST', `/api/v1/users/${ids.dave}/disable`, tok.admin);
    expect(d.status).toBe(200);
    const w = await call('GET', '/api/v1/whoami', tok.dave);
    expect(w.status).toBe(401);
    expect(w.json.error.code).toBe('E_UNAUTHENTICATED');
  });

  it('security-admin revokes project-narrowed tokens; viewers cannot', async () => {
    const sec = await call('POST', '/api/v1/users', tok.admin, { username: 'sec' });
    await call('POST', '/api/v1/projects/shop/role-bindings', tok.admin, { principalKind: 'user', principalId: sec.json.id, role: 'security-admin' });
    const secTok = await call('POST', `/api/v1/service-accounts/${(await call('POST', '/api/v1/service-accounts', tok.admin, { name: 'helper' })).json.id}/tokens`, tok.admin, { name: 'unused' });
    expect(secTok.status).toBe(201);
    // sec needs a token: issue it by the store-free path (admin route for users does not mint).
    const t = newToken('user');
    await store.db
      .insertInto('api_tokens')
      .values({ id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'user', owner_id: sec.json.id, name: 'seed', role_id: null, project_id: null, expires_at: null, revoked_at: null, last_used_at: null, created_at: isoNow() })
      .execute();
    const child = await call('POST', '/api/v1/tokens', tok.bob, { name: 'to-revoke', project: 'shop' });
    const listed = await call('GET', '/api/v1/projects/shop/tokens', t.token);
    expect(listed.status).toBe(200);
    expect(listed.json.some((x: { id: string }) => x.id === child.json.id)).toBe(true);
    expect((await call('GET', '/api/v1/projects/shop/tokens', tok.bob)).status).toBe(403);
    expect((await call('DELETE', `/api/v1/projects/other/tokens/${child.json.id}`, t.token)).status).toBe(403);
    const rv = await call('DELETE', `/api/v1/projects/shop/tokens/${child.json.id}`, t.token);
    expect(rv.status).toBe(200);
    expect((await call('GET', '/api/v1/whoami', child.json.token)).status).toBe(401);
  });

  it('custom roles: validated, scoped to their project, and no one grants more than they hold', async () => {
    const bad = await call('POST', '/api/v1/projects/shop/roles', tok.carol, { name: 'sneaky', permissions: ['admin:users'] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('server-wide');
    expect((await call('POST', '/api/v1/projects/shop/roles', tok.carol, { name: 'viewer', permissions: ['projects:read'] })).status).toBe(400);
    const binder = await call('POST', '/api/v1/projects/shop/roles', tok.carol, { name: 'binder', permissions: ['roles:write', 'roles:read', 'projects:read'] });
    expect(binder.status).toBe(201);
    expect(binder.json).toMatchObject({ name: 'binder', project: 'shop', builtin: false });
    const u = await call('POST', '/api/v1/users', tok.admin, { username: 'erin' });
    await call('POST', '/api/v1/projects/shop/role-bindings', tok.carol, { principalKind: 'user', principalId: u.json.id, role: 'binder' });
    const t = newToken('user');
    await store.db
      .insertInto('api_tokens')
      .values({ id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'user', owner_id: u.json.id, name: 'seed', role_id: null, project_id: null, expires_at: null, revoked_at: null, last_used_at: null, created_at: isoNow() })
      .execute();
    // erin may bind roles on shop, but not hand out admin (she does not hold its permissions).
    const esc = await call('POST', '/api/v1/projects/shop/role-bindings', t.token, { principalKind: 'user', principalId: u.json.id, role: 'admin' });
    expect(esc.status).toBe(403);
    expect(esc.json.error.message).toContain('cannot grant role admin');
    expect((await call('POST', '/api/v1/projects/shop/role-bindings', t.token, { principalKind: 'user', principalId: ids.bob, role: 'binder' })).status).toBe(201);
    // The project role does not exist elsewhere.
    expect((await call('POST', '/api/v1/projects/other/role-bindings', tok.admin, { principalKind: 'user', principalId: ids.bob, role: 'binder' })).status).toBe(404);
    const roles = await call('GET', '/api/v1/projects/shop/roles', tok.bob);
    expect(roles.json.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['admin', 'binder', 'developer', 'viewer']));
    const bindings = await call('GET', '/api/v1/projects/shop/role-bindings', tok.bob);
    expect(bindings.json.filter((b: { roleName: string }) => b.roleName === 'binder')).toHaveLength(2);
    const del = await call('DELETE', `/api/v1/projects/shop/roles/${binder.json.id}`, tok.carol);
    expect(del.status).toBe(204);
    const after = await call('GET', '/api/v1/projects/shop/role-bindings', tok.bob);
    expect(after.json.filter((b: { roleName: string }) => b.roleName === 'binder')).toHaveLength(0);
    // Global custom roles are admin work; built-ins cannot be deleted.
    expect((await call('POST', '/api/v1/roles', tok.carol, { name: 'auditor', permissions: ['audit:read'] })).status).toBe(403);
    const g = await call('POST', '/api/v1/roles', tok.admin, { name: 'auditor', permissions: ['audit:read', 'audit:export'] });
    expect(g.status).toBe(201);
    expect((await call('DELETE', '/api/v1/roles/admin', tok.admin)).status).toBe(404);
    expect((await call('DELETE', `/api/v1/roles/${g.json.id}`, tok.admin)).status).toBe(204);
  });

  it('role bindings: project admins revoke their project bindings; global ones are admin:roles', async () => {
    const l = await call('GET', '/api/v1/projects/shop/role-bindings', tok.carol);
    const bob = l.json.find((b: { principalId: string; roleName: string }) => b.principalId === ids.bob && b.roleName === 'developer');
    expect((await call('DELETE', `/api/v1/projects/other/role-bindings/${bob.id}`, tok.admin)).status).toBe(404);
    expect((await call('DELETE', `/api/v1/projects/shop/role-bindings/${bob.id}`, tok.carol)).status).toBe(204);
    expect((await call('GET', '/api/v1/projects/shop', tok.bob)).status).toBe(403);
    const g = await call('GET', '/api/v1/role-bindings', tok.admin);
    expect(g.json.map((b: { roleName: string; project: string | null }) => [b.roleName, b.project])).toEqual([['admin', null]]);
  });

  it('OIDC trust policies: refused without a subject or repository constraint; created, listed, deleted', async () => {
    const body = { name: 'gha-main', issuer: 'https://token.actions.githubusercontent.com', audience: 'rampart', conditions: { ref: 'refs/heads/main' }, role: 'deployer' };
    const loose = await call('POST', '/api/v1/projects/shop/oidc-policies', tok.carol, body);
    expect(loose.status).toBe(400);
    expect(loose.json.error.message).toContain('must constrain the subject or repository');
    const wild = await call('POST', '/api/v1/projects/shop/oidc-policies', tok.carol, { ...body, conditions: { sub: 'repo:*' } });
    expect(wild.status).toBe(400);
    const ttl = await call('POST', '/api/v1/projects/shop/oidc-policies', tok.carol, { ...body, conditions: { repository: 'acme/shop' }, maxTtlSeconds: 3600 });
    expect(ttl.status).toBe(400);
    const ok = await call('POST', '/api/v1/projects/shop/oidc-policies', tok.carol, { ...body, conditions: { repository: 'acme/shop', ref: 'refs/heads/main' } });
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({ name: 'gha-main', project: 'shop', roleName: 'deployer', maxTtlSeconds: 600, conditions: { repository: 'acme/shop', ref: 'refs/heads/main' } });
    expect((await call('POST', '/api/v1/projects/shop/oidc-policies', tok.carol, { ...body, conditions: { repository: 'acme/shop' } })).status).toBe(409);
    // bob (viewer-level now) can neither create nor delete, but oidc:read is not his either any more.
    expect((await call('POST', '/api/v1/projects/shop/oidc-policies', tok.bob, { ...body, name: 'x', conditions: { repository: 'acme/shop' } })).status).toBe(403);
    // A security-admin (oidc:write, no secrets:read) cannot trust CI jobs with a role that reads secrets.
    const sec = (await call('GET', '/api/v1/users', tok.admin)).json.find((u: { username: string }) => u.username === 'sec');
    const st = newToken('user');
    await store.db
      .insertInto('api_tokens')
      .values({ id: st.id, prefix: st.prefix, hash: st.hash, owner_kind: 'user', owner_id: sec.id, name: 'seed2', role_id: null, project_id: null, expires_at: null, revoked_at: null, last_used_at: null, created_at: isoNow() })
      .execute();
    const escalate = await call('POST', '/api/v1/projects/shop/oidc-policies', st.token, { ...body, name: 'sec-try', conditions: { repository: 'acme/shop' } });
    expect(escalate.status).toBe(403);
    expect(escalate.json.error.message).toContain('secrets:read');
    expect((await call('POST', '/api/v1/projects/shop/oidc-policies', st.token, { ...body, name: 'sec-view', role: 'viewer', conditions: { repository: 'acme/shop' } })).status).toBe(201);
    const l = await call('GET', '/api/v1/projects/shop/oidc-policies', tok.carol);
    expect(l.json.map((p: { name: string }) => p.name)).toEqual(['gha-main', 'sec-view']);
    expect((await call('DELETE', `/api/v1/projects/other/oidc-policies/${ok.json.id}`, tok.admin)).status).toBe(404);
    expect((await call('DELETE', `/api/v1/projects/shop/oidc-policies/${ok.json.id}`, tok.carol)).status).toBe(204);
    expect((await call('GET', '/api/v1/projects/shop/oidc-policies', tok.carol)).json.map((p: { name: string }) => p.name)).toEqual(['sec-view']);
  });

  it('every change wrote its own audit entry, no entry holds a token, and the chain verifies', async () => {
    const all = await entries();
    const actions = new Set(all.map((e) => e.action));
    for (const a of ['project.create', 'user.create', 'user.disable', 'service-account.create', 'service-account.disable', 'token.create', 'token.revoke', 'role-binding.create', 'role-binding.delete', 'role.create', 'role.delete', 'oidc-policy.create', 'oidc-policy.delete']) {
      expect(actions, a).toContain(a);
    }
    const text = JSON.stringify(all);
    for (const t of [...Object.values(tok), ...shown]) expect(text).not.toContain(t.slice(6));
    await log.checkpoint();
    const { verifyAudit } = await import('../../../src/server/audit/verify.js');
    const v = await verifyAudit(store, log.publicKey);
    expect(v.ok).toBe(true);
    expect(v.entries).toBe(all.length);
  });

  it('OpenAPI lists every identity route with response schemas', async () => {
    const doc = (await call('GET', '/api/docs')).json;
    const paths = Object.keys(doc.paths);
    for (const p of ['/api/v1/projects', '/api/v1/users/{id}/disable', '/api/v1/projects/{project}/service-accounts/{id}/tokens', '/api/v1/tokens/{id}', '/api/v1/projects/{project}/oidc-policies/{id}', '/api/v1/roles/{id}']) {
      expect(paths).toContain(p);
    }
    const cond = doc.paths['/api/v1/projects/{project}/oidc-policies'].post.requestBody.content['application/json'].schema.properties.conditions;
    expect(cond.additionalProperties.anyOf.map((s: { type: string }) => s.type)).toEqual(['string', 'number', 'boolean', 'array']);
    expect(JSON.stringify(doc)).not.toMatch(/"type":\[/); // OpenAPI 3.0 has no type lists
    expect(doc.paths['/api/v1/roles/{id}'].delete.responses['204']).not.toHaveProperty('content');
    expect(doc.paths['/api/v1/auth/oidc/exchange']).toBeUndefined(); // not mounted in this server
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        if (!path.startsWith('/api/v1/') || path === '/api/v1/health') continue;
        expect(Object.keys(op.responses), `${method} ${path}`).toContain('401');
      }
    }
  });
});

describe('login brute-force limit', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let base: string;
  let good: string;
  let revoked: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-limit-'));
    store = await openStore({ dataDir: join(dir, 'data') });
    const now = isoNow();
    await store.db.insertInto('users').values({ id: 'u1', username: 'alice', display_name: null, password_hash: null, disabled_at: null, created_at: now }).execute();
    for (const [name, rev] of [['good', null], ['revoked', now]] as const) {
      const t = newToken('user');
      await store.db
        .insertInto('api_tokens')
        .values({ id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'user', owner_id: 'u1', name, role_id: null, project_id: null, expires_at: null, revoked_at: rev, last_used_at: null, created_at: now })
        .execute();
      if (name === 'good') good = t.token;
      else revoked = t.token;
    }
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(limiter: LoginLimiter) {
    await app?.close();
    app = await buildServer({ store, logger: false, rootPlugins: [loginLimitPlugin(limiter)] });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  }
  const whoami = async (token: string) => {
    const r = await fetch(`${base}/api/v1/whoami`, { headers: { authorization: `Bearer ${token}` } });
    return { status: r.status, body: await r.text(), retryAfter: r.headers.get('retry-after') };
  };

  it('unknown and wrong tokens get the same answer; after the free failures the IP gets 429 with Retry-After', async () => {
    await start(new LoginLimiter({ freeFailures: 4, baseBlockMs: 30_000 }));
    const unknown = await whoami(newToken('user').token);
    const wrong = await whoami(revoked);
    expect(unknown.status).toBe(401);
    expect(wrong).toEqual(unknown);
    expect((await whoami('garbage')).status).toBe(401);
    expect((await whoami(good)).status).toBe(200); // success does not reset, nor is it blocked yet
    expect((await whoami(newToken('service').token)).status).toBe(401); // the 4th failure
    const blocked = await whoami(newToken('user').token);
    expect(blocked.status).toBe(429);
    expect(JSON.parse(blocked.body).error.code).toBe('E_RATE_LIMITED');
    expect(Number(blocked.retryAfter)).toBeGreaterThanOrEqual(29);
    // While blocked, a valid token still works (review M5: others' failures never lock its holder
    // out); every other token, the revoked one included, gets 429 without being checked.
    expect((await whoami(good)).status).toBe(200);
    expect((await whoami(revoked)).status).toBe(429);
    // No credentials: nothing is guessed, the usual 401 (counted on its own, more freely).
    expect((await fetch(`${base}/api/v1/whoami`)).status).toBe(401);
  });

  it("guesses at one token's visible prefix block the guesser's address, never the token's holder", async () => {
    await start(new LoginLimiter({ freeFailures: 2, baseBlockMs: 30_000 }));
    const prefix = good.slice(0, 10);
    const guess = (i: number) => {
      const t = newToken('user').token;
      return prefix + t.slice(10, -1) + String(i % 10);
    };
    expect((await whoami(guess(1))).status).toBe(401);
    expect((await whoami(guess(2))).status).toBe(401);
    expect((await whoami(guess(3))).status).toBe(429);
    expect((await whoami(good)).status).toBe(200);
    expect((await whoami(newToken('user').token)).status).toBe(429);
  });

  it('blocks grow exponentially, are capped, expire, and the key table is bounded', () => {
    let t = 0;
    const l = new LoginLimiter({ freeFailures: 2, baseBlockMs: 1000, maxBlockMs: 8000, windowMs: 60_000, maxKeys: 50, now: () => t });
    expect(l.fail('k', 2)).toBe(0);
    expect(l.fail('k', 2)).toBe(1000);
    t += 1000;
    expect(l.blockedFor('k')).toBe(0);
    expect(l.fail('k', 2)).toBe(2000);
    t += 2000;
    expect(l.fail('k', 2)).toBe(4000);
    t += 4000;
    expect(l.fail('k', 2)).toBe(8000);
    t += 8000;
    expect(l.fail('k', 2)).toBe(8000); // capped
    t += 10 * 60_000; // a new window: the count starts again
    expect(l.blockedFor('k')).toBe(0);
    expect(l.fail('k', 2)).toBe(0);
    expect(l.blockedFor('k')).toBe(0);
    for (let i = 0; i < 500; i++) l.fail(`ip:${i}`, 2);
    expect(l.size).toBe(50);
  });
});

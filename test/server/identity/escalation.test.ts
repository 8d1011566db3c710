import { describe, expect, it } from 'vitest';
import { newToken } from '../../../src/server/identity/tokens.js';
import { isoNow } from '../../../src/store/schema.js';
import { SHOP, shopHarness } from './shop-harness.js';

/**
 * Issue 7, identity gaps, through the HTTP API on both dialects:
 * - nobody issues a token for a service account (or a user) whose bindings are wider than their
 *   own (other scope, server-wide role, wider secret paths), nor binds such a role: 403
 *   E_WIDER_GRANT naming the grant, audited; the narrow cases are allowed;
 * - custom roles with secret paths: validated, stored (migration 0004), and a binding of the role
 *   covers only what both allow, on reads, writes and listings.
 */

const DIALECTS = ['sqlite', 'postgres'] as const;

describe.each(DIALECTS)('identity escalation guards and path-scoped roles on %s', (dialect) => {
  const h = shopHarness(dialect, { tmpPrefix: 'rampart-escalation-', secrets: ['app/web/key', 'app/api/key', 'app/shared', 'db/password'] });
  const { call, user, bind, refusals, tok, ids } = h;
  const S = SHOP;

  describe('tokens for service accounts', () => {
    it('a path-limited project admin cannot issue a token for an account with wider secret paths (403 E_WIDER_GRANT, audited, no token made)', async () => {
      const sa = await call('POST', `${S}/service-accounts`, tok.carol!, { name: 'ci' });
      expect(sa.status).toBe(201);
      ids.ci = sa.json.id;
      // The server admin gives it developer on every path of shop.
      expect((await bind(`${S}/role-bindings`, 'service_account', ids.ci!, 'developer')).status).toBe(201);
      const before = (await refusals('E_WIDER_GRANT')).length;
      const r = await call('POST', `${S}/service-accounts/${ids.ci}/tokens`, tok.carol!, { name: 'borrowed' });
      expect(r.status).toBe(403);
      expect(r.json.error.code).toBe('E_WIDER_GRANT');
      expect(r.json.error.message).toContain('service account ci');
      expect(r.json.error.message).toContain('role developer');
      expect(r.json.error.message).toMatch(/secrets:\w+ on project shop on every path, which you hold only on app\/\*\*/);
      expect(r.json.token).toBeUndefined();
      const rows = await h.store.db.selectFrom('api_tokens').select('id').where('owner_kind', '=', 'service_account').where('owner_id', '=', ids.ci!).execute();
      expect(rows).toEqual([]);
      const denied = await refusals('E_WIDER_GRANT');
      expect(denied.length - before).toBe(1);
      expect(denied.at(-1)).toMatchObject({ actor: `user:${ids.carol}`, resource: `${S}/service-accounts/${ids.ci}/tokens` });
    });

    it('the same account: an admin holding every path may issue; the narrow account: the path-limited admin may too', async () => {
      const wide = await call('POST', `${S}/service-accounts/${ids.ci}/tokens`, tok.sam!, { name: 'deploy' });
      expect(wide.status).toBe(201);
      expect(wide.json.project).toBe('shop');

      const sa = await call('POST', `${S}/service-accounts`, tok.carol!, { name: 'ci-web' });
      ids.ciWeb = sa.json.id;
      // carol herself binds it within her own paths, then issues its token.
      expect((await bind(`${S}/role-bindings`, 'service_account', ids.ciWeb!, 'developer', ['app/web/*'], tok.carol!)).status).toBe(201);
      const t = await call('POST', `${S}/service-accounts/${ids.ciWeb}/tokens`, tok.carol!, { name: 'web' });
      expect(t.status).toBe(201);
      expect((await call('GET', `${S}/secrets/app/web/key`, t.json.token)).json.value).toBe('v-app/web/key');
      expect((await call('GET', `${S}/secrets/db/password`, t.json.token)).status).toBe(403);
    });

    it('binding a wider role to an account is refused the same way; within the granter paths it is allowed', async () => {
      const wide = await bind(`${S}/role-bindings`, 'service_account', ids.ciWeb!, 'developer', undefined, tok.carol!);
      expect(wide.status).toBe(403);
      expect(wide.json.error.code).toBe('E_WIDER_GRANT');
      expect(wide.json.error.message).toContain('cannot grant role developer');
      expect(wide.json.error.message).toContain('every path');
      const outside = await bind(`${S}/role-bindings`, 'service_account', ids.ciWeb!, 'deployer', ['db/*'], tok.carol!);
      expect(outside.status).toBe(403);
      expect(outside.json.error.message).toContain('which you hold only on app/**');
      const inside = await bind(`${S}/role-bindings`, 'service_account', ids.ciWeb!, 'deployer', ['app/api/*'], tok.carol!);
      expect(inside.status).toBe(201);
    });

    it('a server-wide role, or another project, on an organisation account: refused to a holder of admin:users alone', async () => {
      // ursula administers users (a global custom role) and is developer on shop, nothing more.
      const role = await call('POST', '/api/v1/roles', tok.root!, { name: 'user-admin', permissions: ['admin:users'] });
      expect(role.status).toBe(201);
      await user('ursula');
      expect((await bind('/api/v1/role-bindings', 'user', ids.ursula!, 'user-admin')).status).toBe(201);
      expect((await bind(`${S}/role-bindings`, 'user', ids.ursula!, 'developer')).status).toBe(201);

      const mk = async (name: string) => (await call('POST', '/api/v1/service-accounts', tok.root!, { name })).json.id as string;
      const global = await mk('org-deployer');
      expect((await bind('/api/v1/role-bindings', 'service_account', global, 'deployer')).status).toBe(201);
      const g = await call('POST', `/api/v1/service-accounts/${global}/tokens`, tok.ursula!, { name: 'x' });
      expect(g.status).toBe(403);
      expect(g.json.error.code).toBe('E_WIDER_GRANT');
      expect(g.json.error.message).toMatch(/role deployer carries \S+ server-wide, which you do not hold there/);

      const elsewhere = await mk('other-dev');
      expect((await bind('/api/v1/projects/other/role-bindings', 'service_account', elsewhere, 'developer')).status).toBe(201);
      const o = await call('POST', `/api/v1/service-accounts/${elsewhere}/tokens`, tok.ursula!, { name: 'x' });
      expect(o.status).toBe(403);
      expect(o.json.error.message).toContain('on project other');
      // Narrowed to shop, the token cannot use the binding on other: nothing wider passes.
      const narrowed = await call('POST', `/api/v1/service-accounts/${elsewhere}/tokens`, tok.ursula!, { name: 'x', project: 'shop' });
      expect(narrowed.status).toBe(201);
      expect((await call('GET', '/api/v1/projects/other/secrets', narrowed.json.token)).status).toBe(403);

      // An account whose bindings ursula holds herself (developer on shop, user-admin globally).
      const mine = await mk('shop-dev');
      expect((await bind(`${S}/role-bindings`, 'service_account', mine, 'developer')).status).toBe(201);
      expect((await bind('/api/v1/role-bindings', 'service_account', mine, 'user-admin')).status).toBe(201);
      expect((await call('POST', `/api/v1/service-accounts/${mine}/tokens`, tok.ursula!, { name: 'x' })).status).toBe(201);
    });

    it('a token for a user is guarded the same way: admin:users alone cannot mint an admin token', async () => {
      const r = await call('POST', `/api/v1/users/${ids.root}/tokens`, tok.ursula!, { name: 'takeover' });
      expect(r.status).toBe(403);
      expect(r.json.error.code).toBe('E_WIDER_GRANT');
      expect(r.json.error.message).toContain('user root');
      await user('vic');
      expect((await call('POST', `/api/v1/users/${ids.vic}/tokens`, tok.ursula!, { name: 'first' })).status).toBe(201);
      // The global admin holds everything: no refusal.
      expect((await call('POST', `/api/v1/users/${ids.ursula}/tokens`, tok.root!, { name: 'spare' })).status).toBe(201);
    });
  });

  describe('custom roles with secret paths', () => {
    it('are validated (400 naming the field) and stored with their paths', async () => {
      const bad = await call('POST', `${S}/roles`, tok.root!, { name: 'bad', permissions: ['secrets:read'], paths: ['app/x*'] });
      expect(bad.status).toBe(400);
      expect(bad.json.error.message).toContain('paths[0]');
      const useless = await call('POST', `${S}/roles`, tok.root!, { name: 'useless', permissions: ['findings:read'], paths: ['app/**'] });
      expect(useless.status).toBe(400);
      expect(useless.json.error.message).toContain('no secrets permission');
      expect((await call('POST', `${S}/roles`, tok.root!, { name: 'empty', permissions: ['secrets:read'], paths: [] })).status).toBe(400);

      const r = await call('POST', `${S}/roles`, tok.root!, { name: 'app-dev', permissions: ['secrets:read', 'secrets:write', 'secrets:list'], paths: ['app/**'] });
      expect(r.status).toBe(201);
      expect(r.json).toMatchObject({ name: 'app-dev', project: 'shop', paths: ['app/**'] });
      const listed = (await call('GET', `${S}/roles`, tok.root!)).json as { name: string; paths: string[] | null }[];
      expect(listed.find((x) => x.name === 'app-dev')!.paths).toEqual(['app/**']);
      expect(listed.find((x) => x.name === 'developer')!.paths).toBeNull();
      const stored = await h.store.db.selectFrom('roles').select('paths').where('name', '=', 'app-dev').executeTakeFirstOrThrow();
      expect(stored.paths).toBe('["app/**"]');
    });

    it('a binding without paths inherits the role paths: reads, writes and listings stay inside them', async () => {
      await user('pat');
      const b = await bind(`${S}/role-bindings`, 'user', ids.pat!, 'app-dev');
      expect(b.status).toBe(201);
      expect(b.json.paths).toEqual(['app/**']);
      expect((await call('GET', `${S}/secrets/app/api/key`, tok.pat!)).json.value).toBe('v-app/api/key');
      expect((await call('PUT', `${S}/secrets/app/api/key`, tok.pat!, { value: 'new' })).status).toBe(200);
      const out = await call('GET', `${S}/secrets/db/password`, tok.pat!);
      expect(out.status).toBe(403);
      expect((await call('PUT', `${S}/secrets/db/password`, tok.pat!, { value: 'x' })).status).toBe(403);
      const list = await call('GET', `${S}/secrets`, tok.pat!);
      expect(list.json.secrets.map((s: { path: string }) => s.path)).toEqual(['app/api/key', 'app/shared', 'app/web/key']);
    });

    it('a binding with paths gets the intersection; disjoint paths are a 400', async () => {
      await user('quinn');
      const b = await bind(`${S}/role-bindings`, 'user', ids.quinn!, 'app-dev', ['app/web/*', 'db/*', '*/shared']);
      expect(b.status).toBe(201);
      expect([...b.json.paths].sort()).toEqual(['app/shared', 'app/web/*']);
      expect((await call('GET', `${S}/secrets/app/web/key`, tok.quinn!)).status).toBe(200);
      expect((await call('GET', `${S}/secrets/app/shared`, tok.quinn!)).status).toBe(200);
      expect((await call('GET', `${S}/secrets/db/password`, tok.quinn!)).status).toBe(403);
      expect((await call('GET', `${S}/secrets/app/api/key`, tok.quinn!)).status).toBe(403);
      const list = await call('GET', `${S}/secrets`, tok.quinn!);
      expect(list.json.secrets.map((s: { path: string }) => s.path)).toEqual(['app/shared', 'app/web/key']);
      const none = await bind(`${S}/role-bindings`, 'user', ids.quinn!, 'app-dev', ['db/*']);
      expect(none.status).toBe(400);
      expect(none.json.error.message).toContain("overlaps role app-dev's paths");
    });

    it('the role paths count in the escalation check: a path-limited admin may bind the role, not a wider one', async () => {
      await user('rita');
      const ok = await bind(`${S}/role-bindings`, 'user', ids.rita!, 'app-dev', undefined, tok.carol!);
      expect(ok.status).toBe(201);
      expect(ok.json.paths).toEqual(['app/**']);
      const wide = await call('POST', `${S}/roles`, tok.root!, { name: 'db-dev', permissions: ['secrets:read'], paths: ['db/**'] });
      expect(wide.status).toBe(201);
      const refused = await bind(`${S}/role-bindings`, 'user', ids.rita!, 'db-dev', undefined, tok.carol!);
      expect(refused.status).toBe(403);
      expect(refused.json.error.message).toContain('secrets:read on project shop on db/**, which you hold only on app/**');
      // And a token for an account holding it.
      const sa = await call('POST', `${S}/service-accounts`, tok.carol!, { name: 'db-bot' });
      expect((await bind(`${S}/role-bindings`, 'service_account', sa.json.id, 'db-dev')).status).toBe(201);
      expect((await call('POST', `${S}/service-accounts/${sa.json.id}/tokens`, tok.carol!, { name: 'x' })).status).toBe(403);
      expect((await call('POST', `${S}/service-accounts/${sa.json.id}/tokens`, tok.sam!, { name: 'x' })).status).toBe(201);
    });

    it('an OIDC trust policy may name a path-scoped role: its CI tokens get the role paths, and a path-limited admin may trust CI within them', async () => {
      const body = { issuer: 'https://token.actions.githubusercontent.com', audience: 'rampart', conditions: { repository: 'acme/shop' } };
      const scoped = await call('POST', `${S}/oidc-policies`, tok.carol!, { ...body, name: 'gha-app', role: 'app-dev' });
      expect(scoped.status).toBe(201);
      // A path-limited admin cannot hand CI jobs a role reading secrets on every path.
      const carol = await call('POST', `${S}/oidc-policies`, tok.carol!, { ...body, name: 'gha-carol', role: 'deployer' });
      expect(carol.status).toBe(403);
      expect(carol.json.error.code).toBe('E_WIDER_GRANT');
      // A CI token as the exchange mints it: the policy's role, narrowed to its project.
      const t = newToken('ci');
      const role = await h.store.db.selectFrom('roles').select('id').where('name', '=', 'app-dev').executeTakeFirstOrThrow();
      const shop = await h.store.db.selectFrom('projects').select('id').where('name', '=', 'shop').executeTakeFirstOrThrow();
      await h.store.db
        .insertInto('api_tokens')
        .values({ id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'oidc_policy', owner_id: scoped.json.id, name: 'ci', role_id: role.id, project_id: shop.id, expires_at: null, revoked_at: null, last_used_at: null, created_at: isoNow() })
        .execute();
      expect((await call('GET', `${S}/secrets/app/web/key`, t.token)).status).toBe(200);
      expect((await call('GET', `${S}/secrets/db/password`, t.token)).status).toBe(403);
      const list = await call('GET', `${S}/secrets`, t.token);
      expect(list.json.secrets.map((s: { path: string }) => s.path)).toEqual(['app/api/key', 'app/shared', 'app/web/key']);
    });

    it('the OpenAPI document describes role paths', async () => {
      const doc = (await (await fetch(`${h.base}/api/docs`)).json()) as { paths: Record<string, Record<string, any>> };
      const post = doc.paths['/api/v1/projects/{project}/roles']!.post;
      expect(post.requestBody.content['application/json'].schema.properties.paths).toMatchObject({ type: 'array', maxItems: 32 });
      expect(post.responses['201'].content['application/json'].schema.properties.paths).toMatchObject({ type: 'array', nullable: true });
    });
  });
});

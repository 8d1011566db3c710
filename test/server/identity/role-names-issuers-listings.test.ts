import { describe, expect, it } from 'vitest';
import { isoNow } from '../../../src/store/schema.js';
import { SHOP, shopHarness } from './shop-harness.js';

/**
 * Issue 7, three gaps a review found in the identity guards, through the HTTP API on both dialects:
 * - a role-narrowed token mints tokens of exactly its role (by id), even where a project role
 *   shares the name; new custom roles never share a name between a project and the server (409);
 * - a token issued for someone else stays within its issuer: a binding added to the owner later
 *   that would widen it is refused (409 E_WIDER_GRANT naming the tokens, audited);
 * - role and binding listings show path patterns only within the caller's secrets:list scope.
 * Each with the refused case and the allowed narrow case.
 */

const DIALECTS = ['sqlite', 'postgres'] as const;

describe.each(DIALECTS)('role names, token issuers and pattern listings on %s', (dialect) => {
  const h = shopHarness(dialect, { tmpPrefix: 'rampart-review-gaps-', secrets: ['app/shared', 'db/password'] });
  const { call, user, bind, refusals, tok, ids } = h;
  const S = SHOP;
  const bindingRows = (id: string) => h.store.db.selectFrom('role_bindings').select(['role_id', 'paths']).where('principal_id', '=', id).execute();

  describe('role narrowing is carried by id', () => {
    it('a project role named like a global custom role is refused (409 naming it), and the reverse; other names and other projects are fine', async () => {
      expect((await call('POST', '/api/v1/roles', tok.root!, { name: 'ci', permissions: ['projects:read', 'tokens:create'] })).status).toBe(201);
      const before = (await refusals('E_CONFLICT')).length;
      const shadow = await call('POST', `${S}/roles`, tok.root!, { name: 'ci', permissions: ['secrets:read', 'tokens:create'] });
      expect(shadow.status).toBe(409);
      expect(shadow.json.error.code).toBe('E_CONFLICT');
      expect(shadow.json.error.message).toContain('a global role ci already exists');

      expect((await call('POST', '/api/v1/projects/other/roles', tok.root!, { name: 'lint', permissions: ['findings:read'] })).status).toBe(201);
      const reverse = await call('POST', '/api/v1/roles', tok.root!, { name: 'lint', permissions: ['findings:read'] });
      expect(reverse.status).toBe(409);
      expect(reverse.json.error.message).toContain('project other has its own role lint');
      const twice = await call('POST', '/api/v1/projects/other/roles', tok.root!, { name: 'lint', permissions: ['findings:write'] });
      expect(twice.status).toBe(409);
      expect(twice.json.error.message).toContain('role lint already exists in project other');
      expect((await refusals('E_CONFLICT')).length - before).toBe(3);

      // Allowed: the same project-role name in two projects (never usable in the same place).
      const again = await call('POST', `${S}/roles`, tok.root!, { name: 'lint', permissions: ['findings:read'] });
      expect(again.status).toBe(201);
      expect(again.json.project).toBe('shop');
      const rows = await h.store.db.selectFrom('roles').select(['name', 'project_id']).where('name', 'in', ['ci', 'lint']).execute();
      expect(rows.length).toBe(3);
    });

    it('a token narrowed to global role ci mints only ci tokens, even where an older project role ci exists', async () => {
      // A clash made before names were checked (inserted as such a store would hold it).
      const shop = await h.store.db.selectFrom('projects').select('id').where('name', '=', 'shop').executeTakeFirstOrThrow();
      await h.store.db
        .insertInto('roles')
        .values({ id: 'r-shop-ci', name: 'ci', project_id: shop.id, permissions: JSON.stringify(['secrets:read', 'secrets:list', 'tokens:create']), description: null, builtin: 0, created_at: isoNow(), paths: null })
        .execute();
      const globalCi = await h.store.db.selectFrom('roles').select('id').where('name', '=', 'ci').where('project_id', 'is', null).executeTakeFirstOrThrow();
      await user('dave');
      expect((await bind('/api/v1/role-bindings', 'user', ids.dave!, 'ci')).status).toBe(201);
      // On shop the name now means two roles: refused naming both ids; the id says which.
      const ambiguous = await bind(`${S}/role-bindings`, 'user', ids.dave!, 'ci');
      expect(ambiguous.status).toBe(409);
      expect(ambiguous.json.error.code).toBe('E_AMBIGUOUS_ROLE');
      expect(ambiguous.json.error.message).toContain(`${globalCi.id} (global)`);
      expect(ambiguous.json.error.message).toContain("r-shop-ci (this project's)");
      const byId = await bind(`${S}/role-bindings`, 'user', ids.dave!, 'r-shop-ci');
      expect(byId.status).toBe(201);
      expect(byId.json).toMatchObject({ role: 'r-shop-ci', roleName: 'ci' });
      expect((await bindingRows(ids.dave!)).map((r) => r.role_id).sort()).toEqual([globalCi.id, 'r-shop-ci'].sort());

      const narrow = await call('POST', '/api/v1/tokens', tok.dave!, { name: 'narrow', role: 'ci' });
      expect(narrow.status).toBe(201);
      expect((await call('GET', `${S}/secrets/db/password`, narrow.json.token)).status).toBe(403);

      // Refused: naming ci on shop (two roles there), and naming the project's ci by id.
      const named = await call('POST', '/api/v1/tokens', narrow.json.token, { name: 'named', project: 'shop', role: 'ci' });
      expect(named.status).toBe(409);
      expect(named.json.error.code).toBe('E_AMBIGUOUS_ROLE');
      const other = await call('POST', '/api/v1/tokens', narrow.json.token, { name: 'named', project: 'shop', role: 'r-shop-ci' });
      expect(other.status).toBe(403);
      expect(other.json.error.message).toContain('limited to another role');
      // A trust policy naming ci on shop is refused the same way.
      const policy = await call('POST', `${S}/oidc-policies`, tok.root!, {
        name: 'ambiguous', issuer: 'https://token.actions.githubusercontent.com', audience: 'rampart', conditions: { sub: 'repo:acme/shop:ref:refs/heads/main' }, role: 'ci',
      });
      expect(policy.status).toBe(409);
      expect(policy.json.error.code).toBe('E_AMBIGUOUS_ROLE');

      // Allowed: a token narrowed further to shop keeps exactly the global ci role.
      const minted = await call('POST', '/api/v1/tokens', narrow.json.token, { name: 'minted', project: 'shop' });
      expect(minted.status).toBe(201);
      expect(minted.json).toMatchObject({ role: 'ci', project: 'shop' });
      const row = await h.store.db.selectFrom('api_tokens').select(['role_id', 'issued_by']).where('id', '=', minted.json.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ role_id: globalCi.id, issued_by: null });
      expect((await call('GET', S, minted.json.token)).status).toBe(200);
      expect((await call('GET', `${S}/secrets/db/password`, minted.json.token)).status).toBe(403);
      // dave's own unnarrowed token still reaches the project role's secrets: only the narrowing was kept.
      expect((await call('GET', `${S}/secrets/db/password`, tok.dave!)).status).toBe(200);
    });
  });

  describe('tokens issued for someone else stay within their issuer', () => {
    it('a binding that would widen a token past its issuer is refused (409 naming the token and issuer, audited); within the issuer it is allowed', async () => {
      const sa = await call('POST', `${S}/service-accounts`, tok.carol!, { name: 'bot' });
      expect(sa.status).toBe(201);
      ids.bot = sa.json.id;
      const early = await call('POST', `${S}/service-accounts/${ids.bot}/tokens`, tok.carol!, { name: 'early' });
      expect(early.status).toBe(201);
      const listed = await call('GET', `${S}/service-accounts/${ids.bot}/tokens`, tok.sam!);
      expect(listed.json.map((t: { id: string; issuedBy: string | null }) => [t.id, t.issuedBy])).toEqual([[early.json.id, `user:${ids.carol}`]]);

      const before = (await refusals('E_WIDER_GRANT')).length;
      const wide = await bind(`${S}/role-bindings`, 'service_account', ids.bot!, 'developer', undefined, tok.sam!);
      expect(wide.status).toBe(409);
      expect(wide.json.error.code).toBe('E_WIDER_GRANT');
      expect(wide.json.error.message).toContain(`token ${early.json.id} issued by user carol`);
      expect(wide.json.error.message).toMatch(/secrets:\w+ on project shop on every path, which user carol holds only on app\/\*\*/);
      expect(wide.json.error.message).toContain('Revoke them first');
      expect(await bindingRows(ids.bot!)).toEqual([]);
      expect((await call('GET', `${S}/secrets/db/password`, early.json.token)).status).toBe(403);
      const denied = await refusals('E_WIDER_GRANT');
      expect(denied.length - before).toBe(1);
      expect(denied.at(-1)).toMatchObject({ actor: `user:${ids.sam}`, outcome: 'refused', resource: `${S}/role-bindings` });
      expect(String(denied.at(-1)!.detail)).toContain(early.json.id);

      // Allowed: the same role within carol's paths.
      const narrow = await bind(`${S}/role-bindings`, 'service_account', ids.bot!, 'developer', ['app/**'], tok.sam!);
      expect(narrow.status).toBe(201);
      expect((await call('GET', `${S}/secrets/app/shared`, early.json.token)).json.value).toBe('v-app/shared');
      expect((await call('GET', `${S}/secrets/db/password`, early.json.token)).status).toBe(403);
    });

    it('once the token is revoked the wider binding goes through', async () => {
      const tokens = await call('GET', `${S}/service-accounts/${ids.bot}/tokens`, tok.carol!);
      const id = tokens.json[0].id as string;
      const revoked = await call('DELETE', `${S}/service-accounts/${ids.bot}/tokens/${id}`, tok.carol!);
      expect(revoked.status).toBe(200);
      expect(revoked.json.revokedAt).not.toBeNull();
      expect((await bind(`${S}/role-bindings`, 'service_account', ids.bot!, 'deployer', undefined, tok.sam!)).status).toBe(201);
    });

    it("tokens a global admin issued, the owner's own tokens and tokens narrowed to another role do not block", async () => {
      const mk = async (name: string) => (await call('POST', `${S}/service-accounts`, tok.root!, { name })).json.id as string;
      const byRoot = await mk('root-bot');
      const t = await call('POST', `${S}/service-accounts/${byRoot}/tokens`, tok.root!, { name: 'r' });
      expect(t.status).toBe(201);
      expect((await h.store.db.selectFrom('api_tokens').select('issued_by').where('id', '=', t.json.id).executeTakeFirstOrThrow()).issued_by).toBe(`user:${ids.root}`);
      expect((await bind(`${S}/role-bindings`, 'service_account', byRoot, 'developer', undefined, tok.sam!)).status).toBe(201);

      // erin's own token (issued_by null) gains her new binding: nobody else issued it.
      await user('erin');
      const own = await call('GET', '/api/v1/tokens', tok.erin!);
      expect(own.json[0].issuedBy).toBeNull();
      expect((await bind(`${S}/role-bindings`, 'user', ids.erin!, 'developer', undefined, tok.sam!)).status).toBe(201);

      // carol's token narrowed to viewer cannot use a developer binding: it does not block it.
      const viewerBot = await mk('viewer-bot');
      expect((await bind(`${S}/role-bindings`, 'service_account', viewerBot, 'viewer', ['app/**'], tok.sam!)).status).toBe(201);
      const v = await call('POST', `${S}/service-accounts/${viewerBot}/tokens`, tok.carol!, { name: 'v', role: 'viewer' });
      expect(v.status).toBe(201);
      expect((await bind(`${S}/role-bindings`, 'service_account', viewerBot, 'developer', undefined, tok.sam!)).status).toBe(201);
      expect((await call('GET', `${S}/secrets/db/password`, v.json.token)).status).toBe(403);
      // Her unnarrowed token for another account: even viewer on every path is wider than carol
      // (it carries secrets:list on every path).
      const other = await mk('viewer-bot-2');
      const v2 = await call('POST', `${S}/service-accounts/${other}/tokens`, tok.carol!, { name: 'v2' });
      expect(v2.status).toBe(201);
      const refused = await bind(`${S}/role-bindings`, 'service_account', other, 'viewer', undefined, tok.sam!);
      expect(refused.status).toBe(409);
      expect(refused.json.error.message).toContain('secrets:list on project shop on every path');
    });
  });

  describe('listings hide path patterns outside the caller secrets:list scope', () => {
    it('a caller listing app/** sees app patterns and [hidden] for the rest; one listing every path sees all; one listing nothing sees none', async () => {
      expect((await call('POST', `${S}/roles`, tok.root!, { name: 'app-auditor', permissions: ['roles:read', 'secrets:list'], paths: ['app/**'] })).status).toBe(201);
      expect((await call('POST', `${S}/roles`, tok.root!, { name: 'role-reader', permissions: ['roles:read'] })).status).toBe(201);
      expect((await call('POST', `${S}/roles`, tok.root!, { name: 'db-ops', permissions: ['secrets:read', 'secrets:list'], paths: ['db/**', 'app/db/*'] })).status).toBe(201);
      await user('ava');
      expect((await bind(`${S}/role-bindings`, 'user', ids.ava!, 'app-auditor')).status).toBe(201);
      await user('rex');
      expect((await bind(`${S}/role-bindings`, 'user', ids.rex!, 'role-reader')).status).toBe(201);
      await user('olga');
      expect((await bind(`${S}/role-bindings`, 'user', ids.olga!, 'db-ops')).status).toBe(201);

      type Listed = { id: string; name?: string; principalId?: string; paths: string[] | null };
      const roleOf = (list: Listed[], name: string) => list.find((r) => r.name === name)!.paths;
      const bindingOf = (list: Listed[], id: string) => list.find((b) => b.principalId === id)!.paths;

      const asAva = await call('GET', `${S}/roles`, tok.ava!);
      expect(asAva.status).toBe(200);
      expect(roleOf(asAva.json, 'db-ops')).toEqual(['[hidden]', 'app/db/*']);
      expect(roleOf(asAva.json, 'app-auditor')).toEqual(['app/**']);
      expect(roleOf(asAva.json, 'developer')).toBeNull();
      const avaBindings = await call('GET', `${S}/role-bindings`, tok.ava!);
      expect(avaBindings.status).toBe(200);
      expect(bindingOf(avaBindings.json, ids.olga!)).toEqual(['[hidden]', 'app/db/*']);
      expect(bindingOf(avaBindings.json, ids.carol!)).toEqual(['app/**']);
      expect(bindingOf(avaBindings.json, ids.sam!)).toBeNull();
      expect(JSON.stringify([asAva.json, avaBindings.json])).not.toContain('db/**');

      const asRex = await call('GET', `${S}/role-bindings`, tok.rex!);
      expect(bindingOf(asRex.json, ids.olga!)).toEqual(['[hidden]', '[hidden]']);
      expect(bindingOf(asRex.json, ids.carol!)).toEqual(['[hidden]']);
      expect(roleOf((await call('GET', `${S}/roles`, tok.rex!)).json, 'app-auditor')).toEqual(['[hidden]']);

      const asSam = await call('GET', `${S}/role-bindings`, tok.sam!);
      expect(bindingOf(asSam.json, ids.olga!)).toEqual(['db/**', 'app/db/*']);
      expect(roleOf((await call('GET', `${S}/roles`, tok.sam!)).json, 'db-ops')).toEqual(['db/**', 'app/db/*']);
    });
  });
});

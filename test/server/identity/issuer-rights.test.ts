import { describe, expect, it } from 'vitest';
import { newToken } from '../../../src/server/identity/tokens.js';
import { SHOP, shopHarness } from './shop-harness.js';

/**
 * Issue 7, the last identity gaps, through the HTTP API on both dialects:
 * - the binding-versus-issued-token check runs inside the write transaction: a binding and a
 *   token issued for the same account at the same moment never both succeed when together they
 *   would make the token wider than its issuer;
 * - when an issuer loses rights (a binding removed, its role deleted, its account disabled), the
 *   tokens it issued for others that now carry more than it holds are revoked at that write,
 *   audited one by one and listed in the triggering change's audit detail; tokens still within
 *   what it keeps, and tokens issued by others, stay.
 */

const DIALECTS = ['sqlite', 'postgres'] as const;
const S = SHOP;

describe.each(DIALECTS)('tokens stay within their issuer on %s', (dialect) => {
  const h = shopHarness(dialect, { tmpPrefix: 'rampart-issuer-rights-', secrets: ['app/shared', 'db/password'] });
  const { call, user, bind, tok, ids } = h;

  const sa = async (name: string, by = tok.root!) => {
    const r = await call('POST', `${S}/service-accounts`, by, { name });
    expect(r.status).toBe(201);
    return r.json.id as string;
  };
  const issue = (saId: string, by: string, name = 't') => call('POST', `${S}/service-accounts/${saId}/tokens`, by, { name });
  const revokedAt = async (tokenId: string) => (await h.store.db.selectFrom('api_tokens').select('revoked_at').where('id', '=', tokenId).executeTakeFirstOrThrow()).revoked_at;
  /** Audit entries of an action, detail parsed. */
  const entries = async (action: string) =>
    (await h.store.db.selectFrom('audit_entries').selectAll().where('action', '=', action).orderBy('seq').execute()).map((e) => ({
      ...e,
      detail: (typeof e.detail === 'string' ? JSON.parse(e.detail) : e.detail) as Record<string, any>,
    }));

  it('a binding and a token for the same account at the same moment: exactly one of them goes through', async () => {
    for (let i = 0; i < 6; i++) {
      const id = await sa(`race-${i}`);
      // carol (admin of shop on app/** only) issues a token while sam binds developer on every
      // path: together the token would carry secrets on every path, which carol does not hold.
      const [token, binding] = await Promise.all([issue(id, tok.carol!), bind(`${S}/role-bindings`, 'service_account', id, 'developer', undefined, tok.sam!)]);
      const outcome = [token.status, binding.status];
      expect([
        [201, 409],
        [403, 201],
      ]).toContainEqual(outcome);
      expect((token.status === 201 ? binding : token).json.error.code).toBe('E_WIDER_GRANT');
      const live = await h.store.db.selectFrom('api_tokens').select('id').where('owner_id', '=', id).where('revoked_at', 'is', null).execute();
      const bound = await h.store.db.selectFrom('role_bindings').select('id').where('principal_id', '=', id).execute();
      expect([live.length, bound.length]).toEqual(token.status === 201 ? [1, 0] : [0, 1]);
    }
  });

  it('a removed binding revokes the tokens its holder issued that it no longer covers (audited, listed); tokens still covered stay', async () => {
    // grace: admin of shop (every path) and developer of shop.
    await user('grace');
    const adminBinding = await bind(`${S}/role-bindings`, 'user', ids.grace!, 'admin');
    expect(adminBinding.status).toBe(201);
    expect((await bind(`${S}/role-bindings`, 'user', ids.grace!, 'developer')).status).toBe(201);

    const viewerBot = await sa('grace-viewer');
    expect((await bind(`${S}/role-bindings`, 'service_account', viewerBot, 'viewer')).status).toBe(201);
    const auditBot = await sa('grace-audit');
    expect((await bind(`${S}/role-bindings`, 'service_account', auditBot, 'security-admin')).status).toBe(201);
    const kept = await issue(viewerBot, tok.grace!, 'kept');
    const lost = await issue(auditBot, tok.grace!, 'lost');
    const byRoot = await issue(auditBot, tok.root!, 'by-root');
    for (const t of [kept, lost, byRoot]) expect(t.status).toBe(201);
    expect((await call('GET', S, lost.json.token)).status).toBe(200);

    const del = await call('DELETE', `${S}/role-bindings/${adminBinding.json.id}`, tok.root!);
    expect(del.status).toBe(204);

    // security-admin carries audit:read, oidc:write… which developer does not: revoked at once.
    expect(await revokedAt(lost.json.id)).not.toBeNull();
    expect((await call('GET', S, lost.json.token)).status).toBe(401);
    // viewer is within developer: kept. root still holds everything: kept.
    expect(await revokedAt(kept.json.id)).toBeNull();
    expect((await call('GET', S, kept.json.token)).status).toBe(200);
    expect(await revokedAt(byRoot.json.id)).toBeNull();
    // grace's own token is hers, not issued for someone else.
    expect((await call('GET', S, tok.grace!)).status).toBe(200);

    const change = (await entries('role-binding.delete')).at(-1)!;
    expect(change.actor).toBe(`user:${ids.root}`);
    expect(change.detail.revokedTokens).toEqual([
      { tokenId: lost.json.id, owner: `service_account:${auditBot}`, issuedBy: `user:${ids.grace}`, reason: expect.stringContaining('its role security-admin carries') },
    ]);
    expect(change.detail.revokedTokens[0].reason).toContain('which user grace does not hold');
    const revoke = (await entries('token.revoke')).filter((e) => e.resource === `token:${lost.json.id}`);
    expect(revoke).toHaveLength(1);
    expect(revoke[0]!.detail).toMatchObject({ via: 'issuer-lost-rights', issuedBy: `user:${ids.grace}`, owner: `service_account:${auditBot}` });
  });

  it('a disabled issuer holds nothing: every token it issued that carries anything is revoked; a removal that takes nothing away revokes nothing', async () => {
    await user('henry');
    expect((await bind(`${S}/role-bindings`, 'user', ids.henry!, 'admin')).status).toBe(201);
    const viewer = await bind(`${S}/role-bindings`, 'user', ids.henry!, 'viewer');
    expect(viewer.status).toBe(201);
    const bot = await sa('henry-bot');
    expect((await bind(`${S}/role-bindings`, 'service_account', bot, 'viewer')).status).toBe(201);
    const idle = await sa('henry-idle'); // no bindings: its token carries nothing
    const t = await issue(bot, tok.henry!);
    const t2 = await issue(idle, tok.henry!);
    expect([t.status, t2.status]).toEqual([201, 201]);

    // Losing viewer while keeping admin takes nothing away: no token goes, no list in the detail.
    expect((await call('DELETE', `${S}/role-bindings/${viewer.json.id}`, tok.root!)).status).toBe(204);
    expect(await revokedAt(t.json.id)).toBeNull();
    expect((await entries('role-binding.delete')).at(-1)!.detail.revokedTokens).toBeUndefined();

    expect((await call('POST', `/api/v1/users/${ids.henry}/disable`, tok.root!)).status).toBe(200);
    expect(await revokedAt(t.json.id)).not.toBeNull();
    expect(await revokedAt(t2.json.id)).toBeNull();
    const change = (await entries('user.disable')).at(-1)!;
    expect(change.detail.revokedTokens.map((r: { tokenId: string }) => r.tokenId)).toEqual([t.json.id]);
    expect(change.detail.revokedTokens[0].reason).toContain('which user henry does not hold');
  });

  it('a deleted custom role takes its holders\u2019 rights, and with them the tokens they issued beyond what is left', async () => {
    const role = await call('POST', `${S}/roles`, tok.root!, {
      name: 'ops', permissions: ['projects:*', 'secrets:list', 'findings:read', 'policies:read', 'deploy:read', 'oidc:read', 'roles:read'],
    });
    expect(role.status).toBe(201);
    await user('ivy');
    expect((await bind(`${S}/role-bindings`, 'user', ids.ivy!, 'ops')).status).toBe(201);
    const bot = await sa('ivy-bot');
    expect((await bind(`${S}/role-bindings`, 'service_account', bot, 'viewer')).status).toBe(201);
    const t = await issue(bot, tok.ivy!);
    expect(t.status).toBe(201);
    expect((await call('GET', S, t.json.token)).status).toBe(200);

    expect((await call('DELETE', `${S}/roles/${role.json.id}`, tok.root!)).status).toBe(204);
    expect(await revokedAt(t.json.id)).not.toBeNull();
    expect((await call('GET', S, t.json.token)).status).toBe(401);
    const change = (await entries('role.delete')).at(-1)!;
    expect(change.detail.revokedTokens).toMatchObject([{ tokenId: t.json.id, issuedBy: `user:${ids.ivy}` }]);
  });

  it('a deleted trust policy takes its CI tokens and the tokens they issued for others', async () => {
    const shop = await h.store.db.selectFrom('projects').select('id').where('name', '=', 'shop').executeTakeFirstOrThrow();
    const now = new Date();
    // A policy and a CI token as the OIDC exchange would have made them (exchange.test.ts covers that).
    await h.store.db
      .insertInto('oidc_trust_policies')
      .values({
        id: 'pol-release', project_id: shop.id, name: 'release', issuer: 'https://token.actions.githubusercontent.com', audience: 'rampart',
        conditions: JSON.stringify({ sub: 'repo:acme/shop:ref:refs/heads/main' }), role_id: 'admin', max_ttl_s: 600, disabled_at: null, created_at: now.toISOString(),
      })
      .execute();
    const ci = newToken('ci');
    await h.store.db
      .insertInto('api_tokens')
      .values({
        id: ci.id, prefix: ci.prefix, hash: ci.hash, owner_kind: 'oidc_policy', owner_id: 'pol-release', name: 'ci', role_id: 'admin', project_id: shop.id,
        expires_at: new Date(now.getTime() + 600_000).toISOString(), revoked_at: null, last_used_at: null, created_at: now.toISOString(), issued_by: null,
      })
      .execute();
    const bot = await sa('release-bot');
    expect((await bind(`${S}/role-bindings`, 'service_account', bot, 'deployer')).status).toBe(201);
    const t = await issue(bot, ci.token);
    expect(t.status).toBe(201);

    expect((await call('DELETE', `${S}/oidc-policies/pol-release`, tok.root!)).status).toBe(204);
    expect(await revokedAt(ci.id)).not.toBeNull();
    expect(await revokedAt(t.json.id)).not.toBeNull();
    const change = (await entries('oidc-policy.delete')).at(-1)!;
    expect(change.detail.revokedTokens).toMatchObject([{ tokenId: t.json.id, issuedBy: 'oidc_policy:pol-release', reason: expect.stringContaining('trust policy pol-release') }]);
  });

  it('tokens are found by issuer through an index (migration 0006), so the revocation reads only the issuer\'s tokens', async () => {
    const { sql } = await import('kysely');
    const q =
      dialect === 'sqlite'
        ? sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'api_tokens'`
        : sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'api_tokens'`;
    const names = (await q.execute(h.store.db)).rows.map((r) => r.name);
    expect(names).toContain('api_tokens_issued_by');
  });

  it('a service account that issued a token for another is held the same way when disabled', async () => {
    // An organisation account with admin of shop issues a token for a project account.
    const org = await call('POST', '/api/v1/service-accounts', tok.root!, { name: 'provisioner' });
    expect(org.status).toBe(201);
    expect((await bind(`${S}/role-bindings`, 'service_account', org.json.id, 'admin')).status).toBe(201);
    const orgTok = await call('POST', `/api/v1/service-accounts/${org.json.id}/tokens`, tok.root!, { name: 'p' });
    expect(orgTok.status).toBe(201);
    const bot = await sa('provisioned');
    expect((await bind(`${S}/role-bindings`, 'service_account', bot, 'deployer')).status).toBe(201);
    const t = await issue(bot, orgTok.json.token);
    expect(t.status).toBe(201);
    expect((await h.store.db.selectFrom('api_tokens').select('issued_by').where('id', '=', t.json.id).executeTakeFirstOrThrow()).issued_by).toBe(`service_account:${org.json.id}`);

    expect((await call('POST', `/api/v1/service-accounts/${org.json.id}/disable`, tok.root!)).status).toBe(200);
    expect(await revokedAt(t.json.id)).not.toBeNull();
    expect((await entries('service-account.disable')).at(-1)!.detail.revokedTokens).toMatchObject([{ tokenId: t.json.id }]);
  });
});

import { describe, expect, it } from 'vitest';
import { newToken } from '../../../src/server/identity/tokens.js';
import { isoAt, isoNow } from '../../../src/store/schema.js';
import { SHOP, shopHarness } from './shop-harness.js';

/**
 * Issue 7, people's token lifetimes: POST /api/v1/tokens/self/renew replaces the presented token
 * (same owner, name, narrowing; a fresh lifetime as long as the old one's; the old one revoked at
 * once, audited); refused for a revoked or expired token, a token that never expires and the
 * bootstrap token. The bootstrap token may issue tokens that outlive it; nobody without
 * admin:users server-wide gets a token that never expires.
 */
const DIALECTS = ['sqlite', 'postgres'] as const;

describe.each(DIALECTS)('token renewal and the bootstrap token on %s', (dialect) => {
  const h = shopHarness(dialect, { tmpPrefix: 'rampart-renew-', secrets: [] });

  it('renews a token into a new one with the same narrowing and lifetime; the old one stops at once', async () => {
    const { call, tok } = h;
    const hour = await call('POST', '/api/v1/tokens', tok.root!, { name: 'laptop', expiresInSeconds: 3600, project: 'shop' });
    expect(hour.status).toBe(201);
    const before = Date.now();
    const renewed = await call('POST', '/api/v1/tokens/self/renew', hour.json.token);
    expect(renewed.status).toBe(201);
    expect(renewed.json).toMatchObject({ name: 'laptop', project: 'shop', renewedFrom: hour.json.id });
    expect(renewed.json.id).not.toBe(hour.json.id);
    const at = Date.parse(renewed.json.expiresAt);
    expect(at).toBeGreaterThanOrEqual(before + 3600_000 - 2000);
    expect(at).toBeLessThanOrEqual(Date.now() + 3600_000 + 2000);

    // The new token works, narrowed as the old one was; the old one is refused, renewal included.
    const who = await call('GET', '/api/v1/whoami', renewed.json.token);
    expect(who.status).toBe(200);
    expect(who.json.tokenScope.project).not.toBeNull();
    expect((await call('GET', '/api/v1/whoami', hour.json.token)).status).toBe(401);
    expect((await call('POST', '/api/v1/tokens/self/renew', hour.json.token)).status).toBe(401);

    const rows = await h.store.db.selectFrom('audit_entries').select(['action', 'resource', 'detail']).where('action', '=', 'token.renew').execute();
    const mine = rows.find((r) => r.resource === `token:${hour.json.id}`);
    expect(mine).toBeDefined();
    expect(JSON.parse(String(mine!.detail))).toMatchObject({ newTokenId: renewed.json.id, expiresAt: renewed.json.expiresAt });
    // The detail never carries the token itself.
    expect(String(mine!.detail)).not.toContain(renewed.json.token);
  });

  it('refuses an expired token, one that never expires, and the bootstrap token', async () => {
    const { call, tok } = h;
    // tok.root never expires (made by the harness): nothing to renew.
    const never = await call('POST', '/api/v1/tokens/self/renew', tok.root!);
    expect(never.status).toBe(409);
    expect(never.json.error.code).toBe('E_NOT_RENEWABLE');

    const short = await call('POST', '/api/v1/tokens', tok.root!, { name: 'short', expiresInSeconds: 600 });
    await h.store.db.updateTable('api_tokens').set({ expires_at: isoAt(Date.now() - 1000) }).where('id', '=', short.json.id).execute();
    expect((await call('POST', '/api/v1/tokens/self/renew', short.json.token)).status).toBe(401);

    const boot = await bootstrapToken(3600);
    const refused = await call('POST', '/api/v1/tokens/self/renew', boot.token);
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toContain('bootstrap token is not renewed');
  });

  it('lets the bootstrap token make a long-lived token of its own; a token with a ceiling stays capped at it; it is refused once expired', async () => {
    const { call, tok } = h;
    const boot = await bootstrapToken(3600);
    const lasting = await call('POST', '/api/v1/tokens', boot.token, { name: 'admin-laptop', expiresInSeconds: 90 * 86400 });
    expect(lasting.status).toBe(201);
    expect(Date.parse(lasting.json.expiresAt)).toBeGreaterThan(Date.now() + 89 * 86400_000);
    const forever = await call('POST', '/api/v1/tokens', boot.token, { name: 'admin-forever', neverExpires: true });
    expect(forever.status).toBe(201);
    expect(forever.json.expiresAt).toBeNull();

    // A token with a ceiling (not_after: it was issued through a shorter-lived one) is still
    // capped at that ceiling: 90 days asked, the ceiling given, and no token without an end.
    const hour = await call('POST', '/api/v1/tokens', tok.root!, { name: 'hour', expiresInSeconds: 3600 });
    const ceiling = isoAt(Date.now() + 7200_000);
    await h.store.db.updateTable('api_tokens').set({ not_after: ceiling }).where('id', '=', hour.json.id).execute();
    const capped = await call('POST', '/api/v1/tokens', hour.json.token, { name: 'longer', expiresInSeconds: 90 * 86400 });
    expect(capped.status).toBe(201);
    expect(capped.json.expiresAt).toBe(ceiling);
    const never = await call('POST', '/api/v1/tokens', hour.json.token, { name: 'never', neverExpires: true });
    expect(never.status).toBe(409);
    expect(never.json.error.code).toBe('E_EXPIRY_CAPPED');

    // Once lapsed, the bootstrap token is refused like any expired token.
    await h.store.db.updateTable('api_tokens').set({ expires_at: isoAt(Date.now() - 1000) }).where('id', '=', boot.id).execute();
    expect((await call('GET', '/api/v1/whoami', boot.token)).status).toBe(401);
    expect((await call('POST', '/api/v1/tokens', boot.token, { name: 'late', expiresInSeconds: 3600 })).status).toBe(401);
  });

  it('gives a token that never expires only to a holder of admin:users server-wide', async () => {
    const { call, tok } = h;
    // carol administers shop only.
    const refused = await call('POST', '/api/v1/tokens', tok.carol!, { name: 'carol-forever', project: 'shop', neverExpires: true });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toContain('never expires needs admin:users server-wide');
    const sa = await call('POST', `${SHOP}/service-accounts`, tok.carol!, { name: 'forever-bot' });
    expect(sa.status).toBe(201);
    const saNever = await call('POST', `${SHOP}/service-accounts/${sa.json.id}/tokens`, tok.carol!, { name: 'bot', neverExpires: true });
    expect(saNever.status).toBe(403);
    // With a lifetime it is hers to give; without one, a person's token gets the server's default (30 days).
    expect((await call('POST', `${SHOP}/service-accounts/${sa.json.id}/tokens`, tok.carol!, { name: 'bot', expiresInSeconds: 86400 })).status).toBe(201);
    const dflt = await call('POST', '/api/v1/tokens', tok.carol!, { name: 'carol-default', project: 'shop' });
    expect(dflt.status).toBe(201);
    expect(Date.parse(dflt.json.expiresAt)).toBeGreaterThan(Date.now() + 29 * 86400_000);
  });

  /** A bootstrap token of root's, as `rampart server init` makes it. */
  async function bootstrapToken(ttlS: number): Promise<{ token: string; id: string }> {
    const t = newToken('user');
    const now = Date.now();
    await h.store.db
      .insertInto('api_tokens')
      .values({
        id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'user', owner_id: h.ids.root!, name: 'bootstrap', role_id: null, project_id: null,
        expires_at: isoAt(now + ttlS * 1000), revoked_at: null, last_used_at: null, created_at: isoNow(), issued_by: null, ci_sha: null, bootstrap: 1,
      })
      .execute();
    return { token: t.token, id: t.id };
  }
});

describe.each(DIALECTS)("people's default lifetime (30 days; --user-token-ttl) on %s", (dialect) => {
  const h = shopHarness(dialect, { tmpPrefix: 'rampart-renew-ttl-', secrets: [] });

  it("gives a person's token without a lifetime 30 days: it is refused after them, and renews for 30 days before", async () => {
    const { call, tok } = h;
    const dflt = await call('POST', '/api/v1/tokens', tok.carol!, { name: 'carol-default', project: 'shop' });
    expect(dflt.status).toBe(201);
    const at = Date.parse(dflt.json.expiresAt);
    expect(at).toBeGreaterThan(Date.now() + 30 * 86400_000 - 5000);
    expect(at).toBeLessThanOrEqual(Date.now() + 30 * 86400_000);
    const renewed = await call('POST', '/api/v1/tokens/self/renew', dflt.json.token);
    expect(renewed.status).toBe(201);
    expect(Date.parse(renewed.json.expiresAt)).toBeGreaterThan(Date.now() + 30 * 86400_000 - 5000);
    // The 30 days pass (the row's end moved back): refused, renewal included.
    await h.store.db.updateTable('api_tokens').set({ expires_at: isoAt(Date.now() - 1000) }).where('id', '=', renewed.json.id).execute();
    expect((await call('GET', '/api/v1/whoami', renewed.json.token)).status).toBe(401);
    expect((await call('POST', '/api/v1/tokens/self/renew', renewed.json.token)).status).toBe(401);
  });

});

// Other defaults on SQLite only: the dialect does not change them (the option's parsing: user-token-ttl.test.ts).
describe("people's tokens under another default (SQLite)", () => {
  const never = shopHarness('sqlite', { tmpPrefix: 'rampart-renew-never-', secrets: [], userTokenTtlSeconds: null });
  const week = shopHarness('sqlite', { tmpPrefix: 'rampart-renew-7d-', secrets: [], userTokenTtlSeconds: 7 * 86400 });

  it('takes another default, or never', async () => {
    const seven = await week.call('POST', '/api/v1/tokens', week.tok.carol!, { name: 'c', project: 'shop' });
    expect(Date.parse(seven.json.expiresAt)).toBeLessThanOrEqual(Date.now() + 7 * 86400_000);
    expect(Date.parse(seven.json.expiresAt)).toBeGreaterThan(Date.now() + 7 * 86400_000 - 5000);
    const open = await never.call('POST', '/api/v1/tokens', never.tok.carol!, { name: 'c', project: 'shop' });
    expect(open.status).toBe(201);
    expect(open.json.expiresAt).toBeNull();
  });
});

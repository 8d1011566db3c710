import { describe, expect, it } from 'vitest';
import { SERVICE_ACCOUNT_TOKEN_TTL_S, USER_TOKEN_TTL_S } from '../../../src/server/identity/routes.js';
import { SHOP, shopHarness } from './shop-harness.js';

/**
 * A service account's token expires after 90 days unless the request names a lifetime or says
 * neverExpires (the explicit opt-out, which needs admin:users server-wide); a person's token after
 * 30 days (USER_TOKEN_TTL_S). Both ways are audited with the expiry given.
 */
const DIALECTS = ['sqlite', 'postgres'] as const;

/** `expiresAt` is `seconds` after a moment between `before` and now (the server's clock is ours). */
function expectWithin(expiresAt: string, before: number, seconds: number): void {
  const at = Date.parse(expiresAt);
  expect(at).toBeGreaterThanOrEqual(before + seconds * 1000 - 1000);
  expect(at).toBeLessThanOrEqual(Date.now() + seconds * 1000 + 1000);
}

describe.each(DIALECTS)("service-account tokens' default expiry on %s", (dialect) => {
  const h = shopHarness(dialect, { tmpPrefix: 'rampart-sa-expiry-', secrets: [] });

  it('defaults to 90 days, keeps an explicit lifetime, and never expires only when asked', async () => {
    const { call, tok } = h;
    const sa = await call('POST', `${SHOP}/service-accounts`, tok.root!, { name: 'expiry-bot' });
    expect(sa.status).toBe(201);
    const path = `${SHOP}/service-accounts/${sa.json.id}/tokens`;

    const before = Date.now();
    const dflt = await call('POST', path, tok.root!, { name: 'default' });
    expect(dflt.status).toBe(201);
    expectWithin(dflt.json.expiresAt, before, SERVICE_ACCOUNT_TOKEN_TTL_S);

    const beforeShort = Date.now();
    const short = await call('POST', path, tok.root!, { name: 'short', expiresInSeconds: 3600 });
    expect(short.status).toBe(201);
    expectWithin(short.json.expiresAt, beforeShort, 3600);

    const never = await call('POST', path, tok.root!, { name: 'forever', neverExpires: true });
    expect(never.status).toBe(201);
    expect(never.json.expiresAt).toBeNull();

    const both = await call('POST', path, tok.root!, { name: 'both', neverExpires: true, expiresInSeconds: 3600 });
    expect(both.status).toBe(400);
    expect(both.json.error.message).toBe('give expiresInSeconds or neverExpires, not both');

    // The organisation-wide route applies the same default.
    const org = await call('POST', '/api/v1/service-accounts', tok.root!, { name: 'org-bot' });
    expect(org.status).toBe(201);
    const beforeOrg = Date.now();
    const orgTok = await call('POST', `/api/v1/service-accounts/${org.json.id}/tokens`, tok.root!, { name: 'd' });
    expect(orgTok.status).toBe(201);
    expectWithin(orgTok.json.expiresAt, beforeOrg, SERVICE_ACCOUNT_TOKEN_TTL_S);

    // A person's token: 30 days by default (USER_TOKEN_TTL_S; an admin locked out recovers with
    // rampart server admin-token); neverExpires from a server admin gives one without an end.
    expect(USER_TOKEN_TTL_S).toBe(30 * 86400);
    const beforeMine = Date.now();
    const mine = await call('POST', '/api/v1/tokens', tok.root!, { name: 'laptop' });
    expect(mine.status).toBe(201);
    expectWithin(mine.json.expiresAt, beforeMine, USER_TOKEN_TTL_S!);
    const mineNever = await call('POST', '/api/v1/tokens', tok.root!, { name: 'laptop-2', neverExpires: true });
    expect(mineNever.status).toBe(201);
    expect(mineNever.json.expiresAt).toBeNull();

    // A service account issuing its own token on the self route: the same default and opt-out.
    expect((await h.bind(`${SHOP}/role-bindings`, 'service_account', sa.json.id, 'developer')).status).toBe(201);
    const beforeSelf = Date.now();
    const selfDflt = await call('POST', '/api/v1/tokens', never.json.token, { name: 'self-default', project: 'shop' });
    expect(selfDflt.status).toBe(201);
    expectWithin(selfDflt.json.expiresAt, beforeSelf, SERVICE_ACCOUNT_TOKEN_TTL_S);
    // Without admin:users server-wide no token without an end: refused, nothing written.
    const selfNever = await call('POST', '/api/v1/tokens', never.json.token, { name: 'self-forever', project: 'shop', neverExpires: true });
    expect(selfNever.status).toBe(403);
    expect(selfNever.json.error.message).toContain('never expires needs admin:users server-wide');
    expect(await h.store.db.selectFrom('api_tokens').select('id').where('name', '=', 'self-forever').execute()).toEqual([]);

    const rows = await h.store.db.selectFrom('audit_entries').select(['action', 'detail']).where('action', '=', 'token.create').execute();
    const details = rows.map((r) => JSON.parse(String(r.detail)) as { name?: string; expiresAt?: string | null });
    expect(details.find((d) => d.name === 'default')?.expiresAt).toBe(dflt.json.expiresAt);
    expect(details.find((d) => d.name === 'forever')?.expiresAt).toBeNull();
  });
});

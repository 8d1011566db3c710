import { describe, expect, it } from 'vitest';
import { SERVICE_ACCOUNT_TOKEN_TTL_S } from '../../../src/server/identity/routes.js';
import { SHOP, shopHarness } from './shop-harness.js';

/**
 * A service account's token expires after 90 days unless the request names a lifetime or says
 * neverExpires (the explicit opt-out); people's tokens keep no default. Both ways are audited
 * with the expiry given.
 */
const DIALECTS = ['sqlite', 'postgres'] as const;

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
    const at = Date.parse(dflt.json.expiresAt);
    expect(at).toBeGreaterThanOrEqual(before + SERVICE_ACCOUNT_TOKEN_TTL_S * 1000 - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + SERVICE_ACCOUNT_TOKEN_TTL_S * 1000 + 1000);

    const short = await call('POST', path, tok.root!, { name: 'short', expiresInSeconds: 3600 });
    expect(Date.parse(short.json.expiresAt)).toBeLessThanOrEqual(Date.now() + 3600 * 1000 + 1000);

    const never = await call('POST', path, tok.root!, { name: 'forever', neverExpires: true });
    expect(never.status).toBe(201);
    expect(never.json.expiresAt).toBeNull();

    const both = await call('POST', path, tok.root!, { name: 'both', neverExpires: true, expiresInSeconds: 3600 });
    expect(both.status).toBe(400);
    expect(both.json.error.message).toBe('give expiresInSeconds or neverExpires, not both');

    // The organisation-wide route applies the same default.
    const org = await call('POST', '/api/v1/service-accounts', tok.root!, { name: 'org-bot' });
    const orgTok = await call('POST', `/api/v1/service-accounts/${org.json.id}/tokens`, tok.root!, { name: 'd' });
    expect(orgTok.json.expiresAt).not.toBeNull();

    // A person's token: no default.
    const mine = await call('POST', '/api/v1/tokens', tok.root!, { name: 'laptop' });
    expect(mine.json.expiresAt).toBeNull();

    const rows = await h.store.db.selectFrom('audit_entries').select(['action', 'detail']).where('action', '=', 'token.create').execute();
    const details = rows.map((r) => JSON.parse(String(r.detail)) as { name?: string; expiresAt?: string | null });
    expect(details.find((d) => d.name === 'default')?.expiresAt).toBe(dflt.json.expiresAt);
    expect(details.find((d) => d.name === 'forever')?.expiresAt).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../gate/harness.js';
import { shopHarness } from './shop-harness.js';

/**
 * A person's everyday token (30 days by default, renewable) issues tokens held to its own ceiling
 * (api_tokens.not_after), not to its current expiry: a service account's token made with it lives
 * its 90 days and renews. Found by review: the 30-day default had capped every token an admin made.
 */
describe.each(DIALECTS)("tokens issued through a person's renewable token on %s", (dialect) => {
  const h = shopHarness(dialect, { tmpPrefix: 'rampart-cap-chain-', secrets: [] });

  it("an admin's default 30-day token makes a 90-day service-account token that renews, and one that never expires", async () => {
    const { call, tok } = h;
    const mine = await call('POST', '/api/v1/tokens', tok.root!, { name: 'root-laptop' });
    expect(mine.status).toBe(201);
    expect(Date.parse(mine.json.expiresAt)).toBeLessThan(Date.now() + 31 * 86400_000);
    const sa = await call('POST', '/api/v1/service-accounts', mine.json.token, { name: 'ci-bot' });
    expect(sa.status).toBe(201);
    const st = await call('POST', `/api/v1/service-accounts/${sa.json.id}/tokens`, mine.json.token, { name: 'deploy' });
    expect(st.status).toBe(201);
    expect(Date.parse(st.json.expiresAt)).toBeGreaterThan(Date.now() + 89 * 86400_000);
    const never = await call('POST', `/api/v1/service-accounts/${sa.json.id}/tokens`, mine.json.token, { name: 'deploy-never', neverExpires: true });
    expect(never.status).toBe(201);
    expect(never.json.expiresAt).toBeNull();
    const rows = await h.store.db.selectFrom('api_tokens').select('not_after').where('id', 'in', [st.json.id, never.json.id]).execute();
    expect(rows.map((r) => r.not_after)).toEqual([null, null]);
    const renewed = await call('POST', '/api/v1/tokens/self/renew', st.json.token);
    expect(renewed.status).toBe(201);
    expect(Date.parse(renewed.json.expiresAt)).toBeGreaterThan(Date.now() + 89 * 86400_000);
  });

  it('a person\'s token with a ceiling caps what it issues at the ceiling, and refuses a token without an end (409)', async () => {
    const { call, tok } = h;
    const sa = await call('POST', '/api/v1/service-accounts', tok.root!, { name: 'ci-bot-2' });
    // A person whose token carries a ceiling: capped at it, and never-expiring refused.
    const capped = await call('POST', '/api/v1/tokens', tok.root!, { name: 'ceilinged', expiresInSeconds: 3600 });
    const ceiling = new Date(Date.now() + 7200_000).toISOString();
    await h.store.db.updateTable('api_tokens').set({ not_after: ceiling }).where('id', '=', capped.json.id).execute();
    const st = await call('POST', `/api/v1/service-accounts/${sa.json.id}/tokens`, capped.json.token, { name: 'd' });
    expect(st.status).toBe(201);
    expect(Date.parse(st.json.expiresAt)).toBe(Date.parse(ceiling));
    const never = await call('POST', `/api/v1/service-accounts/${sa.json.id}/tokens`, capped.json.token, { name: 'n', neverExpires: true });
    expect(never.status).toBe(409);
    expect(never.json.error.code).toBe('E_EXPIRY_CAPPED');
    expect(never.json.error.message).toMatch(/never outlives the token it was issued through/);
  });
});

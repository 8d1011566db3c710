import { describe, expect, it } from 'vitest';
import { newToken } from '../../../src/server/identity/tokens.js';
import { isoAt, isoNow } from '../../../src/store/schema.js';
import { SHOP, shopHarness } from './shop-harness.js';

/**
 * Issue 7 review: renewal must not let a token escape its issuer's limits. A token issued through
 * another token keeps that token's lineage (issued_by) and is never renewed past its expiry
 * (api_tokens.not_after); tokens with a CI job anywhere up the chain are not renewed.
 */
const DIALECTS = ['sqlite', 'postgres'] as const;

describe.each(DIALECTS)('renewal within the issuer chain on %s', (dialect) => {
  const h = shopHarness(dialect, { tmpPrefix: 'rampart-renew-lineage-', secrets: [] });

  /** A service account bound as developer in shop, with a 10-minute token sam issued. */
  async function botWithToken(name: string) {
    const { call, tok } = h;
    const sa = await call('POST', `${SHOP}/service-accounts`, tok.sam!, { name });
    expect(sa.status).toBe(201);
    expect((await h.bind(`${SHOP}/role-bindings`, 'service_account', sa.json.id, 'developer', undefined, tok.sam!)).status).toBe(201);
    const x = await call('POST', `${SHOP}/service-accounts/${sa.json.id}/tokens`, tok.sam!, { name: `${name}-x`, expiresInSeconds: 600 });
    expect(x.status).toBe(201);
    return { sa: sa.json, x: x.json };
  }

  const row = (id: string) => h.store.db.selectFrom('api_tokens').select(['issued_by', 'not_after', 'expires_at']).where('id', '=', id).executeTakeFirstOrThrow();

  it("a token's own child keeps its issuer and is not renewed past the parent's expiry, revoked parent or not", async () => {
    const { call } = h;
    const { sa, x } = await botWithToken('bot-chain');
    const y = await call('POST', '/api/v1/tokens', x.token, { name: 'y', project: 'shop', expiresInSeconds: 600 });
    expect(y.status).toBe(201);
    expect(Date.parse(y.json.expiresAt)).toBeLessThanOrEqual(Date.parse(x.expiresAt));
    const yr = await row(y.json.id);
    expect(yr.issued_by).toBe(`user:${h.ids.sam}`);
    expect(yr.not_after).toBe(x.expiresAt);

    const renew = await call('POST', '/api/v1/tokens/self/renew', y.json.token);
    expect(renew.status).toBe(409);
    expect(renew.json.error.code).toBe('E_NOT_RENEWABLE');
    expect(renew.json.error.message).toContain('not renewed past that');

    // A shorter child renews, but only up to the parent's expiry, and the ceiling carries over.
    const z = await call('POST', '/api/v1/tokens', x.token, { name: 'z', project: 'shop', expiresInSeconds: 300 });
    expect(z.status).toBe(201);
    expect((await call('DELETE', `${SHOP}/service-accounts/${sa.id}/tokens/${x.id}`, h.tok.sam!)).status).toBeLessThan(300);
    const z2 = await call('POST', '/api/v1/tokens/self/renew', z.json.token);
    expect(z2.status).toBe(201);
    expect(Date.parse(z2.json.expiresAt)).toBeLessThanOrEqual(Date.parse(x.expiresAt));
    expect((await row(z2.json.id)).not_after).toBe(x.expiresAt);
    // Renewed again it reaches the parent's expiry exactly, and then no further.
    await h.store.db.updateTable('api_tokens').set({ expires_at: isoAt(Date.parse(x.expiresAt) - 1000), created_at: isoAt(Date.now() - 600_000) }).where('id', '=', z2.json.id).execute();
    const z3 = await call('POST', '/api/v1/tokens/self/renew', z2.json.token);
    expect(z3.status).toBe(201);
    expect(z3.json.expiresAt).toBe(x.expiresAt);
    expect((await call('POST', '/api/v1/tokens/self/renew', z3.json.token)).status).toBe(409);
  });

  it("refuses a CI token (403), a token a CI job issued and that token's own child (409); the child's ceiling is the job's expiry", async () => {
    const { call, tok } = h;
    const db = h.store.db;
    const shop = (await db.selectFrom('projects').select('id').where('name', '=', 'shop').executeTakeFirstOrThrow()).id;
    await db
      .insertInto('oidc_trust_policies')
      .values({ id: `p-ci-${dialect}`, project_id: shop, name: 'gha', issuer: 'https://ci.example', audience: 'rampart', conditions: JSON.stringify({ sub: 'x' }), role_id: 'admin', max_ttl_s: 600, disabled_at: null, created_at: isoNow() })
      .execute();
    const job = newToken('ci');
    const jobEnds = isoAt(Date.now() + 300_000);
    await db
      .insertInto('api_tokens')
      .values({ id: job.id, prefix: job.prefix, hash: job.hash, owner_kind: 'oidc_policy', owner_id: `p-ci-${dialect}`, name: 'job', role_id: 'admin', project_id: shop, expires_at: jobEnds, revoked_at: null, last_used_at: null, created_at: isoNow() })
      .execute();
    const ci = await call('POST', '/api/v1/tokens/self/renew', job.token);
    expect(ci.status).toBe(403);

    const sa = await call('POST', `${SHOP}/service-accounts`, tok.root!, { name: 'ci-bot' });
    expect((await h.bind(`${SHOP}/role-bindings`, 'service_account', sa.json.id, 'developer')).status).toBe(201);
    const x = await call('POST', `${SHOP}/service-accounts/${sa.json.id}/tokens`, job.token, { name: 'from-ci' });
    expect(x.status).toBe(201);
    expect((await call('POST', '/api/v1/tokens/self/renew', x.json.token)).status).toBe(409);
    const y = await call('POST', '/api/v1/tokens', x.json.token, { name: 'child', project: 'shop', expiresInSeconds: 60 });
    expect(y.status).toBe(201);
    const yr = await row(y.json.id);
    expect(yr.issued_by).toBe(`oidc_policy:p-ci-${dialect}`);
    expect(yr.not_after).toBe(jobEnds);
    const y2 = await call('POST', '/api/v1/tokens/self/renew', y.json.token);
    expect(y2.status).toBe(409);
    expect(y2.json.error.message).toContain('issued by a CI job');
  });

  it("refuses a disabled owner's token (401); a service account's token renews keeping its issuer", async () => {
    const { call, tok } = h;
    const { sa, x } = await botWithToken('bot-keep');
    const x2 = await call('POST', '/api/v1/tokens/self/renew', x.token);
    expect(x2.status).toBe(201);
    const r = await row(x2.json.id);
    expect(r.issued_by).toBe(`user:${h.ids.sam}`);
    expect(r.not_after).toBeNull();
    expect((await call('POST', `${SHOP}/service-accounts/${sa.id}/disable`, tok.sam!)).status).toBe(200);
    const refused = await call('POST', '/api/v1/tokens/self/renew', x2.json.token);
    expect(refused.status).toBe(401);
  });

  // Last: it takes sam's shop binding away.
  it("a token's own child is revoked with it when the issuer loses the rights", async () => {
    const { call, tok } = h;
    const { x } = await botWithToken('bot-lost');
    const y = await call('POST', '/api/v1/tokens', x.token, { name: 'y', project: 'shop', expiresInSeconds: 600 });
    expect(y.status).toBe(201);
    const list = await call('GET', `${SHOP}/role-bindings`, tok.root!);
    const samB = list.json.find((b: { principalId: string }) => b.principalId === h.ids.sam);
    expect((await call('DELETE', `${SHOP}/role-bindings/${samB.id}`, tok.root!)).status).toBe(204);
    expect((await call('GET', '/api/v1/whoami', x.token)).status).toBe(401);
    expect((await call('GET', '/api/v1/whoami', y.json.token)).status).toBe(401);
    expect((await call('POST', '/api/v1/tokens/self/renew', y.json.token)).status).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingsRoutes } from '../../../src/server/findings/routes.js';
import { identityRoutes } from '../../../src/server/identity/routes.js';
import { DIALECTS, startHarness, type Harness } from '../gate/harness.js';

/**
 * Four eyes across a token chain: a token a person mints with a token someone issued them carries
 * that issuer (api_tokens.issued_by, the chain's origin), so the issuer cannot approve waivers the
 * person requests through it. The README quick start's way: a second person with waivers:approve
 * whose token the requester's issuer made, and who made none of the requester's.
 */
describe.each(DIALECTS)('waiver approval through a token chain on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, (store, audit) => [findingsRoutes({ store, audit }), identityRoutes({ store, audit })]);
  }, 120_000);
  afterAll(async () => h?.close());

  const future = () => new Date(Date.now() + 7 * 86400_000).toISOString();
  const ask = async (token: string, fingerprint: string) => {
    const w = await h.call('POST', '/api/v1/projects/shop/waivers', token, { reason: 'test fixtures only, never deployed', expiresAt: future(), fingerprint });
    expect(w.status).toBe(201);
    return w.json.id as string;
  };
  const approve = (id: string, token: string) => h.call('POST', `/api/v1/projects/shop/waivers/${id}/approve`, token);

  it('the admin who issued a first token does not approve a waiver requested with a token minted from it (nor renewed)', async () => {
    const t1 = await h.call('POST', '/api/v1/users/u-dev2/tokens', h.tokens.admin!, { name: 'first', expiresInSeconds: 86400 });
    expect(t1.status).toBe(201);
    const t2 = await h.call('POST', '/api/v1/tokens', t1.json.token, { name: 'mine', project: 'shop' });
    expect(t2.status).toBe(201);
    const viaOwn = await approve(await ask(t2.json.token, 'chain-own'), h.tokens.admin!);
    expect(viaOwn.status).toBe(403);
    expect(viaOwn.json.error.code).toBe('E_SELF_APPROVAL');
    expect(viaOwn.json.error.message).toMatch(/you issued the token it was requested with; ask another person with waivers:approve/);
    expect(viaOwn.json.error.message).not.toMatch(/token of their own/);
    const renewed = await h.call('POST', '/api/v1/tokens/self/renew', t2.json.token);
    expect(renewed.status).toBe(201);
    expect((await approve(await ask(renewed.json.token, 'chain-renewed'), h.tokens.admin!)).json.error?.code).toBe('E_SELF_APPROVAL');
  });

  it('quick start: the admin issues tokens to a developer and a security-admin; the security-admin approves', async () => {
    const bob = await h.call('POST', '/api/v1/users/u-dev/tokens', h.tokens.admin!, { name: 'laptop', expiresInSeconds: 30 * 86400 });
    const carol = await h.call('POST', '/api/v1/users/u-sec/tokens', h.tokens.admin!, { name: 'laptop', expiresInSeconds: 30 * 86400 });
    expect([bob.status, carol.status]).toEqual([201, 201]);
    const id = await ask(bob.json.token, 'quick-start');
    expect((await approve(id, bob.json.token)).status).toBe(403);
    expect((await approve(id, h.tokens.admin!)).json.error?.code).toBe('E_SELF_APPROVAL');
    const ok = await approve(id, carol.json.token);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ status: 'active', approvedBy: h.ids.sec });
  });
});

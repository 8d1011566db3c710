import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXCHANGE_PATH, exchangePlugin } from '../../../src/server/identity/exchange.js';
import { IssuerKeys } from '../../../src/server/identity/oidc.js';
import { SHOP, shopHarness } from './shop-harness.js';
import { startIssuer } from '../../helpers/oidc-issuer.js';

/**
 * Issue 7: a trust policy can be disabled without deleting it, through the HTTP API on both
 * dialects, with a real JWKS issuer on loopback:
 * - a disabled policy refuses every exchange (403 E_OIDC_POLICY_DISABLED naming it, audited),
 *   but only once the id token has verified: a forged token still gets the signature refusal;
 * - disabling revokes the policy's CI tokens and the tokens they issued for others, as deletion
 *   does (`revokedCiTokens` and `revokedTokens` in the audit entry); enabling again lets new jobs
 *   in and brings no revoked token back;
 * - enabling needs every permission the policy's role carries (like creating it); disabling only
 *   oidc:write; both are audited, and asking for the current state changes nothing.
 */

const DIALECTS = ['sqlite', 'postgres'] as const;
const AUD = 'https://rampart.test';
const nowS = () => Math.floor(Date.now() / 1000);

describe.each(DIALECTS)('disabling and enabling a trust policy on %s', (dialect) => {
  let issuer: { url: string; server: Server };
  let key: { privateKey: CryptoKey; publicKey: CryptoKey };
  const h = shopHarness(dialect, {
    tmpPrefix: 'rampart-policy-disable-',
    secrets: ['app/one'],
    allowInsecureLoopback: true,
    publicPlugins: (store, log) => [
      exchangePlugin({ store, audit: log, keys: new IssuerKeys({ allowInsecureLoopback: true, timeoutMs: 2000 }), allowInsecureLoopback: true, rateLimit: { max: 10_000, timeWindow: 60_000 } }),
    ],
  });
  const { call, tok } = h;

  beforeAll(async () => {
    key = await generateKeyPair('RS256');
    issuer = await startIssuer({ ...(await exportJWK(key.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' });
  });
  afterAll(async () => {
    await new Promise<void>((r) => (issuer ? issuer.server.close(() => r()) : r()));
  });

  const claims = (repo: string): JWTPayload => ({
    iss: issuer.url, aud: AUD, sub: `repo:${repo}:ref:refs/heads/main`, jti: randomUUID(), iat: nowS() - 5, nbf: nowS() - 5, exp: nowS() + 300,
    repository: repo, ref: 'refs/heads/main',
  });
  const sign = (c: JWTPayload, k: CryptoKey = key.privateKey) => new SignJWT(c).setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'JWT' }).sign(k);
  async function exchange(jwt: string, role: string) {
    const r = await fetch(h.base + EXCHANGE_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: jwt, project: 'shop', role }) });
    return { status: r.status, json: (await r.json()) as any };
  }
  const createPolicy = async (name: string, repo: string, role: string) => {
    const r = await call('POST', `${SHOP}/oidc-policies`, tok.root!, { name, issuer: issuer.url, audience: AUD, conditions: { repository: repo, ref: 'refs/heads/main' }, role });
    expect(r.status).toBe(201);
    return r.json.id as string;
  };
  const revokedAt = async (tokenId: string) => (await h.store.db.selectFrom('api_tokens').select('revoked_at').where('id', '=', tokenId).executeTakeFirstOrThrow()).revoked_at;
  const entries = async (action: string) =>
    (await h.store.db.selectFrom('audit_entries').selectAll().where('action', '=', action).orderBy('seq').execute()).map((e) => ({
      ...e,
      detail: (typeof e.detail === 'string' ? JSON.parse(e.detail) : e.detail) as Record<string, any>,
    }));

  it('a disabled policy refuses exchanges (403 naming it, audited) and its CI tokens, and the tokens they issued, are revoked', async () => {
    const id = await createPolicy('release', 'acme/shop', 'admin');
    const job = await exchange(await sign(claims('acme/shop')), 'admin');
    expect(job.status).toBe(200);
    expect((await call('GET', SHOP, job.json.token)).status).toBe(200);
    // The CI job (admin of shop) issues a token for a service account: held to the policy's rights.
    const bot = await call('POST', `${SHOP}/service-accounts`, tok.root!, { name: 'release-bot' });
    expect(bot.status).toBe(201);
    expect((await h.bind(`${SHOP}/role-bindings`, 'service_account', bot.json.id, 'deployer')).status).toBe(201);
    const botTok = await call('POST', `${SHOP}/service-accounts/${bot.json.id}/tokens`, job.json.token, { name: 'from-ci' });
    expect(botTok.status).toBe(201);

    const off = await call('POST', `${SHOP}/oidc-policies/${id}/disable`, tok.root!);
    expect(off.status).toBe(200);
    expect(off.json).toMatchObject({ id, name: 'release', roleName: 'admin' });
    expect(Date.parse(off.json.disabledAt)).not.toBeNaN();
    expect((await call('GET', `${SHOP}/oidc-policies`, tok.root!)).json.find((p: any) => p.id === id).disabledAt).toBe(off.json.disabledAt);

    expect(await revokedAt(job.json.tokenId)).not.toBeNull();
    expect(await revokedAt(botTok.json.id)).not.toBeNull();
    expect((await call('GET', SHOP, job.json.token)).status).toBe(401);
    expect((await call('GET', SHOP, botTok.json.token)).status).toBe(401);
    const change = (await entries('oidc-policy.disable')).at(-1)!;
    expect(change.actor).toBe(`user:${h.ids.root}`);
    expect(change.detail).toMatchObject({ name: 'release', revokedCiTokens: [job.json.tokenId] });
    expect(change.detail.revokedTokens).toMatchObject([{ tokenId: botTok.json.id, issuedBy: `oidc_policy:${id}` }]);

    const refused = await exchange(await sign(claims('acme/shop')), 'admin');
    expect(refused.status).toBe(403);
    expect(refused.json.error).toEqual({ code: 'E_OIDC_POLICY_DISABLED', message: 'the trust policy that matches this token (release) is disabled' });
    const denial = (await entries('oidc.exchange')).at(-1)!;
    expect(denial.outcome).toBe('deny');
    expect(denial.detail).toMatchObject({ code: 'E_OIDC_POLICY_DISABLED', status: 403, claims: { repository: 'acme/shop' } });

    // Disabling it again: same answer, nothing written.
    const count = (await entries('oidc-policy.disable')).length;
    const again = await call('POST', `${SHOP}/oidc-policies/${id}/disable`, tok.root!);
    expect(again.status).toBe(200);
    expect(again.json.disabledAt).toBe(off.json.disabledAt);
    expect(await entries('oidc-policy.disable')).toHaveLength(count);
  });

  it('a token that does not verify is refused for its signature, never told the policy is disabled', async () => {
    const id = await createPolicy('nightly', 'acme/nightly', 'viewer');
    expect((await call('POST', `${SHOP}/oidc-policies/${id}/disable`, tok.root!)).status).toBe(200);
    const stranger = await generateKeyPair('RS256');
    const forged = await exchange(await sign(claims('acme/nightly'), stranger.privateKey), 'viewer');
    expect(forged.status).toBe(401);
    expect(forged.json.error.code).toBe('E_OIDC_SIGNATURE');
    // A genuine token of a repository no policy names: the usual claims refusal.
    const elsewhere = await exchange(await sign(claims('acme/elsewhere')), 'viewer');
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.json.error.code).toBe('E_OIDC_CLAIMS');
  });

  it('enabling needs every permission of the policy\'s role; enabled again it lets jobs in, revoked tokens stay revoked', async () => {
    const id = await createPolicy('deploy', 'acme/deploy', 'deployer');
    const first = await exchange(await sign(claims('acme/deploy')), 'deployer');
    expect(first.status).toBe(200);
    // dave, security-admin of shop: holds oidc:* but not secrets:read, which deployer carries.
    await h.user('dave');
    expect((await h.bind(`${SHOP}/role-bindings`, 'user', h.ids.dave!, 'security-admin')).status).toBe(201);
    expect((await call('POST', `${SHOP}/oidc-policies/${id}/disable`, tok.dave!)).status).toBe(200);
    const denied = await call('POST', `${SHOP}/oidc-policies/${id}/enable`, tok.dave!);
    expect(denied.status).toBe(403);
    expect(denied.json.error.code).toBe('E_WIDER_GRANT');
    expect(denied.json.error.message).toContain('secrets:read');
    // A viewer of shop may do neither.
    await h.user('vic');
    expect((await h.bind(`${SHOP}/role-bindings`, 'user', h.ids.vic!, 'viewer')).status).toBe(201);
    expect((await call('POST', `${SHOP}/oidc-policies/${id}/disable`, tok.vic!)).status).toBe(403);

    const on = await call('POST', `${SHOP}/oidc-policies/${id}/enable`, tok.root!);
    expect(on.status).toBe(200);
    expect(on.json.disabledAt).toBeNull();
    expect((await entries('oidc-policy.enable')).at(-1)!.detail).toMatchObject({ name: 'deploy' });
    const second = await exchange(await sign(claims('acme/deploy')), 'deployer');
    expect(second.status).toBe(200);
    expect((await call('GET', SHOP, second.json.token)).status).toBe(200);
    expect((await call('GET', SHOP, first.json.token)).status).toBe(401);
  });

  it('an unknown policy, or one of another project, is 404; both routes are in the OpenAPI description', async () => {
    expect((await call('POST', `${SHOP}/oidc-policies/no-such/disable`, tok.root!)).status).toBe(404);
    const other = await call('POST', '/api/v1/projects/other/oidc-policies', tok.root!, { name: 'x', issuer: issuer.url, audience: AUD, conditions: { repository: 'acme/x' }, role: 'viewer' });
    expect(other.status).toBe(201);
    expect((await call('POST', `${SHOP}/oidc-policies/${other.json.id}/enable`, tok.root!)).status).toBe(404);
    expect((await call('POST', `${SHOP}/oidc-policies/${other.json.id}/disable`, tok.root!)).status).toBe(404);
    const doc = (await (await fetch(`${h.base}/api/docs`)).json()) as { paths: Record<string, Record<string, any>> };
    for (const verb of ['disable', 'enable']) {
      const op = doc.paths[`/api/v1/projects/{project}/oidc-policies/{id}/${verb}`]?.post;
      expect(op?.summary).toMatch(verb === 'disable' ? /refuses exchanges/ : /Enable/);
    }
  });

  it('an exchange racing a disable never leaves a live token of the disabled policy', async () => {
    const id = await createPolicy('race', 'acme/race', 'viewer');
    for (let i = 0; i < 4; i++) {
      const jwts = await Promise.all([1, 2, 3].map(() => sign(claims('acme/race'))));
      const [off, ...jobs] = await Promise.all([call('POST', `${SHOP}/oidc-policies/${id}/disable`, tok.root!), ...jwts.map((j) => exchange(j, 'viewer'))]);
      expect(off.status).toBe(200);
      for (const j of jobs) expect([200, 403]).toContain(j.status);
      const live = await h.store.db.selectFrom('api_tokens').select('id').where('owner_kind', '=', 'oidc_policy').where('owner_id', '=', id).where('revoked_at', 'is', null).execute();
      expect(live).toEqual([]);
      expect((await call('POST', `${SHOP}/oidc-policies/${id}/enable`, tok.root!)).status).toBe(200);
    }
  });
});

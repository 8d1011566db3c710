import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Authenticate } from '../../../src/server/auth.js';
import { hashToken, newToken } from '../../../src/server/identity/tokens.js';
import { SHOP, shopHarness } from './shop-harness.js';

/**
 * Issue 7 review (Q7): an identity change is made with the token the request presented as it is
 * when the change commits, not as it was when the request was authenticated.
 * - Authentication runs when the headers arrive, before the body: a client holding its body back
 *   keeps the gap open as long as it likes. A token revoked (or whose owner was disabled) in that
 *   gap must not mint a new token or change anything: 401, nothing written.
 * - A token with an expiry issues only tokens that expire no later (for itself or for others): a
 *   short-lived credential, once leaked, cannot be turned into a permanent one.
 */

const DIALECTS = ['sqlite', 'postgres'] as const;

/** Resolves once the server has authenticated `token` (the watched one), per request. */
class AuthWatch {
  token = '';
  private waiters: (() => void)[] = [];
  wrap = (inner: Authenticate): Authenticate => {
    // No `cached`: every request goes through the function, so each one is seen.
    const a: Authenticate = async (token) => {
      const p = await inner(token);
      if (token === this.token) for (const w of this.waiters.splice(0)) w();
      return p;
    };
    return a;
  };
  next(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

describe.each(DIALECTS)('the presented token is re-checked inside identity changes on %s', (dialect) => {
  const watch = new AuthWatch();
  const h = shopHarness(dialect, { tmpPrefix: 'rampart-presented-token-', secrets: ['app/one'], wrapAuth: watch.wrap });
  const { call, user, bind, tok, ids } = h;

  const tokenIdOf = async (token: string) => (await h.store.db.selectFrom('api_tokens').select('id').where('hash', '=', hashToken(token)).executeTakeFirstOrThrow()).id;
  const tokensOf = async (userId: string) => h.store.db.selectFrom('api_tokens').select(['id', 'revoked_at']).where('owner_kind', '=', 'user').where('owner_id', '=', userId).execute();

  /**
   * POST (or `method`) `path` with `token`, sending the headers and the first byte of the body at
   * once and the rest only after `between` ran (which happens after the server authenticated the
   * request).
   */
  async function heldPost(path: string, token: string, body: unknown, between: () => Promise<void>, method = 'POST'): Promise<{ status: number; json: any }> {
    const text = JSON.stringify(body);
    watch.token = token;
    const authenticated = watch.next();
    const url = new URL(h.base + path);
    const done = new Promise<{ status: number; json: any }>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } },
        (res) => {
          let out = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (out += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: out ? JSON.parse(out) : undefined }));
        },
      );
      req.on('error', reject);
      req.write(text.slice(0, 1));
      void authenticated.then(between).then(
        () => req.end(text.slice(1)),
        (e: unknown) => {
          req.destroy();
          reject(e);
        },
      );
    });
    return done;
  }

  it('a token revoked after authentication, before its body arrived, mints nothing (401)', async () => {
    await user('mal');
    expect((await bind(`${SHOP}/role-bindings`, 'user', ids.mal!, 'developer')).status).toBe(201);
    const malTokenId = await tokenIdOf(tok.mal!);
    const r = await heldPost('/api/v1/tokens', tok.mal!, { name: 'persist', project: 'shop' }, async () => {
      const revoke = await call('DELETE', `/api/v1/users/${ids.mal}/tokens/${malTokenId}`, tok.root!);
      expect(revoke.status).toBe(200);
    });
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe('E_UNAUTHENTICATED');
    // Only the revoked token: no new one.
    expect(await tokensOf(ids.mal!)).toEqual([{ id: malTokenId, revoked_at: expect.any(String) }]);
  });

  it('a token whose owner was disabled after authentication changes nothing (401)', async () => {
    await user('mel');
    expect((await bind(`${SHOP}/role-bindings`, 'user', ids.mel!, 'admin')).status).toBe(201);
    const before = await h.store.db.selectFrom('service_accounts').select('id').execute();
    const r = await heldPost(`${SHOP}/service-accounts`, tok.mel!, { name: 'mel-bot' }, async () => {
      expect((await call('POST', `/api/v1/users/${ids.mel}/disable`, tok.root!)).status).toBe(200);
    });
    expect(r.status).toBe(401);
    expect(await h.store.db.selectFrom('service_accounts').select('id').execute()).toHaveLength(before.length);
  });

  it('a token that was not revoked still works through the same held path (201)', async () => {
    await user('nia');
    expect((await bind(`${SHOP}/role-bindings`, 'user', ids.nia!, 'developer')).status).toBe(201);
    const r = await heldPost('/api/v1/tokens', tok.nia!, { name: 'second', project: 'shop' }, async () => {
      expect((await call('GET', SHOP, tok.root!)).status).toBe(200);
    });
    expect(r.status).toBe(201);
    expect(r.json.token).toMatch(/^rmp_u_/);
  });

  it('a vault write whose token was revoked before its body arrived writes nothing (401)', async () => {
    await user('vic');
    expect((await bind(`${SHOP}/role-bindings`, 'user', ids.vic!, 'developer')).status).toBe(201);
    const vicTokenId = await tokenIdOf(tok.vic!);
    const r = await heldPost(`${SHOP}/secrets/app/one`, tok.vic!, { value: 'overwritten' }, async () => {
      expect((await call('DELETE', `/api/v1/users/${ids.vic}/tokens/${vicTokenId}`, tok.root!)).status).toBe(200);
    }, 'PUT');
    expect(r.status).toBe(401);
    expect((await call('GET', `${SHOP}/secrets/app/one`, tok.root!)).json.value).toBe('v-app/one');
  });

  it('a vault write whose binding was removed before its body arrived writes nothing (403)', async () => {
    await user('wes');
    const b = await bind(`${SHOP}/role-bindings`, 'user', ids.wes!, 'developer');
    expect(b.status).toBe(201);
    const r = await heldPost(`${SHOP}/secrets/app/one`, tok.wes!, { value: 'overwritten' }, async () => {
      expect((await call('DELETE', `${SHOP}/role-bindings/${b.json.id}`, tok.root!)).status).toBe(204);
    }, 'PUT');
    expect(r.status).toBe(403);
    expect((await call('GET', `${SHOP}/secrets/app/one`, tok.root!)).json.value).toBe('v-app/one');
  });

  it('a vault write held the same way with nothing changed in between is written (200)', async () => {
    await user('xan');
    expect((await bind(`${SHOP}/role-bindings`, 'user', ids.xan!, 'developer')).status).toBe(201);
    const r = await heldPost(`${SHOP}/secrets/app/two`, tok.xan!, { value: 'fresh' }, async () => {
      expect((await call('GET', SHOP, tok.root!)).status).toBe(200);
    }, 'PUT');
    expect(r.status).toBe(200);
    expect((await call('GET', `${SHOP}/secrets/app/two`, tok.root!)).json.value).toBe('fresh');
  });

  it("a service account's expiring token issues only tokens that expire no later; a person's renewable one is held to its ceiling only", async () => {
    await user('ola');
    expect((await bind(`${SHOP}/role-bindings`, 'user', ids.ola!, 'admin')).status).toBe(201);
    const sa = await call('POST', `${SHOP}/service-accounts`, tok.root!, { name: 'ola-bot' });
    expect(sa.status).toBe(201);
    expect((await bind(`${SHOP}/role-bindings`, 'service_account', sa.json.id, 'developer')).status).toBe(201);
    const short = await call('POST', `${SHOP}/service-accounts/${sa.json.id}/tokens`, tok.root!, { name: 'short', expiresInSeconds: 3600 });
    expect(short.status).toBe(201);
    const limit = Date.parse(short.json.expiresAt as string);

    // No expiry asked: it gets the presenting token's.
    const noExpiry = await call('POST', '/api/v1/tokens', short.json.token, { name: 'forever', project: 'shop' });
    expect(noExpiry.status).toBe(201);
    expect(noExpiry.json.expiresAt).not.toBeNull();
    expect(Date.parse(noExpiry.json.expiresAt)).toBeLessThanOrEqual(limit);
    // Asked for longer: capped at it.
    const longer = await call('POST', '/api/v1/tokens', short.json.token, { name: 'longer', project: 'shop', expiresInSeconds: 7200 });
    expect(longer.status).toBe(201);
    expect(Date.parse(longer.json.expiresAt)).toBeLessThanOrEqual(limit);
    // Asked for shorter: kept.
    const shorter = await call('POST', '/api/v1/tokens', short.json.token, { name: 'shorter', project: 'shop', expiresInSeconds: 600 });
    expect(shorter.status).toBe(201);
    expect(Date.parse(shorter.json.expiresAt)).toBeLessThan(limit);

    // A person's 1-hour token renews itself, so capping what it issues at its expiry protects
    // nothing: without a ceiling of its own, the service account's token gets its 90 days.
    const hour = await call('POST', '/api/v1/tokens', tok.ola!, { name: 'hour', project: 'shop', expiresInSeconds: 3600 });
    expect(hour.status).toBe(201);
    const saTok = await call('POST', `${SHOP}/service-accounts/${sa.json.id}/tokens`, hour.json.token, { name: 'bot' });
    expect(saTok.status).toBe(201);
    expect(Date.parse(saTok.json.expiresAt)).toBeGreaterThan(Date.now() + 89 * 86400_000);
    const stored = await h.store.db.selectFrom('api_tokens').select(['expires_at', 'not_after']).where('id', '=', saTok.json.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ expires_at: saTok.json.expiresAt, not_after: null });
  });
});

describe.each(DIALECTS)("a CI job's token reaches only itself among its trust policy's tokens on %s", (dialect) => {
  const h = shopHarness(dialect, { tmpPrefix: 'rampart-ci-own-', secrets: ['app/one'] });

  it("lists and revokes only itself: another job's token of the same policy is neither listed nor revocable", async () => {
    const db = h.store.db;
    const shop = (await db.selectFrom('projects').select('id').where('name', '=', 'shop').executeTakeFirstOrThrow()).id;
    const policyId = 'p-ci-own';
    const now = new Date().toISOString();
    await db
      .insertInto('oidc_trust_policies')
      .values({ id: policyId, project_id: shop, name: 'gha', issuer: 'https://ci.example', audience: 'rampart', conditions: JSON.stringify({ sub: 'repo:o/r:ref:refs/heads/main' }), role_id: 'developer', max_ttl_s: 600, disabled_at: null, created_at: now })
      .execute();
    // Two jobs of the same pipeline, each with its own short-lived CI token.
    const job = (name: string) => {
      const t = newToken('ci');
      return { t, row: { id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'oidc_policy' as const, owner_id: policyId, name, role_id: 'developer', project_id: shop, expires_at: new Date(Date.now() + 600_000).toISOString(), revoked_at: null, last_used_at: null, created_at: now } };
    };
    const a = job('job-a');
    const b = job('job-b');
    await db.insertInto('api_tokens').values([a.row, b.row]).execute();

    const listed = await h.call('GET', '/api/v1/tokens', a.t.token);
    expect(listed.status).toBe(200);
    expect(listed.json.map((x: { id: string }) => x.id)).toEqual([a.t.id]);

    const other = await h.call('DELETE', `/api/v1/tokens/${b.t.id}`, a.t.token);
    expect(other.status).toBe(404);
    expect((await db.selectFrom('api_tokens').select('revoked_at').where('id', '=', b.t.id).executeTakeFirstOrThrow()).revoked_at).toBeNull();
    expect((await h.call('GET', SHOP, b.t.token)).status).toBe(200);

    // Its own token it may still revoke (a job ending early).
    const self = await h.call('DELETE', `/api/v1/tokens/${a.t.id}`, a.t.token);
    expect(self.status).toBe(200);
    expect(self.json.revokedAt).not.toBeNull();
    expect((await h.call('GET', SHOP, a.t.token)).status).toBe(401);
  });
});

describe.each(DIALECTS)('a deleted custom role names the tokens narrowed to it on %s', (dialect) => {
  const h = shopHarness(dialect, { tmpPrefix: 'rampart-role-tokens-', secrets: ['app/one'] });

  it('a token name with a control character is refused (it is printed in listings)', async () => {
    for (const name of ['a\nb', 'x\u001b[2K', 'tab\there']) {
      const r = await h.call('POST', '/api/v1/tokens', h.tok.root!, { name });
      expect(r.status).toBe(400);
      expect(r.json.error.message).toContain('name');
    }
    expect((await h.call('POST', '/api/v1/tokens', h.tok.root!, { name: 'laptop de Zoë' })).status).toBe(201);
  });

  it('the tokens the role deletion takes with it (foreign key cascade) are listed in its audit entry', async () => {
    const role = await h.call('POST', `${SHOP}/roles`, h.tok.root!, { name: 'reader', permissions: ['projects:read', 'secrets:list', 'tokens:create'] });
    expect(role.status).toBe(201);
    await h.user('una');
    expect((await h.bind(`${SHOP}/role-bindings`, 'user', h.ids.una!, 'reader')).status).toBe(201);
    const narrow = await h.call('POST', '/api/v1/tokens', h.tok.una!, { name: 'narrow', project: 'shop', role: 'reader' });
    expect(narrow.status).toBe(201);
    expect((await h.call('GET', SHOP, narrow.json.token)).status).toBe(200);

    expect((await h.call('DELETE', `${SHOP}/roles/${role.json.id}`, h.tok.root!)).status).toBe(204);
    expect((await h.call('GET', SHOP, narrow.json.token)).status).toBe(401);
    const rows = await h.store.db.selectFrom('audit_entries').select('detail').where('action', '=', 'role.delete').orderBy('seq').execute();
    const detail = JSON.parse(String(rows.at(-1)!.detail)) as Record<string, unknown>;
    expect(detail.deletedTokens).toEqual([{ tokenId: narrow.json.id, owner: `user:${h.ids.una}`, name: 'narrow' }]);
  });
});

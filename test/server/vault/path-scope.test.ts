import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityRoutes } from '../../../src/server/identity/routes.js';
import { newToken } from '../../../src/server/identity/tokens.js';
import { Keyring } from '../../../src/server/vault/master-key.js';
import { vaultRoutes } from '../../../src/server/vault/routes.js';
import { Vault } from '../../../src/server/vault/vault.js';
import { isoNow } from '../../../src/store/schema.js';
import { auditOf, DIALECTS, startHarness, type Harness } from '../gate/harness.js';
import { openTestVault } from '../../helpers/master-key.js';

/** Vault access limited per path by role (issue 7): bindings made through the identity API with `paths`. */
describe.each(DIALECTS)('path-scoped role bindings on %s', (dialect) => {
  let h: Harness;
  let keyring: Keyring;
  let scopedToken = '';
  const S = '/api/v1/projects/shop';

  beforeAll(async () => {
    let vault: Vault | undefined;
    h = await startHarness(dialect, (store, audit) => [
      identityRoutes({ store, audit }),
      vaultRoutes({
        get vault() {
          return vault!;
        },
        audit,
      }),
    ]);
    ({ vault, keyring } = await openTestVault(h.store));

    // A developer whose only binding is limited to app/*.
    const now = isoNow();
    await h.store.db.insertInto('users').values({ id: 'u-scoped', username: 'scoped', display_name: null, password_hash: null, disabled_at: null, created_at: now }).execute();
    const t = newToken('user');
    await h.store.db.insertInto('api_tokens').values({ id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'user', owner_id: 'u-scoped', name: 'test', role_id: null, project_id: null, expires_at: null, revoked_at: null, last_used_at: null, created_at: now }).execute();
    scopedToken = t.token;
    const r = await h.call('POST', `${S}/role-bindings`, h.tokens.admin!, { principalKind: 'user', principalId: 'u-scoped', role: 'developer', paths: ['app/*'] });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ role: 'developer', project: 'shop', paths: ['app/*'] });

    for (const p of ['app/x', 'app/y', 'db/x', 'app/deep/z']) {
      expect((await h.call('PUT', `${S}/secrets/${p}`, h.tokens.dev!, { value: `v-${p}` })).status).toBe(200);
    }
  }, 90_000);
  afterAll(async () => {
    keyring?.seal();
    await h?.close();
  });

  it('the binding is stored and listed with its paths; a bad pattern is a 400 naming it', async () => {
    const list = await h.call('GET', `${S}/role-bindings`, h.tokens.admin!);
    const mine = list.json.find((b: { principalId: string }) => b.principalId === 'u-scoped');
    expect(mine.paths).toEqual(['app/*']);
    const unscoped = list.json.find((b: { principalId: string }) => b.principalId === 'u-dev');
    expect(unscoped.paths).toBeNull();
    const bad = await h.call('POST', `${S}/role-bindings`, h.tokens.admin!, { principalKind: 'user', principalId: 'u-scoped', role: 'viewer', paths: ['app/x*'] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('paths[0]');
    const stored = await h.store.db.selectFrom('role_bindings').select('paths').where('principal_id', '=', 'u-scoped').execute();
    expect(stored.map((s) => s.paths)).toEqual(['["app/*"]']);
  });

  it('reads and writes inside the scope', async () => {
    const r = await h.call('GET', `${S}/secrets/app/x`, scopedToken);
    expect(r.status).toBe(200);
    expect(r.json.value).toBe('v-app/x');
    const w = await h.call('PUT', `${S}/secrets/app/y`, scopedToken, { value: 'new' });
    expect(w.status).toBe(200);
    expect((await h.call('GET', `${S}/secrets-history/app/y`, scopedToken)).status).toBe(200);
    const m = await h.call('GET', `${S}/secrets-metadata/app/y`, scopedToken);
    expect(m.status).toBe(200);
    expect(m.json).toMatchObject({ path: 'app/y', currentVersion: 2 });
  });

  it('is refused outside it on every per-path route, and each refusal is audited with the path', async () => {
    const before = (await auditOf(h.store, 'secret.denied')).length;
    const tries: [string, string, unknown?][] = [
      ['GET', `${S}/secrets/db/x`],
      ['PUT', `${S}/secrets/db/x`, { value: 'nope' }],
      ['GET', `${S}/secrets/app/deep/z`],
      ['GET', `${S}/secrets-history/db/x`],
      ['GET', `${S}/secrets-metadata/db/x`],
      ['GET', `${S}/secrets-metadata/app/deep/z`],
      ['DELETE', `${S}/secrets/db/x`],
      ['POST', `${S}/secrets-undelete/db/x`, {}],
      ['PUT', `${S}/secrets-policy/db/x`, { maxVersions: 3 }],
    ];
    for (const [method, url, body] of tries) {
      const r = await h.call(method, url, scopedToken, body);
      expect(r.status, `${method} ${url}`).toBe(403);
      expect(r.json.error.code).toBe('E_FORBIDDEN');
    }
    const denied = await auditOf(h.store, 'secret.denied');
    expect(denied.length - before).toBe(tries.length);
    const first = denied[before]!;
    expect(first.actor).toBe('user:u-scoped');
    expect(first.resource).toBe('project:shop/secret:db/x');
    expect(first.outcome).toBe('deny');
    // The value was not changed by the refused write.
    expect((await h.call('GET', `${S}/secrets/db/x`, h.tokens.dev!)).json.value).toBe('v-db/x');
  });

  it('lists only the paths in scope', async () => {
    const r = await h.call('GET', `${S}/secrets`, scopedToken);
    expect(r.status).toBe(200);
    expect(r.json.secrets.map((s: { path: string }) => s.path)).toEqual(['app/x', 'app/y']);
    const p = await h.call('GET', `${S}/secrets?prefix=db/`, scopedToken);
    expect(p.json.secrets).toEqual([]);
  });

  it('an unscoped binding is unchanged: every path, full listing', async () => {
    expect((await h.call('GET', `${S}/secrets/db/x`, h.tokens.dev!)).status).toBe(200);
    const r = await h.call('GET', `${S}/secrets`, h.tokens.viewer!);
    expect(r.json.secrets.map((s: { path: string }) => s.path)).toEqual(['app/deep/z', 'app/x', 'app/y', 'db/x']);
  });

  it('a granter limited to some paths grants only within them (no widening through a new binding)', async () => {
    const now = isoNow();
    await h.store.db.insertInto('users').values({ id: 'u-padmin', username: 'padmin', display_name: null, password_hash: null, disabled_at: null, created_at: now }).execute();
    await h.store.db.insertInto('role_bindings').values({ id: 'b-padmin', principal_kind: 'user', principal_id: 'u-padmin', role_id: 'admin', project_id: 'p1', created_by: null, created_at: now, paths: '["app/**"]' }).execute();
    const t = newToken('user');
    await h.store.db.insertInto('api_tokens').values({ id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'user', owner_id: 'u-padmin', name: 'test', role_id: null, project_id: null, expires_at: null, revoked_at: null, last_used_at: null, created_at: now }).execute();
    const grant = (paths?: string[]) => h.call('POST', `${S}/role-bindings`, t.token, { principalKind: 'user', principalId: 'u-dev2', role: 'developer', ...(paths ? { paths } : {}) });
    const unscoped = await grant();
    expect(unscoped.status).toBe(403);
    expect(unscoped.json.error.message).toContain('every path');
    expect((await grant(['db/*'])).status).toBe(403);
    expect((await grant(['app/*', 'db/x'])).status).toBe(403);
    const ok = await grant(['app/*', 'app/deep/z']);
    expect(ok.status).toBe(201);
    expect(ok.json.paths).toEqual(['app/*', 'app/deep/z']);
    // Its own secrets access stays within app/**.
    expect((await h.call('GET', `${S}/secrets/app/deep/z`, t.token)).status).toBe(200);
    expect((await h.call('GET', `${S}/secrets/db/x`, t.token)).status).toBe(403);
  });

  it('the scope does not reach another project', async () => {
    const r = await h.call('GET', '/api/v1/projects/other/secrets/app/x', scopedToken);
    expect(r.status).toBe(403);
  });
});

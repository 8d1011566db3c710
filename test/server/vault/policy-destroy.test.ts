import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '../../../src/server/vault/master-key.js';
import { vaultRoutes } from '../../../src/server/vault/routes.js';
import { Vault } from '../../../src/server/vault/vault.js';
import { auditPlugin } from '../../../src/server/audit/plugin.js';
import { newToken } from '../../../src/server/identity/tokens.js';
import { isoNow } from '../../../src/store/schema.js';
import { auditOf, DIALECTS, startHarness, type Harness } from '../gate/harness.js';
import { openTestVault } from '../../helpers/master-key.js';

/**
 * M4 of the review: lowering maxVersions through PUT secrets-policy (secrets:rotate) destroyed
 * versions that only secrets:destroy may destroy. L3: the vault routes' project parameter is a
 * project name like everywhere else, so a crafted one never reaches an audit entry's resource.
 */
describe.each(DIALECTS)('secrets policy and project names on %s', (dialect) => {
  let h: Harness;
  let keyring: Keyring;
  const S = '/api/v1/projects/shop';

  beforeAll(async () => {
    let vault: Vault | undefined;
    h = await startHarness(dialect, (_store, audit) => [
      // The server audits every request through the root audit plugin; here it is registered in the
      // protected context, so that refusals (403 secret.denied, 400) are recorded as in the server.
      auditPlugin(audit),
      vaultRoutes({
        get vault() {
          return vault!;
        },
        audit,
      }),
    ]);
    ({ vault, keyring } = await openTestVault(h.store));
  }, 60_000);
  afterAll(async () => {
    keyring?.seal();
    await h?.close();
  });

  const versionsOf = async (path: string, token: string) => (await h.call('GET', `${S}/secrets-history/${path}`, token)).json;

  it('a developer (secrets:rotate, no secrets:destroy) cannot destroy versions by lowering maxVersions: 403, nothing changed, audited', async () => {
    for (const v of ['a1', 'a2', 'a3']) expect((await h.call('PUT', `${S}/secrets/db/password`, h.tokens.dev!, { value: v })).status).toBe(200);
    const before = JSON.stringify(await versionsOf('db/password', h.tokens.dev!));
    const r = await h.call('PUT', `${S}/secrets-policy/db/password`, h.tokens.dev!, { maxVersions: 1, rotationMaxAgeS: 60 });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('E_VAULT_DESTROY_FORBIDDEN');
    expect(r.json.error.message).toMatch(/secrets:destroy/);
    // Nothing changed: not the versions, not the rotation max age of the refused request.
    expect(JSON.stringify(await versionsOf('db/password', h.tokens.dev!))).toBe(before);
    expect((await h.call('GET', `${S}/secrets/db/password?version=1`, h.tokens.admin!)).status).toBe(200);
    expect((await h.call('GET', `${S}/secrets/db/password`, h.tokens.dev!)).json.rotation).toBeUndefined();
    const denied = (await auditOf(h.store, 'secret.denied')).filter((e) => e.resource === 'project:shop/secret:db/password');
    expect(denied.length).toBe(1);
    expect(denied[0]!.actor).toBe(h.ids.dev);
  });

  it('a policy change that destroys nothing needs only secrets:rotate; destroying needs secrets:destroy and is audited with the versions', async () => {
    for (const v of ['b1', 'b2']) await h.call('PUT', `${S}/secrets/svc/key`, h.tokens.dev!, { value: v });
    let r = await h.call('PUT', `${S}/secrets-policy/svc/key`, h.tokens.dev!, { rotationMaxAgeS: 3600 });
    expect(r.status).toBe(200);
    r = await h.call('PUT', `${S}/secrets-policy/svc/key`, h.tokens.dev!, { maxVersions: 2 });
    expect(r).toMatchObject({ status: 200, json: { destroyed: [] } });
    r = await h.call('PUT', `${S}/secrets-policy/svc/key`, h.tokens.admin!, { maxVersions: 1 });
    expect(r).toMatchObject({ status: 200, json: { path: 'svc/key', destroyed: [1] } });
    const entries = (await auditOf(h.store, 'secret.policy')).filter((e) => e.resource === 'project:shop/secret:svc/key');
    expect(entries.length).toBe(3);
    expect(JSON.parse(entries[2]!.detail as string)).toMatchObject({ versions: [1] });
    expect(entries[2]!.actor).toBe(h.ids.admin);
    // Already destroyed versions are not live: keeping maxVersions at 1 destroys nothing more, so a developer may set it.
    expect((await h.call('PUT', `${S}/secrets-policy/svc/key`, h.tokens.dev!, { maxVersions: 1 })).status).toBe(200);
  });

  it('secrets:destroy counts only where its path scope reaches: a grant on app/* does not let a policy destroy db/* versions', async () => {
    // Developer everywhere in shop (secrets:rotate), admin of shop only for app/* (secrets:destroy there).
    const now = isoNow();
    await h.store.db.insertInto('users').values({ id: 'u-keeper', username: 'keeper', display_name: null, password_hash: null, disabled_at: null, created_at: now }).execute();
    const t = newToken('user');
    await h.store.db.insertInto('api_tokens').values({ id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'user', owner_id: 'u-keeper', name: 'test', role_id: null, project_id: null, expires_at: null, revoked_at: null, last_used_at: null, created_at: now }).execute();
    await h.store.db.insertInto('role_bindings').values([
      { id: 'b-keeper-dev', principal_kind: 'user', principal_id: 'u-keeper', role_id: 'developer', project_id: 'p1', paths: null, created_by: null, created_at: now },
      { id: 'b-keeper-admin', principal_kind: 'user', principal_id: 'u-keeper', role_id: 'admin', project_id: 'p1', paths: JSON.stringify(['app/*']), created_by: null, created_at: now },
    ]).execute();
    for (const path of ['app/cfg', 'db/cfg']) for (const v of ['c1', 'c2']) expect((await h.call('PUT', `${S}/secrets/${path}`, t.token, { value: v })).status).toBe(200);
    const outside = await h.call('PUT', `${S}/secrets-policy/db/cfg`, t.token, { maxVersions: 1 });
    expect(outside.status).toBe(403);
    expect(outside.json.error.code).toBe('E_VAULT_DESTROY_FORBIDDEN');
    expect(await h.call('PUT', `${S}/secrets-policy/app/cfg`, t.token, { maxVersions: 1 })).toMatchObject({ status: 200, json: { destroyed: [1] } });
  });

  it('vault routes refuse a project parameter that is not a project name (400, before any lookup or audit of a forged resource)', async () => {
    for (const p of ['other%2Fsecret:prod%2Fdb', 'sh%00op', 'Shop', '-shop', 'x'.repeat(64)]) {
      const r = await h.call('GET', `/api/v1/projects/${p}/secrets/x`, h.tokens.dev!);
      expect(r.status, p).toBe(400);
      expect(r.json.error.code, p).toBe('E_VALIDATION');
      expect((await h.call('GET', `/api/v1/projects/${p}/secrets?prefix=a`, h.tokens.dev!)).status, p).toBe(400);
      expect((await h.call('GET', `/api/v1/projects/${p}/rotation-due`, h.tokens.dev!)).status, p).toBe(400);
    }
    const forged = await h.store.db.selectFrom('audit_entries').select('resource').where('resource', 'like', '%other/secret%').execute();
    expect(forged).toEqual([]);
  });
});

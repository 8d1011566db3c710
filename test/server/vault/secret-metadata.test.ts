import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '../../../src/server/vault/master-key.js';
import { vaultRoutes } from '../../../src/server/vault/routes.js';
import { Vault } from '../../../src/server/vault/vault.js';
import { auditPlugin } from '../../../src/server/audit/plugin.js';
import { auditOf, DIALECTS, startHarness, type Harness } from '../gate/harness.js';
import { openTestVault } from '../../helpers/master-key.js';

/**
 * Conformance, issue 7: one secret's metadata without its value, like Vault's `kv metadata get`
 * (GET secrets-metadata/<path>, secrets:list): the policy, created/updated times, the current
 * version's deletion state, the rotation state and every version's state. A viewer (list only)
 * may read it; the value never appears in the answer; it is audited as secret.metadata.
 */
describe.each(DIALECTS)('secret metadata on %s', (dialect) => {
  let h: Harness;
  let keyring: Keyring;
  let clock = new Date('2026-03-01T00:00:00.000Z');
  const S = '/api/v1/projects/shop';

  beforeAll(async () => {
    let vault: Vault | undefined;
    h = await startHarness(dialect, (_store, audit) => [
      auditPlugin(audit),
      vaultRoutes({
        get vault() {
          return vault!;
        },
        audit,
      }),
    ]);
    ({ vault, keyring } = await openTestVault(h.store, { now: () => clock }));
  }, 60_000);
  afterAll(async () => {
    keyring?.seal();
    await h?.close();
  });

  it('policy, times, versions and rotation due, never the value; a viewer may read it; audited', async () => {
    expect((await h.call('PUT', `${S}/secrets-policy/db/password`, h.tokens.dev!, { maxVersions: 3, rotationMaxAgeS: 3600, casRequired: true })).status).toBe(200);
    let r = await h.call('GET', `${S}/secrets-metadata/db/password`, h.tokens.viewer!);
    expect(r).toMatchObject({ status: 200, json: { path: 'db/password', currentVersion: 0, oldestVersion: 0, maxVersions: 3, rotationMaxAgeS: 3600, casRequired: true, currentDeleted: false, rotation: null, versions: [] } });
    for (const [cas, value] of [[0, 'hunter2-one'], [1, 'hunter2-two']] as const) {
      expect((await h.call('PUT', `${S}/secrets/db/password`, h.tokens.dev!, { value, cas })).status).toBe(200);
    }
    clock = new Date(clock.getTime() + 4000 * 1000);
    r = await h.call('GET', `${S}/secrets-metadata/db/password`, h.tokens.viewer!);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ currentVersion: 2, oldestVersion: 1, currentDeleted: false, rotation: { maxAgeS: 3600, ageS: 4000, due: true, dueAt: '2026-03-01T01:00:00.000Z' } });
    expect(r.json.versions.map((v: { version: number; createdByName: string }) => [v.version, v.createdByName])).toEqual([
      [2, 'dev'],
      [1, 'dev'],
    ]);
    expect(JSON.stringify(r.json)).not.toContain('hunter2');
    // Deleting the current version and destroying the first show in the state.
    expect((await h.call('DELETE', `${S}/secrets/db/password`, h.tokens.admin!)).status).toBe(200);
    expect((await h.call('POST', `${S}/secrets-destroy/db/password`, h.tokens.admin!, { versions: [1] })).status).toBe(200);
    r = await h.call('GET', `${S}/secrets-metadata/db/password`, h.tokens.dev!);
    expect(r.json).toMatchObject({ currentVersion: 2, oldestVersion: 0, currentDeleted: true });
    expect(r.json.versions.map((v: { version: number; destroyed: boolean; deletedAt: string | null }) => [v.version, v.destroyed, v.deletedAt !== null])).toEqual([
      [2, false, true],
      [1, true, false],
    ]);
    const entries = (await auditOf(h.store, 'secret.metadata')).filter((e) => e.resource === 'project:shop/secret:db/password');
    expect(entries.length).toBe(3);
    expect(entries.map((e) => e.actor)).toContain(h.ids.viewer);
  });

  it('a secret with no rotation max age has rotation null; an unknown path is a 404; another project is a 403, audited as secret.denied', async () => {
    expect((await h.call('PUT', `${S}/secrets/app/token`, h.tokens.dev!, { value: 'v1' })).status).toBe(200);
    const r = await h.call('GET', `${S}/secrets-metadata/app/token`, h.tokens.dev!);
    expect(r.json).toMatchObject({ currentVersion: 1, oldestVersion: 1, maxVersions: 10, rotationMaxAgeS: null, casRequired: false, rotation: null });
    expect(r.json.createdAt).toBe(r.json.updatedAt);
    const missing = await h.call('GET', `${S}/secrets-metadata/app/none`, h.tokens.dev!);
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toMatch(/app\/none/);
    expect((await h.call('GET', `${S}/secrets-metadata/app/token`, h.tokens.outsider!)).status).toBe(403);
    // A refusal's entry is written once the answer is out (onResponse): wait for it.
    const deniedHere = async () => (await auditOf(h.store, 'secret.denied')).some((e) => e.resource === 'project:shop/secret:app/token' && e.actor === h.ids.outsider);
    for (let i = 0; i < 50 && !(await deniedHere()); i++) await new Promise((r) => setTimeout(r, 40));
    expect(await deniedHere()).toBe(true);
    expect((await h.call('GET', `${S}/secrets-metadata/app/token`, null)).status).toBe(401);
  });

  it('is a GET route of its own, beside secrets-history', () => {
    expect(h.app.hasRoute({ method: 'GET', url: '/api/v1/projects/:project/secrets-metadata/*' })).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '../../../src/server/vault/master-key.js';
import { vaultRoutes } from '../../../src/server/vault/routes.js';
import { Vault } from '../../../src/server/vault/vault.js';
import { auditPlugin } from '../../../src/server/audit/plugin.js';
import { auditOf, DIALECTS, startHarness, type Harness } from '../gate/harness.js';
import { openTestVault } from '../../helpers/master-key.js';

/**
 * Conformance sweep, issue 7: Vault lets a secret's metadata (max versions, rotation max age,
 * cas_required) be set before its first version. PUT secrets-policy on a path never written
 * creates the metadata with no versions: reads and history say so (404 "no versions" / an empty
 * history), the listing shows it at version 0, and the first write obeys it.
 */
describe.each(DIALECTS)('secret metadata before data on %s', (dialect) => {
  let h: Harness;
  let keyring: Keyring;
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
    ({ vault, keyring } = await openTestVault(h.store));
  }, 60_000);
  afterAll(async () => {
    keyring?.seal();
    await h?.close();
  });

  it('policy before the first write creates the metadata: reads 404 "no versions", history is empty, the listing shows v0, the first write keeps maxVersions', async () => {
    let r = await h.call('PUT', `${S}/secrets-policy/app/api-key`, h.tokens.dev!, { maxVersions: 2, rotationMaxAgeS: 3600 });
    expect(r).toMatchObject({ status: 200, json: { path: 'app/api-key', destroyed: [], created: true } });
    r = await h.call('GET', `${S}/secrets/app/api-key`, h.tokens.dev!);
    expect(r.status).toBe(404);
    expect(r.json.error.message).toMatch(/no versions/);
    expect((await h.call('GET', `${S}/secrets/app/api-key?version=1`, h.tokens.dev!)).status).toBe(404);
    expect(await h.call('GET', `${S}/secrets-history/app/api-key`, h.tokens.dev!)).toMatchObject({ status: 200, json: { path: 'app/api-key', versions: [] } });
    const listed = (await h.call('GET', `${S}/secrets?prefix=app/`, h.tokens.dev!)).json.secrets;
    expect(listed).toEqual([expect.objectContaining({ path: 'app/api-key', currentVersion: 0, maxVersions: 2, rotationMaxAgeS: 3600, casRequired: false, currentDeleted: false })]);
    // Soft delete / destroy of a secret with no versions: 404 naming that, not a 200 that changed nothing.
    r = await h.call('DELETE', `${S}/secrets/app/api-key`, h.tokens.admin!);
    expect(r.status).toBe(404);
    expect(r.json.error.message).toMatch(/no versions/);
    // Writes obey the metadata: at most 2 versions are kept.
    for (const v of ['k1', 'k2', 'k3']) expect((await h.call('PUT', `${S}/secrets/app/api-key`, h.tokens.dev!, { value: v })).status).toBe(200);
    const history = (await h.call('GET', `${S}/secrets-history/app/api-key`, h.tokens.dev!)).json.versions as { version: number; destroyed: boolean }[];
    expect(history.map((v) => [v.version, v.destroyed])).toEqual([
      [3, false],
      [2, false],
      [1, true],
    ]);
    expect((await h.call('GET', `${S}/secrets/app/api-key`, h.tokens.dev!)).json).toMatchObject({ version: 3, value: 'k3', rotation: { maxAgeS: 3600 } });
    // Setting the policy again changes it; nothing is created.
    expect((await h.call('PUT', `${S}/secrets-policy/app/api-key`, h.tokens.dev!, { rotationMaxAgeS: null })).json).toMatchObject({ created: false });
    const entries = (await auditOf(h.store, 'secret.policy')).filter((e) => e.resource === 'project:shop/secret:app/api-key');
    expect(entries.length).toBe(2);
  });

  it('casRequired: a write without cas is a 400 naming cas, nothing written; with cas it passes (first write cas 0)', async () => {
    expect((await h.call('PUT', `${S}/secrets-policy/ci/deploy-key`, h.tokens.dev!, { casRequired: true })).status).toBe(200);
    let r = await h.call('PUT', `${S}/secrets/ci/deploy-key`, h.tokens.dev!, { value: 'no-cas' });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('E_VAULT_CAS_REQUIRED');
    expect(r.json.error.message).toMatch(/cas/);
    expect(JSON.stringify(r.json)).not.toContain('no-cas');
    expect((await h.call('GET', `${S}/secrets-history/ci/deploy-key`, h.tokens.dev!)).json.versions).toEqual([]);
    expect((await h.call('PUT', `${S}/secrets/ci/deploy-key`, h.tokens.dev!, { value: 'v1', cas: 0 })).json).toMatchObject({ version: 1 });
    expect((await h.call('PUT', `${S}/secrets/ci/deploy-key`, h.tokens.dev!, { value: 'v2', cas: 0 })).status).toBe(409);
    expect((await h.call('PUT', `${S}/secrets/ci/deploy-key`, h.tokens.dev!, { value: 'v2' })).status).toBe(400);
    expect((await h.call('PUT', `${S}/secrets/ci/deploy-key`, h.tokens.dev!, { value: 'v2', cas: 1 })).json).toMatchObject({ version: 2 });
    const listed = (await h.call('GET', `${S}/secrets?prefix=ci/`, h.tokens.dev!)).json.secrets;
    expect(listed).toEqual([expect.objectContaining({ path: 'ci/deploy-key', currentVersion: 2, casRequired: true })]);
    // Turned off again: plain writes pass.
    await h.call('PUT', `${S}/secrets-policy/ci/deploy-key`, h.tokens.dev!, { casRequired: false });
    expect((await h.call('PUT', `${S}/secrets/ci/deploy-key`, h.tokens.dev!, { value: 'v3' })).json).toMatchObject({ version: 3 });
  });

  it('a secret never written and without metadata is still a plain 404; a policy on another project is refused', async () => {
    const r = await h.call('GET', `${S}/secrets/nothing/here`, h.tokens.dev!);
    expect(r.status).toBe(404);
    expect(r.json.error.message).not.toMatch(/no versions/);
    expect((await h.call('GET', `${S}/secrets-history/nothing/here`, h.tokens.dev!)).status).toBe(404);
    expect((await h.call('PUT', '/api/v1/projects/other/secrets-policy/x', h.tokens.dev!, { maxVersions: 3 })).status).toBe(403);
  });
});

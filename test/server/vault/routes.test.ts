import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/server/app.js';
import { masterKeyIdOf } from '../../../src/server/init.js';
import { Keyring, split } from '../../../src/server/vault/master-key.js';
import { sealRoutes, unsealRoutes, vaultRoutes } from '../../../src/server/vault/routes.js';
import { Vault } from '../../../src/server/vault/vault.js';
import type { Store } from '../../../src/store/db.js';
import { auditOf, DIALECTS, startHarness, type Harness } from '../gate/harness.js';
import { openTestVault, recordMasterKey } from '../../helpers/master-key.js';

async function allAuditText(store: Store): Promise<string> {
  const rows = await store.db.selectFrom('audit_entries').selectAll().execute();
  return JSON.stringify(rows);
}

describe.each(DIALECTS)('vault routes on %s', (dialect) => {
  let h: Harness;
  let keyring: Keyring;
  const S = '/api/v1/projects/shop';

  beforeAll(async () => {
    let vault: Vault | undefined;
    // The vault needs the harness's store, so the routes read it through a getter once it exists.
    h = await startHarness(dialect, (_store, audit) => [
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

  it('writes versions, reads the current and an older one, and lists and shows history without values', async () => {
    const v1 = 'hunter2-' + randomBytes(8).toString('hex');
    const v2 = 'hunter3-' + randomBytes(8).toString('hex');
    let r = await h.call('PUT', `${S}/secrets/db/password`, h.tokens.dev!, { value: v1 });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ path: 'db/password', version: 1, destroyed: [] });
    r = await h.call('PUT', `${S}/secrets/db/password`, h.tokens.dev!, { value: v2, cas: 1 });
    expect(r.json.version).toBe(2);

    r = await h.call('GET', `${S}/secrets/db/password`, h.tokens.dev!);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ path: 'db/password', version: 2, value: v2, createdBy: h.ids.dev });
    r = await h.call('GET', `${S}/secrets/db/password?version=1`, h.tokens.dev!);
    expect(r.json.value).toBe(v1);

    r = await h.call('GET', `${S}/secrets?prefix=db/`, h.tokens.viewer!);
    expect(r.status).toBe(200);
    expect(r.json.secrets).toHaveLength(1);
    expect(r.json.secrets[0]).toMatchObject({ path: 'db/password', currentVersion: 2, currentDeleted: false });
    expect(JSON.stringify(r.json)).not.toContain('hunter');

    r = await h.call('GET', `${S}/secrets-history/db/password`, h.tokens.viewer!);
    expect(r.json.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(JSON.stringify(r.json)).not.toContain('hunter');

    // A viewer may list but not read.
    r = await h.call('GET', `${S}/secrets/db/password`, h.tokens.viewer!);
    expect(r.status).toBe(403);

    const reads = await auditOf(h.store, 'secret.read');
    expect(reads.length).toBe(2);
    expect(reads[0]!.actor).toBe(h.ids.dev);
    expect(JSON.parse(reads[1]!.detail)).toMatchObject({ path: 'db/password', versions: [1] });
    const text = await allAuditText(h.store);
    expect(text).not.toContain(v1);
    expect(text).not.toContain(v2);
  });

  it('refuses a stale check-and-set with 409 and keeps the winner', async () => {
    await h.call('PUT', `${S}/secrets/api/key`, h.tokens.dev!, { value: 'a1' });
    const [a, b] = await Promise.all([
      h.call('PUT', `${S}/secrets/api/key`, h.tokens.dev!, { value: 'a2', cas: 1 }),
      h.call('PUT', `${S}/secrets/api/key`, h.tokens.dev2!, { value: 'a3', cas: 1 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.json.error.code).toBe('E_VAULT_CONFLICT');
    const r = await h.call('PUT', `${S}/secrets/api/key`, h.tokens.dev!, { value: 'a4', cas: 0 });
    expect(r.status).toBe(409);
    const cur = await h.call('GET', `${S}/secrets/api/key`, h.tokens.dev!);
    expect(cur.json.version).toBe(2);
    expect(cur.json.value).toBe(a.status === 200 ? 'a2' : 'a3');
  });

  it("refuses another project's secret with 403 and audits the refusal", async () => {
    const r = await h.call('GET', `/api/v1/projects/other/secrets/db/password`, h.tokens.dev!);
    expect(r.status).toBe(403);
    const w = await h.call('PUT', `/api/v1/projects/other/secrets/x`, h.tokens.dev!, { value: 'nope-' + 'v' });
    expect(w.status).toBe(403);
    // Refusals are audited in onResponse, after the answer went out: wait for both entries.
    const deniedOf = async () => (await auditOf(h.store, 'secret.denied')).filter((d) => d.resource.startsWith('project:other/'));
    let denied = await deniedOf();
    for (let i = 0; i < 50 && denied.length < 2; i++) {
      await new Promise((res) => setTimeout(res, 20));
      denied = await deniedOf();
    }
    expect(denied.map((d) => [d.actor, d.resource, d.outcome])).toEqual([
      [h.ids.dev, 'project:other/secret:db/password', 'deny'],
      [h.ids.dev, 'project:other/secret:x', 'deny'],
    ]);
    expect(await allAuditText(h.store)).not.toContain('nope-v');
    // The outsider (developer on p2) cannot read shop's secrets either; an unknown project looks the same.
    expect((await h.call('GET', `${S}/secrets/db/password`, h.tokens.outsider!)).status).toBe(403);
    expect((await h.call('GET', `/api/v1/projects/nosuch/secrets/a`, h.tokens.dev!)).status).toBe(403);
  });

  it('soft-deletes, undeletes and destroys versions', async () => {
    await h.call('PUT', `${S}/secrets/life/cycle`, h.tokens.admin!, { value: 'one' });
    await h.call('PUT', `${S}/secrets/life/cycle`, h.tokens.admin!, { value: 'two' });
    let r = await h.call('DELETE', `${S}/secrets/life/cycle`, h.tokens.admin!);
    expect(r.json).toEqual({ path: 'life/cycle', versions: [2] });
    expect((await h.call('GET', `${S}/secrets/life/cycle`, h.tokens.admin!)).status).toBe(410);
    r = await h.call('POST', `${S}/secrets-undelete/life/cycle`, h.tokens.admin!, {});
    expect(r.json.versions).toEqual([2]);
    expect((await h.call('GET', `${S}/secrets/life/cycle`, h.tokens.admin!)).json.value).toBe('two');
    r = await h.call('POST', `${S}/secrets-destroy/life/cycle`, h.tokens.admin!, { versions: [1] });
    expect(r.json.versions).toEqual([1]);
    r = await h.call('GET', `${S}/secrets/life/cycle?version=1`, h.tokens.admin!);
    expect(r.status).toBe(410);
    expect(r.json.error.code).toBe('E_VAULT_DESTROYED');
    // Only admins hold secrets:delete and secrets:destroy.
    expect((await h.call('DELETE', `${S}/secrets/life/cycle`, h.tokens.dev!)).status).toBe(403);
    expect((await h.call('POST', `${S}/secrets-destroy/life/cycle`, h.tokens.dev!, {})).status).toBe(403);
    // Destroy is never implied: without versions it is refused, and nothing is destroyed.
    const bare = await h.call('POST', `${S}/secrets-destroy/life/cycle`, h.tokens.admin!, {});
    expect(bare.status).toBe(400);
    expect(bare.json.error.message).toContain('destroy needs the versions');
    expect((await h.call('GET', `${S}/secrets/life/cycle`, h.tokens.admin!)).json.value).toBe('two');
    expect((await auditOf(h.store, 'secret.destroy')).length).toBe(1);
  });

  it('sets a policy: max versions prunes, a rotation max age reports the secret due', async () => {
    for (const v of ['r1', 'r2', 'r3']) await h.call('PUT', `${S}/secrets/rot/key`, h.tokens.dev!, { value: v });
    // Lowering maxVersions destroys version 1: that needs secrets:destroy too (admin; a developer gets 403).
    expect((await h.call('PUT', `${S}/secrets-policy/rot/key`, h.tokens.dev!, { maxVersions: 2, rotationMaxAgeS: 1 })).status).toBe(403);
    let r = await h.call('PUT', `${S}/secrets-policy/rot/key`, h.tokens.admin!, { maxVersions: 2, rotationMaxAgeS: 1 });
    expect(r.status).toBe(200);
    expect(r.json.destroyed).toEqual([1]);
    await new Promise((res) => setTimeout(res, 1100));
    r = await h.call('GET', `${S}/rotation-due`, h.tokens.viewer!);
    expect(r.json.due.map((d: { path: string }) => d.path)).toContain('rot/key');
    r = await h.call('GET', `${S}/secrets/rot/key`, h.tokens.dev!);
    expect(r.json.rotation).toMatchObject({ maxAgeS: 1, due: true });
  });

  it('rejects bad input with clear errors and no value in them', async () => {
    const big = 'x'.repeat(64 * 1024 + 1);
    let r = await h.call('PUT', `${S}/secrets/too/big`, h.tokens.dev!, { value: big });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json).length).toBeLessThan(500);
    r = await h.call('PUT', `${S}/secrets/a//b`, h.tokens.dev!, { value: 'sekrit-z' });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).not.toContain('sekrit-z');
    r = await h.call('PUT', `${S}/secrets/bad%20path`, h.tokens.dev!, { value: 'sekrit-z' });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('E_VAULT_INVALID');
    r = await h.call('GET', `${S}/secrets/does/not/exist`, h.tokens.dev!);
    expect(r.status).toBe(404);
    r = await h.call('PUT', `${S}/secrets/a`, h.tokens.dev!, { value: 'v', extra: 1 });
    expect(r.status).toBe(400);
    expect((await h.call('GET', `${S}/secrets/a`, null)).status).toBe(401);
  });

  it('answers 503 while sealed', async () => {
    // A keyring with nothing loaded: the vault is sealed.
    const v2 = await Vault.open(h.store, await Keyring.load(h.store));
    const app = await buildServer({ store: h.store, logger: false, plugins: [vaultRoutes({ vault: v2, audit: h.audit })] });
    try {
      const r = await app.inject({ method: 'GET', url: `${S}/secrets/db/password`, headers: { authorization: `Bearer ${h.tokens.dev}` } });
      expect(r.statusCode).toBe(503);
      expect(r.json().error.code).toBe('E_SEALED');
    } finally {
      await app.close();
    }
  });
});

describe('vault routes and logs', () => {
  let h: Harness;
  let keyring: Keyring;
  let vault: Vault;
  beforeAll(async () => {
    h = await startHarness('sqlite', () => []);
    ({ vault, keyring } = await openTestVault(h.store));
  });
  afterAll(async () => {
    keyring?.seal();
    await h?.close();
  });

  it('never writes a value to the server log, even at trace level', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const app = await buildServer({ store: h.store, logger: { level: 'trace', stream }, plugins: [vaultRoutes({ vault, audit: h.audit })] });
    const value = 'log-canary-' + randomBytes(12).toString('hex');
    try {
      const auth = { authorization: `Bearer ${h.tokens.dev}` };
      let r = await app.inject({ method: 'PUT', url: '/api/v1/projects/shop/secrets/canary', headers: auth, payload: { value } });
      expect(r.statusCode).toBe(200);
      r = await app.inject({ method: 'GET', url: '/api/v1/projects/shop/secrets/canary', headers: auth });
      expect(r.json().value).toBe(value);
      r = await app.inject({ method: 'PUT', url: '/api/v1/projects/shop/secrets/canary', headers: auth, payload: { value, cas: 0 } });
      expect(r.statusCode).toBe(409);
      r = await app.inject({ method: 'PUT', url: '/api/v1/projects/other/secrets/canary', headers: auth, payload: { value } });
      expect(r.statusCode).toBe(403);
    } finally {
      await app.close();
    }
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.join('')).not.toContain(value);
    expect(await allAuditText(h.store)).not.toContain(value);
  });
});

describe('seal and unseal routes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('sqlite', () => []);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('rebuilds the master key from shares over HTTP, refuses a repeated or bad share, and seals for admins only', async () => {
    const key = randomBytes(32);
    await recordMasterKey(h.store, key);
    const shares = await split(key, 3, 2);
    const keyring = await Keyring.load(h.store);
    const vault = await Vault.open(h.store, keyring);
    const app = await buildServer({
      store: h.store,
      logger: false,
      plugins: [vaultRoutes({ vault, audit: h.audit }), sealRoutes({ keyring, audit: h.audit })],
      publicPlugins: [unsealRoutes({ keyring, audit: h.audit })],
    });
    const dev = { authorization: `Bearer ${h.tokens.dev}` };
    try {
      // A key recorded without its split (before migration 0011): t and n unknown until a share says t.
      expect((await app.inject({ method: 'GET', url: '/api/v1/sys/seal-status' })).json()).toEqual({ sealed: true, t: null, n: null, progress: 0, have: 0 });
      expect((await app.inject({ method: 'PUT', url: '/api/v1/projects/shop/secrets/k', headers: dev, payload: { value: 'v' } })).statusCode).toBe(503);
      let r = await app.inject({ method: 'POST', url: '/api/v1/sys/unseal', payload: { share: shares[0] } });
      expect(r.json()).toEqual({ sealed: true, have: 1, threshold: 2, t: 2, n: null, progress: 1 });
      expect((await app.inject({ method: 'GET', url: '/api/v1/sys/seal-status' })).json()).toEqual({ sealed: true, t: 2, n: null, progress: 1, have: 1 });
      r = await app.inject({ method: 'POST', url: '/api/v1/sys/unseal', payload: { share: shares[0] } });
      expect(r.statusCode).toBe(400);
      expect(r.json().error.code).toBe('E_SHARE_INVALID');
      r = await app.inject({ method: 'POST', url: '/api/v1/sys/unseal', payload: { share: 'not a share' } });
      expect(r.statusCode).toBe(400);
      r = await app.inject({ method: 'POST', url: '/api/v1/sys/unseal', payload: { share: shares[2] } });
      expect(r.json()).toMatchObject({ sealed: false, keyId: masterKeyIdOf(key) });
      expect((await app.inject({ method: 'PUT', url: '/api/v1/projects/shop/secrets/k', headers: dev, payload: { value: 'v' } })).statusCode).toBe(200);

      expect((await app.inject({ method: 'POST', url: '/api/v1/sys/seal', headers: dev })).statusCode).toBe(403);
      r = await app.inject({ method: 'POST', url: '/api/v1/sys/seal', headers: { authorization: `Bearer ${h.tokens.admin}` } });
      // The shares that unsealed it told t; the keyring keeps it (n stays unknown).
      expect(r.json()).toEqual({ sealed: true, t: 2, n: null, progress: 0, have: 0 });
      expect((await app.inject({ method: 'GET', url: '/api/v1/projects/shop/secrets/k', headers: dev })).statusCode).toBe(503);
      const text = await allAuditText(h.store);
      for (const s of shares) expect(text).not.toContain(s.slice(-20));
      expect((await auditOf(h.store, 'vault.unseal')).map((e) => e.outcome)).toEqual(['allow', 'refused', 'refused', 'allow']);
    } finally {
      key.fill(0);
      keyring.seal();
      await app.close();
    }
  });
});

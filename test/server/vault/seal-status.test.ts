import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { initServer } from '../../../src/server/init.js';
import { Keyring, masterKeyCheck, masterKeyIdOf, split } from '../../../src/server/vault/master-key.js';
import { unsealRoutes } from '../../../src/server/vault/routes.js';
import { buildServer } from '../../../src/server/app.js';
import { openStore } from '../../../src/store/db.js';
import { DIALECTS, startHarness } from '../gate/harness.js';
import { recordMasterKey } from '../../helpers/master-key.js';

/**
 * Conformance sweep, issue 7: seal-status reports what a key holder needs, like Vault's
 * sys/seal-status: t of n shares and the progress so far. t and n come from init (stored with the
 * key's check value, never the shares); a key file has none.
 */
const root = mkdtempSync(join(tmpdir(), 'rampart-seal-status-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const known = (key: Buffer, splitOf?: { shares: number; threshold: number }) => ({
  id: masterKeyIdOf(key),
  checkValue: masterKeyCheck(key),
  createdAt: '2026-01-01T00:00:00.000Z',
  retiredAt: null,
  ...(splitOf ? { split: splitOf } : {}),
});

describe('Keyring.sealStatus', () => {
  it('a recorded 3-of-5 split: t and n before any share, progress per share, 0 once unsealed', async () => {
    const key = randomBytes(32);
    const shares = await split(key, 5, 3);
    const ring = new Keyring([known(key, { shares: 5, threshold: 3 })]);
    expect(ring.sealStatus()).toEqual({ sealed: true, t: 3, n: 5, progress: 0 });
    await ring.unseal(shares[0]!);
    expect(ring.sealStatus()).toEqual({ sealed: true, t: 3, n: 5, progress: 1 });
    await ring.unseal(shares[3]!);
    expect(ring.sealStatus()).toEqual({ sealed: true, t: 3, n: 5, progress: 2 });
    await ring.unseal(shares[4]!);
    expect(ring.sealStatus()).toEqual({ sealed: false, t: 3, n: 5, progress: 0 });
    ring.seal();
    expect(ring.sealStatus()).toEqual({ sealed: true, t: 3, n: 5, progress: 0 });
  });

  it("another split's shares of a different threshold do not show as progress", async () => {
    const key = randomBytes(32);
    const ring = new Keyring([known(key, { shares: 5, threshold: 3 })]);
    const foreign = await split(randomBytes(32), 4, 4);
    for (const s of foreign.slice(0, 3)) await ring.unseal(s);
    expect(ring.sealStatus()).toEqual({ sealed: true, t: 3, n: 5, progress: 0 });
    await ring.unseal((await split(key, 5, 3))[1]!);
    expect(ring.sealStatus().progress).toBe(1);
  });

  it('a key file (no split recorded): t and n are null; an unrecorded split learns t from its first share', async () => {
    const key = randomBytes(32);
    const ring = new Keyring([known(key)]);
    expect(ring.sealStatus()).toEqual({ sealed: true, t: null, n: null, progress: 0 });
    await ring.unseal((await split(key, 3, 2))[0]!);
    expect(ring.sealStatus()).toEqual({ sealed: true, t: 2, n: null, progress: 1 });
    ring.add(key);
    expect(ring.sealStatus()).toEqual({ sealed: false, t: null, n: null, progress: 0 });
    ring.seal();
  });
});

describe('server init records the split', () => {
  it('init --key-shares 5 --key-threshold 3 stores t and n (no share, no key); a key-file init stores none', async () => {
    const shared = join(root, 'shared');
    const r = await initServer({ dataDir: shared, keyShares: 5, keyThreshold: 3 });
    let store = await openStore({ dataDir: shared });
    try {
      const ring = await Keyring.load(store);
      expect(ring.sealStatus()).toEqual({ sealed: true, t: 3, n: 5, progress: 0 });
      const row = await store.db.selectFrom('master_keys').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ key_shares: 5, key_threshold: 3 });
      expect(JSON.stringify(row)).not.toContain(r.shares![0]!.slice(-16));
    } finally {
      await store.close();
    }
    const file = join(root, 'file');
    await initServer({ dataDir: file });
    store = await openStore({ dataDir: file });
    try {
      expect(await store.db.selectFrom('master_keys').select(['key_shares', 'key_threshold']).executeTakeFirstOrThrow()).toEqual({ key_shares: null, key_threshold: null });
    } finally {
      await store.close();
    }
  });
});

describe.each(DIALECTS)('a split made before migration 0011 (no t or n recorded) on %s', (dialect) => {
  it('its first unseal records t, so the next sealed start shows t before any share; n stays null; a recorded split is never overwritten', async () => {
    const h = await startHarness(dialect, () => []);
    const key = randomBytes(32);
    try {
      await recordMasterKey(h.store, key);
      const shares = await split(key, 4, 3);
      let ring = await Keyring.load(h.store);
      expect(ring.sealStatus()).toEqual({ sealed: true, t: null, n: null, progress: 0 });
      const app = await buildServer({ store: h.store, logger: false, publicPlugins: [unsealRoutes({ keyring: ring, audit: h.audit, store: h.store })] });
      try {
        for (const s of shares.slice(1)) expect((await app.inject({ method: 'POST', url: '/api/v1/sys/unseal', payload: { share: s } })).statusCode).toBe(200);
        expect(ring.sealed).toBe(false);
        ring.seal();
        // The running keyring knows it at once, a restarted server from the database.
        expect(ring.sealStatus()).toEqual({ sealed: true, t: 3, n: null, progress: 0 });
      } finally {
        await app.close();
      }
      const row = await h.store.db.selectFrom('master_keys').select(['key_shares', 'key_threshold']).where('id', '=', masterKeyIdOf(key)).executeTakeFirstOrThrow();
      expect(row).toEqual({ key_shares: null, key_threshold: 3 });
      ring = await Keyring.load(h.store);
      expect(ring.sealStatus()).toEqual({ sealed: true, t: 3, n: null, progress: 0 });
      // Unsealing again changes nothing recorded.
      const again = await buildServer({ store: h.store, logger: false, publicPlugins: [unsealRoutes({ keyring: ring, audit: h.audit, store: h.store })] });
      try {
        for (const s of shares.slice(0, 3)) await again.inject({ method: 'POST', url: '/api/v1/sys/unseal', payload: { share: s } });
        expect(ring.sealed).toBe(false);
      } finally {
        await again.close();
        ring.seal();
      }
      expect(await h.store.db.selectFrom('master_keys').select(['key_shares', 'key_threshold']).executeTakeFirstOrThrow()).toEqual({ key_shares: null, key_threshold: 3 });
    } finally {
      key.fill(0);
      await h.close();
    }
  }, 60_000);
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../src/server/app.js';
import { masterKeyIdOf } from '../../../src/server/init.js';
import { Keyring, split } from '../../../src/server/vault/master-key.js';
import { unsealRoutes } from '../../../src/server/vault/routes.js';
import { auditOf, DIALECTS, startHarness, type Harness } from '../gate/harness.js';
import { recordMasterKey } from '../../helpers/master-key.js';

/**
 * M2 of the review: the unseal route is public and anyone can mint a well-formed share of a split
 * of their own. Such a share must never discard the shares key holders have given.
 */
describe.each(DIALECTS)('unseal over HTTP with foreign shares on %s', (dialect) => {
  let h: Harness;
  let app: FastifyInstance;
  let keyring: Keyring;
  const key = randomBytes(32);

  beforeAll(async () => {
    h = await startHarness(dialect, () => []);
    await recordMasterKey(h.store, key);
    keyring = await Keyring.load(h.store);
    app = await buildServer({ store: h.store, logger: false, publicPlugins: [unsealRoutes({ keyring, audit: h.audit })] });
  }, 60_000);
  afterAll(async () => {
    key.fill(0);
    keyring?.seal();
    await app?.close();
    await h?.close();
  });

  const unseal = async (share: string) => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/sys/unseal', payload: { share } });
    return { status: r.statusCode, json: r.json() };
  };

  it('an anonymous share of another split between two holders does not keep the vault sealed; every attempt is audited', async () => {
    const shares = await split(key, 3, 2);
    const foreign = await split(randomBytes(32), 3, 2);
    // t from the share (this key's split was not recorded at init), n unknown; progress = the best attempt.
    expect(await unseal(shares[0]!)).toEqual({ status: 200, json: { sealed: true, have: 1, threshold: 2, t: 2, n: null, progress: 1 } });
    // The attacker's share starts an attempt of its own (it is accepted: it cannot be told apart before its threshold).
    expect(await unseal(foreign[0]!)).toEqual({ status: 200, json: { sealed: true, have: 1, threshold: 2, t: 2, n: null, progress: 1 } });
    // A whole foreign set rebuilds a key this database does not know: refused, holders' attempt untouched.
    const refused = await unseal(foreign[1]!);
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('E_UNSEAL_FAILED');
    expect(keyring.sealed).toBe(true);
    const done = await unseal(shares[2]!);
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ sealed: false, keyId: masterKeyIdOf(key) });

    const entries = await auditOf(h.store, 'vault.unseal');
    expect(entries.map((e) => e.outcome)).toEqual(['allow', 'allow', 'refused', 'allow']);
    for (const e of entries) expect(e.actor).toBe('anonymous');
    // Each entry says how many attempts were pending after it: the foreign one shows as a second.
    expect(entries.map((e) => (JSON.parse(e.detail as string) as { attempts: number }).attempts)).toEqual([1, 2, 1, 0]);
    const text = JSON.stringify(entries);
    for (const s of [...shares, ...foreign]) expect(text).not.toContain(s.slice(-20));
  });
  it('with --http-workers 2, each worker allows half the unseal limit: attempts spread over both get max in all, not 2 x max', async () => {
    // Two workers as in one process (each its own in-memory counter), max 4 over both.
    const workers = await Promise.all([1, 2].map(() => buildServer({ store: h.store, logger: false, publicPlugins: [unsealRoutes({ keyring, audit: h.audit, rateLimit: { max: 4, timeWindow: 60_000 }, workers: 2 })] })));
    try {
      const codes: number[] = [];
      for (let i = 0; i < 8; i++) codes.push((await workers[i % 2]!.inject({ method: 'POST', url: '/api/v1/sys/unseal', payload: { share: 'not-a-share' } })).statusCode);
      // Before: no 429 (4 per worker). (The vault is unsealed by now: the first four answer as usual.)
      expect(codes.map((c) => c === 429)).toEqual([false, false, false, false, true, true, true, true]);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });
});

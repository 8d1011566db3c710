import { generateKeyPairSync } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { entryHash, GENESIS_HASH, type JsonObject } from '../../../src/server/audit/entry.js';
import { AuditLog } from '../../../src/server/audit/log.js';
import { verifyAudit, type CheckpointPolicy } from '../../../src/server/audit/verify.js';
import type { Store } from '../../../src/store/db.js';
import { auditBackends, BACKENDS } from './backends.js';

/**
 * Review H3: checkpoints live in the database an attacker can write, so deleting the newest ones
 * and rewriting the entries above the last one left passed verify. With the checkpoint rule,
 * verify bounds the unsigned tail and the gaps between checkpoints; an expected root kept
 * elsewhere proves the part below it.
 */

const backends = auditBackends();
afterAll(() => backends.cleanup());

const POLICY: CheckpointPolicy = { every: 10, intervalMs: 60_000, tailMargin: 10 }; // a tail of 20 entries, 120 s with the margins
const ev = (i: number) => ({ actor: `user:${i % 3}`, action: 'secret.write', resource: `projects/p/secrets/s${i}`, outcome: 'success', detail: { i } });
const T0 = Date.parse('2026-06-01T12:00:00.000Z');

/** `n` entries in groups of 10, each group followed by a checkpoint (as a server under load); times advance 1 s per group. */
async function seeded(kind: (typeof BACKENDS)[number], n: number) {
  const { store } = await backends.open(kind);
  const signingKey = generateKeyPairSync('ed25519').privateKey;
  let t = T0;
  const log = await AuditLog.open(store, { signingKey, checkpointEvery: 10, now: () => new Date(t) });
  for (let from = 1; from <= n; from += 10) {
    await log.appendBatch(Array.from({ length: Math.min(10, n - from + 1) }, (_, k) => ev(from + k)));
    t += 1000;
  }
  await log.close();
  return { store, signingKey, publicKey: log.publicKey, clock: { set: (ms: number) => (t = ms) } };
}

const row = (store: Store, seq: number) => store.db.selectFrom('audit_entries').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();

/** What an attacker with write access (no key) does: change one entry's actor, re-chain everything after it. */
async function rewriteFrom(store: Store, seq: number) {
  await store.db.updateTable('audit_entries').set({ actor: 'user:nobody' }).where('seq', '=', seq).execute();
  const last = Number((await store.db.selectFrom('audit_entries').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).m);
  let prev = seq === 1 ? GENESIS_HASH : (await row(store, seq - 1)).hash;
  for (let s = seq; s <= last; s++) {
    const r = await row(store, s);
    const hash = entryHash(prev, { seq: s, ts: r.ts, actor: r.actor, action: r.action, resource: r.resource, outcome: r.outcome, detail: JSON.parse(r.detail) as JsonObject });
    await store.db.updateTable('audit_entries').set({ prev_hash: prev, hash }).where('seq', '=', s).execute();
    prev = hash;
  }
}

describe.each(BACKENDS)('audit verify with the checkpoint rule on %s', (kind) => {
  it('deleting the newest checkpoints and rewriting the tail fails: too many unsigned entries', async () => {
    const { store, publicKey } = await seeded(kind, 60);
    await store.db.deleteFrom('audit_checkpoints').where('tree_size', '>', 20).execute();
    await rewriteFrom(store, 30);
    // The chain alone cannot tell (the old behaviour, still what verifyAudit says without a rule).
    expect(await verifyAudit(store, publicKey)).toMatchObject({ ok: true, unsigned: 40 });
    const r = await verifyAudit(store, publicKey, { policy: POLICY });
    expect(r).toMatchObject({ ok: false, unsigned: 40, unsignedAllowed: 20, problem: { kind: 'unsigned-tail', seq: 21 } });
    expect(r.problem!.message).toMatch(/40 entries after the last checkpoint \(size 20\), more than the 20 a killed server leaves unsigned.*may be rewritten/);
  });

  it('with a count limit on gaps, a deleted checkpoint in the middle is a gap longer than it allows', async () => {
    const { store, publicKey } = await seeded(kind, 60);
    const policy = { ...POLICY, gapEntries: 20 };
    expect((await verifyAudit(store, publicKey, { policy })).ok).toBe(true);
    await store.db.deleteFrom('audit_checkpoints').where('tree_size', 'in', [20, 30]).execute();
    expect((await verifyAudit(store, publicKey, { policy: POLICY })).ok).toBe(true); // by time (1 s apart here) it is fine
    const r = await verifyAudit(store, publicKey, { policy });
    expect(r).toMatchObject({ ok: false, problem: { kind: 'checkpoint-gap', seq: 11 } });
    expect(r.problem!.message).toMatch(/is 30 entries after the one before it, more than the 20/);
  });

  it('a rewrite inside the allowed tail passes the rule, and an expected root kept elsewhere catches it', async () => {
    const { store, publicKey } = await seeded(kind, 60);
    const kept = await verifyAudit(store, publicKey); // e.g. `rampart audit verify --format json` saved off the machine
    await store.db.deleteFrom('audit_checkpoints').where('tree_size', '=', 60).execute();
    await rewriteFrom(store, 55);
    expect(await verifyAudit(store, publicKey, { policy: POLICY })).toMatchObject({ ok: true, unsigned: 10 });
    const r = await verifyAudit(store, publicKey, { policy: POLICY, expect: { size: 60, rootHash: kept.rootHash } });
    expect(r).toMatchObject({ ok: false, expectedRootMatched: false, problem: { kind: 'expected-root' } });
    // Untouched below the expected size: it matches.
    expect(await verifyAudit(store, publicKey, { policy: POLICY, expect: { size: 50, rootHash: (await checkpointRoot(store, 50))! } })).toMatchObject({ ok: true, expectedRootMatched: true });
    // Fewer entries than expected: deleted.
    await store.db.deleteFrom('audit_entries').where('seq', '>', 55).execute();
    expect((await verifyAudit(store, publicKey, { expect: { size: 60, rootHash: kept.rootHash } })).problem).toMatchObject({ kind: 'expected-root', seq: 56 });
  });

  it("a killed server's unsigned tail passes and is reported; one spanning longer than the interval does not", async () => {
    const { store, signingKey, publicKey, clock } = await seeded(kind, 20);
    // A server killed right after 5 writes within a few seconds: no final checkpoint.
    clock.set(T0 + 3_600_000);
    const crashed = await AuditLog.open(store, { signingKey, checkpointEvery: 10, now: () => new Date(T0 + 3_600_000) });
    await crashed.appendBatch([ev(21), ev(22), ev(23)]);
    expect(await verifyAudit(store, publicKey, { policy: POLICY })).toMatchObject({ ok: true, unsigned: 3, unsignedAllowed: 20 });
    // More entries ten minutes later, still unsigned: a live server would have signed the first ones.
    const later = await AuditLog.open(store, { signingKey, checkpointEvery: 10, now: () => new Date(T0 + 4_200_000) });
    await later.appendBatch([ev(24)]);
    const r = await verifyAudit(store, publicKey, { policy: POLICY });
    expect(r).toMatchObject({ ok: false, problem: { kind: 'unsigned-tail', seq: 21 } });
    expect(r.problem!.message).toMatch(/span 600 s, longer than a server runs without a checkpoint \(120 s\)/);
  });

  it('a checkpoint may sign one late crash tail, not entries of two far-apart runs', async () => {
    const { store, signingKey, publicKey } = await seeded(kind, 20);
    const at = (ms: number) => AuditLog.open(store, { signingKey, checkpointEvery: 1000, now: () => new Date(T0 + ms) });
    await (await at(3_600_000)).appendBatch([ev(21), ev(22)]); // killed: unsigned
    const restarted = await at(7_200_000); // back an hour later; its checkpoint signs the old tail late
    await restarted.appendBatch([ev(23)]);
    await restarted.close();
    expect(await verifyAudit(store, publicKey, { policy: POLICY })).toMatchObject({ ok: true, unsigned: 0 });
    // Two late groups an hour apart in one gap are more than one crash leaves: checkpoints were deleted.
    await (await at(10_800_000)).appendBatch([ev(24)]);
    await (await at(14_400_000)).appendBatch([ev(25)]);
    const last = await at(18_000_000);
    await last.appendBatch([ev(26)]);
    await last.close();
    expect((await verifyAudit(store, publicKey, { policy: POLICY })).problem).toMatchObject({ kind: 'checkpoint-gap', seq: 24 });
  });
});

async function checkpointRoot(store: Store, size: number): Promise<string | undefined> {
  return (await store.db.selectFrom('audit_checkpoints').select('root_hash').where('tree_size', '=', size).executeTakeFirst())?.root_hash;
}

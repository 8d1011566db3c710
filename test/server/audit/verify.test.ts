import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { entryHash, GENESIS_HASH, type JsonObject } from '../../../src/server/audit/entry.js';
import { AuditLog, checkpointPayload, keyIdOf } from '../../../src/server/audit/log.js';
import { verifyConsistency, verifyInclusion } from '../../../src/server/audit/merkle.js';
import { exportAudit, verifyAudit } from '../../../src/server/audit/verify.js';
import type { Store } from '../../../src/store/db.js';
import { auditBackends, BACKENDS } from './backends.js';

const backends = auditBackends();
afterAll(() => backends.cleanup());

const ev = (i: number) => ({ actor: `user:${i % 3}`, action: 'secret.write', resource: `projects/p/secrets/s${i}`, outcome: 'success', detail: { i, path: `s${i}` } });

/** 25 entries, checkpoints at 10, 20 and 25 (the last on close). */
async function seeded(kind: (typeof BACKENDS)[number]) {
  const { store } = await backends.open(kind);
  const signingKey = generateKeyPairSync('ed25519').privateKey;
  const log = await AuditLog.open(store, { signingKey, checkpointEvery: 10 });
  // Three groups (one transaction each): checkpoints follow the groups of 10 and 10, close() signs the last 5.
  for (const [from, to] of [[1, 10], [11, 20], [21, 25]] as const) {
    await log.appendBatch(Array.from({ length: to - from + 1 }, (_, k) => ev(from + k)));
  }
  await log.close();
  return { store, log, signingKey };
}

const row = (store: Store, seq: number) => store.db.selectFrom('audit_entries').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();

/** Recomputes entries from..to with the attacker's knowledge (the public hashing rule). */
async function rechain(store: Store, from: number, to: number) {
  let prev = from === 1 ? GENESIS_HASH : (await row(store, from - 1)).hash;
  for (let s = from; s <= to; s++) {
    const r = await row(store, s);
    const hash = entryHash(prev, { seq: s, ts: r.ts, actor: r.actor, action: r.action, resource: r.resource, outcome: r.outcome, detail: JSON.parse(r.detail) as JsonObject });
    await store.db.updateTable('audit_entries').set({ prev_hash: prev, hash }).where('seq', '=', s).execute();
    prev = hash;
  }
}

describe.each(BACKENDS)('verifyAudit on %s: tampering in the database is detected', (kind) => {
  it('an untouched log verifies', async () => {
    const { store, log } = await seeded(kind);
    const r = await verifyAudit(store, log.publicKey);
    expect(r).toMatchObject({ ok: true, entries: 25, checkpoints: 3, unsigned: 0 });
    const last = await store.db.selectFrom('audit_checkpoints').select('root_hash').where('tree_size', '=', 25).executeTakeFirstOrThrow();
    expect(r.rootHash).toBe(last.root_hash);
  });

  it('rewriting a detail as equivalent JSON (key order, spaces) is not tampering', async () => {
    const { store, log } = await seeded(kind);
    await store.db.updateTable('audit_entries').set({ detail: '{ "path" : "s7", "i" : 7 }' }).where('seq', '=', 7).execute();
    expect((await verifyAudit(store, log.publicKey)).ok).toBe(true);
  });

  it('UPDATE of a detail: hash mismatch at that entry', async () => {
    const { store, log } = await seeded(kind);
    await store.db.updateTable('audit_entries').set({ detail: JSON.stringify({ i: 7, path: 'other' }) }).where('seq', '=', 7).execute();
    const r = await verifyAudit(store, log.publicKey);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatchObject({ kind: 'hash-mismatch', seq: 7 });
    expect(r.problem!.message).toMatch(/entry 7 .*modified/);
    expect(r.entries).toBe(6);
  });

  it('UPDATE of the actor or outcome: hash mismatch', async () => {
    const { store, log } = await seeded(kind);
    await store.db.updateTable('audit_entries').set({ outcome: 'failure' }).where('seq', '=', 23).execute();
    expect((await verifyAudit(store, log.publicKey)).problem).toMatchObject({ kind: 'hash-mismatch', seq: 23 });
  });

  it('DELETE of a row in the middle: that seq is missing', async () => {
    const { store, log } = await seeded(kind);
    await store.db.deleteFrom('audit_entries').where('seq', '=', 12).execute();
    const r = await verifyAudit(store, log.publicKey);
    expect(r.problem).toMatchObject({ kind: 'missing-entry', seq: 12 });
    expect(r.problem!.message).toMatch(/entry 12 is missing .*deleted/);
  });

  it('DELETE of the last rows: the signed checkpoint is larger than the log', async () => {
    const { store, log } = await seeded(kind);
    await store.db.deleteFrom('audit_entries').where('seq', '>=', 24).execute();
    const r = await verifyAudit(store, log.publicKey);
    expect(r.problem).toMatchObject({ kind: 'checkpoint-beyond-log', seq: 24 });
    expect(r.problem!.message).toMatch(/24\.\.25 were deleted/);
  });

  it('INSERT of a forged row in place of a deleted one, hashed correctly: the next entry does not link', async () => {
    const { store, log } = await seeded(kind);
    const orig = await row(store, 12);
    await store.db.deleteFrom('audit_entries').where('seq', '=', 12).execute();
    const forged = { seq: 12, ts: orig.ts, actor: 'user:admin', action: 'secret.read', resource: 'projects/p/secrets/prod', outcome: 'success', detail: {} };
    const hash = entryHash(orig.prev_hash, forged);
    await store.db.insertInto('audit_entries').values({ ...forged, detail: '{}', prev_hash: orig.prev_hash, hash }).execute();
    const r = await verifyAudit(store, log.publicKey);
    expect(r.problem).toMatchObject({ kind: 'broken-link', seq: 13 });
    expect(r.problem!.message).toMatch(/inserted, deleted or reordered/);
  });

  it('INSERT of a forged row at the end with a made-up hash: broken link', async () => {
    const { store, log } = await seeded(kind);
    await store.db
      .insertInto('audit_entries')
      .values({ seq: 26, ts: new Date().toISOString(), actor: 'x', action: 'y', resource: 'z', outcome: 'success', detail: '{}', prev_hash: randomBytes(32).toString('hex'), hash: randomBytes(32).toString('hex') })
      .execute();
    expect((await verifyAudit(store, log.publicKey)).problem).toMatchObject({ kind: 'broken-link', seq: 26 });
  });

  it("swapping two rows' seq: the first of them does not link", async () => {
    const { store, log } = await seeded(kind);
    await store.db.updateTable('audit_entries').set({ seq: -5 }).where('seq', '=', 5).execute();
    await store.db.updateTable('audit_entries').set({ seq: 5 }).where('seq', '=', 6).execute();
    await store.db.updateTable('audit_entries').set({ seq: 6 }).where('seq', '=', -5).execute();
    const r = await verifyAudit(store, log.publicKey);
    expect(r.problem).toMatchObject({ kind: 'broken-link', seq: 5 });
  });

  it('a whole chain rewritten consistently (every hash recomputed): the signed checkpoint root differs', async () => {
    const { store, log } = await seeded(kind);
    await store.db.updateTable('audit_entries').set({ detail: JSON.stringify({ i: 15, path: 'rewritten' }) }).where('seq', '=', 15).execute();
    await rechain(store, 15, 25);
    const r = await verifyAudit(store, log.publicKey);
    // Entries 1..10 are proven by the first checkpoint; the rewrite lies in 11..20.
    expect(r.problem).toMatchObject({ kind: 'checkpoint-root', seq: 11 });
    expect(r.problem!.message).toMatch(/between entries 11 and 20/);
  });

  it('a checkpoint whose root was replaced: bad signature', async () => {
    const { store, log } = await seeded(kind);
    await store.db.updateTable('audit_checkpoints').set({ root_hash: randomBytes(32).toString('hex') }).where('tree_size', '=', 20).execute();
    const r = await verifyAudit(store, log.publicKey);
    expect(r.problem).toMatchObject({ kind: 'checkpoint-signature', seq: 11 });
  });

  it('a checkpoint signed by an untrusted key over a rewritten chain: unknown key', async () => {
    const { store, log } = await seeded(kind);
    // The attacker rewrites everything and re-signs with a key of their own.
    await store.db.updateTable('audit_entries').set({ detail: '{"i":2}' }).where('seq', '=', 2).execute();
    await rechain(store, 1, 25);
    const theirs = generateKeyPairSync('ed25519');
    const ts = new Date().toISOString();
    await store.db.deleteFrom('audit_checkpoints').execute();
    const root = (await verifyAudit(store, [])).rootHash;
    await store.db
      .insertInto('audit_checkpoints')
      .values({ id: 'forged', tree_size: 25, root_hash: root, ts, key_id: keyIdOf(theirs.publicKey), signature: sign(null, checkpointPayload(25, root, ts), theirs.privateKey).toString('base64') })
      .execute();
    const r = await verifyAudit(store, log.publicKey);
    expect(r.problem).toMatchObject({ kind: 'checkpoint-key', checkpointId: 'forged' });
    // With the attacker's key trusted it would pass: the trusted key is what anchors the log.
    expect((await verifyAudit(store, [log.publicKey, theirs.publicKey])).ok).toBe(true);
  });

  it('a detail that is not JSON, and a malformed hash, are reported, not thrown', async () => {
    const { store, log } = await seeded(kind);
    await store.db.updateTable('audit_entries').set({ detail: 'not json {' }).where('seq', '=', 3).execute();
    expect((await verifyAudit(store, log.publicKey)).problem).toMatchObject({ kind: 'malformed-entry', seq: 3 });
    await store.db.updateTable('audit_entries').set({ detail: '[1]' }).where('seq', '=', 3).execute();
    expect((await verifyAudit(store, log.publicKey)).problem).toMatchObject({ kind: 'malformed-entry', seq: 3 });
    await store.db.updateTable('audit_entries').set({ detail: '{"i":3,"path":"s3"}', hash: 'XYZ' }).where('seq', '=', 3).execute();
    expect((await verifyAudit(store, log.publicKey)).problem).toMatchObject({ kind: 'malformed-entry', seq: 3 });
  });

  it('entries after the last checkpoint are counted as unsigned', async () => {
    const { store, log, signingKey } = await seeded(kind);
    const more = await AuditLog.open(store, { signingKey, checkpointEvery: 1000 });
    await more.appendBatch([ev(26), ev(27), ev(28)]);
    expect(await verifyAudit(store, log.publicKey)).toMatchObject({ ok: true, entries: 28, checkpoints: 3, unsigned: 3 });
  });
});

describe('exportAudit', () => {
  it.each(BACKENDS)('writes entries then checkpoints as JSON lines, with proofs that verify (%s)', async (kind) => {
    const { store } = await seeded(kind);
    const signingKey = generateKeyPairSync('ed25519').privateKey;
    const more = await AuditLog.open(store, { signingKey, checkpointEvery: 1000 });
    await more.appendBatch([ev(26), ev(27)]); // two entries no checkpoint covers yet

    const plain = await collect((out) => exportAudit(store, out));
    expect(plain.map((l) => l.type)).toEqual([...Array<string>(27).fill('entry'), 'checkpoint', 'checkpoint', 'checkpoint']);
    expect(plain[6]).toMatchObject({ seq: 7, detail: { i: 7, path: 's7' }, outcome: 'success' });
    expect(plain[0]!.proof).toBeUndefined();

    const lines = await collect((out) => exportAudit(store, out, { withProofs: true }));
    const entries = lines.filter((l) => l.type === 'entry');
    const cps = lines.filter((l) => l.type === 'checkpoint');
    const tree = lines.at(-1)!;
    expect(tree).toMatchObject({ type: 'tree', tree_size: 27 });
    const roots = new Map<number, string>(cps.map((c) => [c.tree_size as number, c.root_hash as string]));
    roots.set(27, tree.root_hash as string);
    for (const e of entries) {
      const p = e.proof as { tree_size: number; leaf_index: number; hashes: string[] };
      // Signed entries prove against the latest checkpoint (25), the rest against the whole log.
      expect(p.tree_size).toBe((e.seq as number) <= 25 ? 25 : 27);
      expect(p.leaf_index).toBe((e.seq as number) - 1);
      expect(verifyInclusion(e.hash as string, p.leaf_index, p.tree_size, p.hashes, roots.get(p.tree_size)!)).toBe(true);
    }
    let prev = { size: 0, root: '' };
    for (const c of cps) {
      const cons = c.consistency as { from_tree_size: number; hashes: string[] };
      expect(cons.from_tree_size).toBe(prev.size);
      if (prev.size > 0) expect(verifyConsistency(prev.size, c.tree_size as number, prev.root, c.root_hash as string, cons.hashes)).toBe(true);
      prev = { size: c.tree_size as number, root: c.root_hash as string };
    }
  });
});

async function collect(run: (out: PassThrough) => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await run(out);
  out.end();
  return Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, sealEntry } from '../../../src/server/audit/entry.js';
import { AuditLog } from '../../../src/server/audit/log.js';
import { MerkleFrontier } from '../../../src/server/audit/merkle.js';
import { verifyAudit } from '../../../src/server/audit/verify.js';
import { CheckedFrontier, recheckedHash, type StoredEntry } from '../../../src/server/writer/frontier.js';
import { SqliteWriter } from '../../../src/server/writer/writer.js';
import { openStore, type Store } from '../../../src/store/db.js';

/**
 * The checkpoints' Merkle frontier on the writer thread (writer/frontier.ts): the writer's own
 * committed entries are folded as written, rows from elsewhere are re-checked before folding.
 */

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const T0 = '2026-01-01T00:00:00.000Z';
const fields = (i: number) => ({ ts: T0, actor: 'user:u1', action: 'secret.read', resource: `project:one/secret:s${i}`, outcome: 'allow', detail: { i } });

/** Entries 1..n as sealed and as stored rows. */
function chain(n: number) {
  let prev = GENESIS_HASH;
  return Array.from({ length: n }, (_, k) => {
    const e = sealEntry(k + 1, prev, fields(k + 1));
    prev = e.hash;
    const row: StoredEntry = { seq: e.seq, ts: e.ts, actor: e.actor, action: e.action, resource: e.resource, outcome: e.outcome, detail: canonicalJson(e.detail), prev_hash: e.prevHash, hash: e.hash };
    return { e, row };
  });
}

describe('CheckedFrontier', () => {
  const placedText = (links: { seq: number; prevHash: string; hash: string }[]) => `${links[0]!.seq}:${links[0]!.prevHash}${links.map((l) => l.hash).join('')}`;

  it('folds links another connection placed (RootJob.placed), and own links beyond a gap once it closes', () => {
    const c = chain(12);
    const links = c.map(({ e }) => ({ seq: e.seq, prevHash: e.prevHash, hash: e.hash }));
    const plain = new MerkleFrontier();
    for (const { e } of c) plain.push(e.hash);
    const f = new CheckedFrontier();
    // The writer's own entries 7..9 come before the main thread's 1..6 are known: kept, not lost.
    f.foldOwn(links.slice(6, 9));
    expect(f.size).toBe(0);
    expect(f.nextKnown()).toBe(7);
    // Two group commits of the main thread in one text: 1..3 and 4..6.
    f.addPlaced(`${placedText(links.slice(0, 3))};${placedText(links.slice(3, 6))}`);
    expect(f.size).toBe(9);
    expect(f.nextKnown()).toBe(Infinity);
    // Rows nobody in the process sealed are still re-checked.
    for (const { row } of c.slice(9)) f.foldRow(row);
    expect(f.size).toBe(12);
    expect(f.root()).toBe(plain.root());
  });

  it('ignores placed text that is malformed or does not continue the chain (those rows are re-checked instead)', () => {
    const c = chain(4);
    const links = c.map(({ e }) => ({ seq: e.seq, prevHash: e.prevHash, hash: e.hash }));
    const f = new CheckedFrontier();
    f.addPlaced('garbage;1:xyz;:' + 'a'.repeat(64));
    // Seq 1 claimed with a wrong prev hash: not folded (and dropped once passed).
    f.addPlaced(`1:${'f'.repeat(64)}${links[0]!.hash}`);
    expect(f.size).toBe(0);
    expect(f.nextKnown()).toBe(Infinity);
    for (const { row } of c) f.foldRow(row);
    expect(f.size).toBe(4);
    // A bad row is still refused however it is announced.
    const bad = { ...chain(5)[4]!.row, detail: '{"i":99}' };
    f.addPlaced(`6:${'a'.repeat(64)}${'b'.repeat(64)}`);
    expect(() => f.foldRow(bad)).toThrow(/does not chain/);
  });

  it('gives the same root from own links and from re-checked rows as a plain Merkle frontier', () => {
    const c = chain(7);
    const plain = new MerkleFrontier();
    for (const { e } of c) plain.push(e.hash);
    const own = new CheckedFrontier();
    own.foldOwn(c.slice(0, 3).map(({ e }) => ({ seq: e.seq, prevHash: e.prevHash, hash: e.hash })));
    for (const { row } of c.slice(3)) own.foldRow(row);
    expect(own.size).toBe(7);
    expect(own.root()).toBe(plain.root());
  });

  it('folds own links by their raw digests to the same root as by their hex hashes', () => {
    const c = chain(9);
    const links = c.map(({ e }) => ({ seq: e.seq, prevHash: e.prevHash, hash: e.hash }));
    const byHex = new CheckedFrontier();
    byHex.foldOwn(links);
    const raw = new Map(links.map((l) => [l, Buffer.from(l.hash, 'hex')]));
    const byDigest = new CheckedFrontier();
    // Some links without a digest (undefined): those are folded by their hex hash.
    byDigest.foldOwn(links, (l) => (l.seq % 3 === 0 ? undefined : raw.get(l)));
    expect(byDigest.size).toBe(9);
    expect(byDigest.root()).toBe(byHex.root());
    // And the chain goes on from the same tail: a re-checked row continues it.
    const next = chain(10)[9]!;
    byDigest.foldRow(next.row);
    expect(byDigest.size).toBe(10);
  });

  it('folds own links only while they continue it: after a gap the rows must be read', () => {
    const c = chain(5);
    const f = new CheckedFrontier();
    // Entries 3..5 were sealed by this thread, 1..2 by another writer not read yet.
    f.foldOwn(c.slice(2).map(({ e }) => ({ seq: e.seq, prevHash: e.prevHash, hash: e.hash })));
    expect(f.size).toBe(0);
    f.foldRow(c[0]!.row);
    f.foldRow(c[1]!.row);
    f.foldOwn(c.slice(2).map(({ e }) => ({ seq: e.seq, prevHash: e.prevHash, hash: e.hash })));
    expect(f.size).toBe(5);
  });

  it('refuses an altered, missing or non-JSON row and keeps what it had', () => {
    const c = chain(3);
    const f = new CheckedFrontier();
    f.foldRow(c[0]!.row);
    expect(() => f.foldRow({ ...c[1]!.row, detail: '{"i":99}' })).toThrow(/entry 2 does not chain/);
    expect(() => f.foldRow(c[2]!.row)).toThrow(/entry 2 is missing/);
    expect(() => f.foldRow({ ...c[1]!.row, detail: '{' })).toThrow(/entry 2 has a detail that is not JSON/);
    expect(() => recheckedHash({ ...c[1]!.row, prev_hash: 'f'.repeat(64) }, 2, c[0]!.e.hash)).toThrow(/does not chain/);
    expect(f.size).toBe(1);
    f.foldRow(c[1]!.row);
    expect(f.size).toBe(2);
  });
});

describe('checkpoints through the writer thread', () => {
  const dirs: string[] = [];
  const open: { store: Store; writer: SqliteWriter; logs: AuditLog[] }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0)) {
      for (const l of o.logs) await l.close().catch(() => undefined);
      await o.writer.close().catch(() => undefined);
      await o.store.close().catch(() => undefined);
    }
  });
  afterAll(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function setup() {
    const dataDir = mkdtempSync(join(tmpdir(), 'rampart-frontier-'));
    dirs.push(dataDir);
    const store = await openStore({ dataDir });
    const writer = await SqliteWriter.open(store.sqlite!.file);
    // `main`: appends on the main connection, like another writer of the same file.
    const main = await AuditLog.open(store, { signingKey: privateKey, checkpointEvery: 100_000 });
    const log = await AuditLog.open(store, { signingKey: privateKey, writer, checkpointEvery: 100_000 });
    open.push({ store, writer, logs: [log, main] });
    return { store, writer, main, log };
  }
  const ev = (i: number) => ({ actor: 'user:u1', action: 'secret.read', resource: `project:one/secret:s${i}`, outcome: 'allow', detail: { i } });

  it('covers entries written elsewhere (re-checked) and by the writer; the log verifies', async () => {
    const { store, main, log } = await setup();
    for (let i = 0; i < 3; i++) await main.append(ev(i));
    for (let i = 3; i < 6; i++) await log.append(ev(i));
    await main.append(ev(6));
    await log.append(ev(7));
    const cp = await log.checkpoint();
    expect(cp?.treeSize).toBe(8);
    const v = await verifyAudit(store, publicKey);
    expect(v).toMatchObject({ ok: true, entries: 8, checkpoints: 1, unsigned: 0 });
    expect(v.rootHash).toBe(cp!.rootHash);
    // Nothing new: no second checkpoint.
    expect(await log.checkpoint()).toBeUndefined();
  });

  it('refuses to sign over a row written elsewhere and altered before the writer read it', async () => {
    const { store, main, log } = await setup();
    await log.append(ev(0));
    await main.append(ev(1));
    await log.append(ev(2));
    await store.db.updateTable('audit_entries').set({ detail: '{"i":99}' }).where('seq', '=', 2).execute();
    await expect(log.checkpoint()).rejects.toThrow(/entry 2 does not chain/);
    expect(await store.db.selectFrom('audit_checkpoints').selectAll().execute()).toEqual([]);
  });

  it('a new writer thread reads the existing log back in pages before its first checkpoint', async () => {
    const { store, writer, log } = await setup();
    await Promise.all(Array.from({ length: 1200 }, (_, i) => log.append(ev(i))));
    // A fresh thread knows none of them: the root job re-reads 1,200 rows, 500 per job.
    await (writer as unknown as { worker: import('node:worker_threads').Worker }).worker.terminate();
    await log.append(ev(1200));
    const cp = await log.checkpoint();
    expect(cp?.treeSize).toBe(1201);
    expect(await verifyAudit(store, publicKey)).toMatchObject({ ok: true, entries: 1201, unsigned: 0 });
  });
});

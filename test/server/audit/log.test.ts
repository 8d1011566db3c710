import { generateKeyPairSync, verify } from 'node:crypto';
import { lstatSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, valueDigest } from '../../../src/server/audit/entry.js';
import { AuditLog, checkpointPayload, KEY_FILE, loadSigningKey } from '../../../src/server/audit/log.js';
import { verifyAudit } from '../../../src/server/audit/verify.js';
import { SqliteWriter } from '../../../src/server/writer/writer.js';
import type { Store } from '../../../src/store/db.js';
import { auditBackends, BACKENDS } from './backends.js';

const backends = auditBackends();
afterAll(() => backends.cleanup());

const key = () => generateKeyPairSync('ed25519').privateKey;
const ev = (i: number) => ({ actor: `user:${i % 7}`, action: 'secret.read', resource: `projects/p/secrets/s${i}`, outcome: 'success', detail: { i } });

async function rows(store: Store) {
  return store.db.selectFrom('audit_entries').selectAll().orderBy('seq').execute();
}
async function checkpointSizes(store: Store) {
  const cps = await store.db.selectFrom('audit_checkpoints').select('tree_size').execute();
  return cps.map((c) => Number(c.tree_size)).sort((a, b) => a - b);
}

/** Entries 1..n, each linked to the one before. */
function expectOneChain(rs: Awaited<ReturnType<typeof rows>>, n: number) {
  expect(rs.map((r) => Number(r.seq))).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  let prev = GENESIS_HASH;
  for (const r of rs) {
    expect(r.prev_hash).toBe(prev);
    prev = r.hash;
  }
}

describe.each(BACKENDS)('AuditLog on %s', (kind) => {
  it('concurrent appends from many promises keep one chain', async () => {
    const { store } = await backends.open(kind);
    const log = await AuditLog.open(store, { signingKey: key() });
    const results = await Promise.all(Array.from({ length: 150 }, (_, i) => log.append(ev(i))));
    expect(new Set(results.map((e) => e.seq)).size).toBe(150);
    expectOneChain(await rows(store), 150);
    // Each caller got the entry that holds its own detail.
    for (const [i, e] of results.entries()) expect(e.detail).toEqual({ i });
    await log.close();
    expect((await verifyAudit(store, log.publicKey)).ok).toBe(true);
  });

  it('appendThen calls back once each entry is committed, and with the error for a refused one', async () => {
    const { store } = await backends.open(kind);
    const log = await AuditLog.open(store, { signingKey: key(), checkpointEvery: 100_000 });
    await appendThenChecks(store, log);
    await log.close();
    expect((await verifyAudit(store, log.publicKey)).ok).toBe(true);
  });

  it('batch append writes contiguous entries in one go', async () => {
    const { store } = await backends.open(kind);
    const log = await AuditLog.open(store, { signingKey: key(), checkpointEvery: 100_000 });
    await log.append(ev(0));
    const batch = await log.appendBatch(Array.from({ length: 1200 }, (_, i) => ev(i + 1)));
    expect(batch.map((e) => e.seq)).toEqual(Array.from({ length: 1200 }, (_, i) => i + 2));
    expectOneChain(await rows(store), 1201);
    expect(await log.appendBatch([])).toEqual([]);
    await log.close();
  });

  it('checkpoints every N entries, signs them, and a final one on close', async () => {
    const { store } = await backends.open(kind);
    const log = await AuditLog.open(store, { signingKey: key(), checkpointEvery: 10 });
    for (let i = 0; i < 35; i++) await log.append(ev(i));
    await log.checkpoint().then(() => undefined); // queued behind the drain; covers 35
    expect(await checkpointSizes(store)).toEqual([10, 20, 30, 35]);
    // Nothing new: no empty checkpoint.
    expect(await log.checkpoint()).toBeUndefined();
    await log.close();
    expect(await checkpointSizes(store)).toEqual([10, 20, 30, 35]);
    const cp = await store.db.selectFrom('audit_checkpoints').selectAll().where('tree_size', '=', 20).executeTakeFirstOrThrow();
    expect(cp.key_id).toBe(log.keyId);
    expect(verify(null, checkpointPayload(20, cp.root_hash, cp.ts), log.publicKey, Buffer.from(cp.signature, 'base64'))).toBe(true);
    expect(verify(null, checkpointPayload(21, cp.root_hash, cp.ts), log.publicKey, Buffer.from(cp.signature, 'base64'))).toBe(false);
  });

  it('a reopened log resumes the chain and its checkpoint count', async () => {
    const { store } = await backends.open(kind);
    const k = key();
    const first = await AuditLog.open(store, { signingKey: k, checkpointEvery: 5 });
    for (let i = 0; i < 7; i++) await first.append(ev(i));
    await first.close();
    const again = await AuditLog.open(store, { signingKey: k, checkpointEvery: 5 });
    for (let i = 7; i < 12; i++) await again.append(ev(i));
    expectOneChain(await rows(store), 12);
    expect(await checkpointSizes(store)).toEqual([5, 7, 12]);
    await again.close();
    expect((await verifyAudit(store, again.publicKey)).ok).toBe(true);
  });

  it('the timer checkpoints new entries; stop() ends it', async () => {
    const { store } = await backends.open(kind);
    const log = await AuditLog.open(store, { signingKey: key(), checkpointIntervalMs: 40 });
    log.start();
    await log.append(ev(1));
    await log.append(ev(2));
    const deadline = Date.now() + 5000;
    while ((await checkpointSizes(store)).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await checkpointSizes(store)).toEqual([2]);
    log.stop();
    await log.append(ev(3));
    await new Promise((r) => setTimeout(r, 150));
    expect(await checkpointSizes(store)).toEqual([2]);
    await log.close();
  });

  it('entries another process appends count toward checkpointEvery (--http-workers: one signer, read by the tail seq)', async () => {
    const { store } = await backends.open(kind);
    const k = key();
    // The signer appends nothing itself, and its 60 s-style timer never fires inside the test.
    const signer = await AuditLog.open(store, { signingKey: k, checkpointEvery: 10, checkpointIntervalMs: 3_600_000, tailPollMs: 20 });
    const other = await AuditLog.open(store, { signingKey: k, checkpoints: false });
    signer.start();
    try {
      // Fewer than checkpointEvery: no checkpoint.
      for (let i = 0; i < 5; i++) await other.append(ev(i));
      await new Promise((r) => setTimeout(r, 150));
      expect(await checkpointSizes(store)).toEqual([]);
      // Past it: the signer checkpoints over the other's entries (before: none until its timer or close).
      for (let i = 5; i < 25; i++) await other.append(ev(i));
      const deadline = Date.now() + 5000;
      while ((await checkpointSizes(store)).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      // One checkpoint, or two when the signer's poll saw the 20 appends part-way (a loaded
      // machine): each adds at least checkpointEvery entries to the tree either way.
      const sizes = await checkpointSizes(store);
      expect(sizes.length).toBeGreaterThanOrEqual(1);
      expect(sizes.length).toBeLessThanOrEqual(2);
      expect(sizes[0]).toBeGreaterThanOrEqual(10);
      if (sizes.length === 2) expect(sizes[1]! - sizes[0]!).toBeGreaterThanOrEqual(10);
    } finally {
      await other.close();
      await signer.close();
    }
    expect((await verifyAudit(store, signer.publicKey)).ok).toBe(true);
  });

  it("appendIn commits or rolls back with the caller's transaction", async () => {
    const { store } = await backends.open(kind);
    const log = await AuditLog.open(store, { signingKey: key() });
    await log.append(ev(0));
    await expect(
      store.db.transaction().execute(async (trx) => {
        await log.appendIn(trx, ev(1));
        throw new Error('the service write failed');
      }),
    ).rejects.toThrow(/service write failed/);
    expect((await rows(store)).length).toBe(1);
    const e = await store.db.transaction().execute((trx) => log.appendIn(trx, ev(2)));
    expect(e.seq).toBe(2);
    await log.append(ev(3));
    expectOneChain(await rows(store), 3);
    await log.close();
    expect((await verifyAudit(store, log.publicKey)).ok).toBe(true);
  });

  it('appendIn entries are checkpointed every N once their transactions commit', async () => {
    const { store } = await backends.open(kind);
    const log = await AuditLog.open(store, { signingKey: key(), checkpointEvery: 3 });
    for (let i = 0; i < 7; i++) await store.db.transaction().execute((trx) => log.appendIn(trx, ev(i)));
    await log.checkpoint(); // queued behind the automatic ones
    // Each automatic one covers what had committed when it got the tail lock: at least 3 entries
    // after the one before (usually [3, 6, 7]; a commit slipping in ahead gives e.g. [4, 7]).
    const sizes = await checkpointSizes(store);
    expect(sizes.at(-1)).toBe(7);
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    sizes.slice(0, -1).forEach((n, i) => expect(n - (i ? sizes[i - 1]! : 0)).toBeGreaterThanOrEqual(3));
    await log.close();
    expect((await verifyAudit(store, log.publicKey)).ok).toBe(true);
  });

  it('refuses to sign a checkpoint over a row altered in the database', async () => {
    const { store } = await backends.open(kind);
    const errors: Error[] = [];
    const log = await AuditLog.open(store, { signingKey: key(), onError: (e) => errors.push(e) });
    for (let i = 0; i < 4; i++) await log.append(ev(i));
    await store.db.updateTable('audit_entries').set({ detail: '{"i":99}' }).where('seq', '=', 3).execute();
    await expect(log.checkpoint()).rejects.toThrow(/entry 3 does not chain/);
    expect(await checkpointSizes(store)).toEqual([]);
    await log.close();
    expect(errors.map((e) => e.message).join()).toMatch(/entry 3/);
  });
});

/** appendThen: 40 concurrent entries, each called back once after its commit; a refused entry gets its error and leaves nothing. */
async function appendThenChecks(store: Store, log: AuditLog): Promise<void> {
  const calls: (Error | null)[][] = Array.from({ length: 40 }, () => []);
  let synchronous = true;
  let calledDuring = false;
  const done = Promise.all(
    calls.map(
      (c, i) =>
        new Promise<void>((resolve) =>
          log.appendThen(ev(i), { durability: 'read' }, (err) => {
            c.push(err);
            if (synchronous) calledDuring = true;
            resolve();
          }),
        ),
    ),
  );
  const refused = new Promise<Error | null>((resolve) =>
    log.appendThen({ ...ev(99), detail: { password: 'hunter2' } }, {}, (err) => {
      if (synchronous) calledDuring = true;
      resolve(err);
    }),
  );
  synchronous = false;
  await done;
  // Never during the call itself, exactly once, and committed by then.
  expect(calledDuring).toBe(false);
  for (const c of calls) expect(c).toEqual([null]);
  const err = await refused;
  expect(err?.message).toMatch(/names a secret/);
  const rs = await rows(store);
  expect(rs).toHaveLength(40);
  expect(rs.map((r) => JSON.parse(r.detail).i).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  expect(JSON.stringify(rs)).not.toContain('hunter2');
}

describe('AuditLog with the SQLite writer thread', () => {
  it('appendThen goes through the writer: called back once each entry is committed', async () => {
    const { store } = await backends.open('sqlite');
    const writer = await SqliteWriter.open(store.sqlite!.file);
    try {
      const log = await AuditLog.open(store, { signingKey: key(), checkpointEvery: 100_000, writer });
      await appendThenChecks(store, log);
      await log.close();
      expect((await verifyAudit(store, log.publicKey)).ok).toBe(true);
    } finally {
      await writer.close();
    }
  });

  it('appendThen through the writer (no links sent back) still counts its entries toward a checkpoint', async () => {
    const { store } = await backends.open('sqlite');
    const writer = await SqliteWriter.open(store.sqlite!.file);
    try {
      const log = await AuditLog.open(store, { signingKey: key(), checkpointEvery: 10, writer });
      await Promise.all(Array.from({ length: 25 }, (_, i) => new Promise<void>((resolve, reject) => log.appendThen(ev(i), { durability: 'read' }, (err) => (err ? reject(err) : resolve())))));
      // The checkpoint the count asked for is made in the background: wait for it (not close()'s own).
      let covered = 0;
      for (let t = 0; t < 200 && covered < 10; t++) {
        const row = await store.db.selectFrom('audit_checkpoints').select((eb) => eb.fn.max('tree_size').as('n')).executeTakeFirst();
        covered = Number(row?.n ?? 0);
        if (covered < 10) await new Promise((r) => setTimeout(r, 10));
      }
      expect(covered).toBeGreaterThanOrEqual(10);
      await log.close();
      expect((await verifyAudit(store, log.publicKey)).ok).toBe(true);
    } finally {
      await writer.close();
    }
  });
});

describe('AuditLog across processes', () => {
  // PostgreSQL only: two better-sqlite3 connections in one thread block each other synchronously
  // (busy_timeout stalls the event loop holding the other's lock); SQLite writers are separate processes.
  it('two writers with separate pools on the same database keep one chain', async () => {
    const { store, again } = await backends.open('postgres');
    // A second, independent connection to the same database: another server process.
    const other = await again();
    const k = key();
    const a = await AuditLog.open(store, { signingKey: k });
    const b = await AuditLog.open(other, { signingKey: k });
    await Promise.all(Array.from({ length: 120 }, (_, i) => (i % 2 ? a : b).append(ev(i))));
    expectOneChain(await rows(store), 120);
    await a.close();
    await b.close();
    expect((await verifyAudit(store, a.publicKey)).ok).toBe(true);
  });

});

describe('AuditLog input and keys', () => {
  it('refuses bad entries and secret-looking detail; one bad entry does not fail its neighbours', async () => {
    const { store } = await backends.open('sqlite');
    const log = await AuditLog.open(store, { signingKey: key() });
    const hmacKey = Buffer.alloc(32, 7);
    const results = await Promise.allSettled([
      log.append(ev(1)),
      log.append({ ...ev(2), actor: '' }),
      log.append({ ...ev(3), detail: { value: 'hunter2' } }),
      log.append({ ...ev(4), detail: { nested: [{ Password: 'x' }] } }),
      log.append({ ...ev(5), detail: { value: valueDigest(hmacKey, 'hunter2'), version: 3 } }),
      log.append({ ...ev(6), detail: { n: Number.NaN } }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected', 'fulfilled', 'rejected']);
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/valueDigest/);
    expectOneChain(await rows(store), 2);
    expect(JSON.stringify(await rows(store))).not.toContain('hunter2');
    await log.close();
    await expect(log.append(ev(7))).rejects.toThrow(/closed/);
  });

  it('keeps its key in the data dir (0600), reuses it, and refuses a symlink', async () => {
    const { store } = await backends.open('sqlite');
    const dataDir = backends.tmpDir();
    const a = await AuditLog.open(store, { dataDir });
    expect(lstatSync(join(dataDir, KEY_FILE)).mode & 0o777).toBe(0o600);
    const b = await AuditLog.open(store, { dataDir });
    expect(b.keyId).toBe(a.keyId);
    const other = backends.tmpDir();
    symlinkSync(join(dataDir, KEY_FILE), join(other, KEY_FILE));
    expect(() => loadSigningKey(other)).toThrow(/symbolic link/);
    const third = backends.tmpDir();
    writeFileSync(join(third, KEY_FILE), generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    expect(() => loadSigningKey(third)).toThrow(/not Ed25519/);
    await expect(AuditLog.open(store, {})).rejects.toThrow(/signing key or a data directory/);
  });
});

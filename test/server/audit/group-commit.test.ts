import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { normaliseText } from '../../../src/server/audit/entry.js';
import { GroupCommit, isBusy } from '../../../src/server/audit/group-commit.js';
import { AuditError, AuditLog } from '../../../src/server/audit/log.js';
import { verifyAudit } from '../../../src/server/audit/verify.js';
import { SqliteWriter } from '../../../src/server/writer/writer.js';
import { openStore, type Store } from '../../../src/store/db.js';

/**
 * Reads' entries committed on the main thread, one transaction per event-loop turn
 * (audit/group-commit.ts), beside the writer thread's entries: one chain, callbacks only after
 * the commit, a busy write lock waited for without blocking the event loop.
 */

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const read = (i: number) => ({ actor: 'user:u1', action: 'secret.read', resource: `project:p/secret:s${i}`, outcome: 'allow', detail: { requestId: `r${i}` } });
const READ = { durability: 'read' as const };

describe('reads committed on the main thread (GroupCommit)', () => {
  const dirs: string[] = [];
  const open: { store: Store; writer: SqliteWriter; log: AuditLog }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0)) {
      await o.log.close().catch(() => undefined);
      await o.writer.close().catch(() => undefined);
      await o.store.close().catch(() => undefined);
    }
  });
  afterAll(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function setup(checkpointEvery = 100_000) {
    const dataDir = mkdtempSync(join(tmpdir(), 'rampart-group-commit-'));
    dirs.push(dataDir);
    const store = await openStore({ dataDir });
    const writer = await SqliteWriter.open(store.sqlite!.file);
    const log = await AuditLog.open(store, { signingKey: privateKey, writer, checkpointEvery });
    open.push({ store, writer, log });
    return { store, writer, log, file: store.sqlite!.file };
  }

  it('answers a turn\'s reads once their rows are committed, in one transaction, and never during the call', async () => {
    const { log, file } = await setup();
    const other = new Database(file, { readonly: true });
    try {
      const seen: number[] = [];
      let returned = false;
      const all = Array.from({ length: 40 }, (_, i) =>
        new Promise<void>((resolve, reject) =>
          log.appendThen(read(i), READ, (err) => {
            if (err) return reject(err);
            expect(returned).toBe(true);
            // Committed before the answer: another connection sees the row already.
            seen.push(Number((other.prepare('select count(*) as n from audit_entries').get() as { n: number }).n));
            resolve();
          }),
        ),
      );
      returned = true;
      await Promise.all(all);
      // One commit for the whole turn: every callback saw all 40 rows.
      expect(new Set(seen)).toEqual(new Set([40]));
    } finally {
      other.close();
    }
  });

  it('keeps one chain with the writer thread\'s entries, and checkpoints cover both', async () => {
    const { store, log } = await setup(50);
    for (let round = 0; round < 5; round++) {
      const reads = Array.from({ length: 30 }, (_, i) => log.append(read(round * 100 + i), READ));
      // A write's entry (full durability) goes through the writer thread meanwhile.
      const writes = Array.from({ length: 5 }, (_, i) => log.append({ ...read(round * 100 + 50 + i), action: 'secret.write' }));
      const entries = [...(await Promise.all(reads)), ...(await Promise.all(writes))];
      for (const e of entries) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    await log.close();
    const v = await verifyAudit(store, publicKey);
    expect(v).toMatchObject({ ok: true, entries: 175 });
    const seqs = (await store.db.selectFrom('audit_entries').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: 175 }, (_, i) => i + 1));
    const top = await store.db.selectFrom('audit_checkpoints').select((eb) => eb.fn.max('tree_size').as('n')).executeTakeFirst();
    expect(Number(top?.n)).toBe(175);
  });

  it('waits for a write lock another connection holds without blocking the event loop, then commits', async () => {
    const { store, log, file } = await setup();
    const holder = new Database(file);
    holder.pragma('busy_timeout = 5000');
    holder.exec('begin immediate');
    let done = false;
    const p = log.append(read(1), READ).then((e) => ((done = true), e));
    // The event loop runs on (timers fire) while the entry waits.
    await new Promise((r) => setTimeout(r, 30));
    expect(done).toBe(false);
    holder.exec('commit');
    holder.close();
    const e = await p;
    expect(e.seq).toBe(1);
    await log.close();
    expect(await verifyAudit(store, publicKey)).toMatchObject({ ok: true, entries: 1 });
  });

  it('sends reads to the writer thread when told to (readsOnMain: false) or when every entry must be fsynced', async () => {
    const { store, writer } = await setup();
    const viaWriter = await AuditLog.open(store, { signingKey: privateKey, writer, readsOnMain: false });
    const full = await AuditLog.open(store, { signingKey: privateKey, writer, auditSync: 'full' });
    try {
      expect((await viaWriter.append(read(1), READ)).seq).toBe(1);
      expect((await full.append(read(2), READ)).seq).toBe(2);
    } finally {
      await viaWriter.close();
      await full.close();
    }
  });

  /** A GroupCommit of its own on a fresh store (no AuditLog: its callbacks are the test's). */
  async function direct(onCommit: () => void, opts: Parameters<typeof GroupCommit.open>[2] = {}) {
    const { file } = await setup();
    const reported: Error[] = [];
    const gc = GroupCommit.open(file, onCommit, { report: (e) => reported.push(e), ...opts });
    const add = (i: number) =>
      new Promise<{ err: Error | null; n: number }>((resolve) => gc.add([normaliseText(read(i), new Date())], (err, links) => resolve({ err, n: links?.length ?? 0 })));
    return { gc, file, reported, add };
  }

  it('hands a group the write lock keeps busy to the writer (handOff) instead of failing it; without one, fails it', async () => {
    const handed: number[] = [];
    const a = await direct(() => undefined, {
      busyMs: 20,
      handOff: (entries, done) => {
        handed.push(entries.length);
        done(null, []);
      },
    });
    const holder = new Database(a.file);
    holder.exec('begin immediate');
    try {
      expect(await Promise.all([a.add(1), a.add(2)])).toEqual([{ err: null, n: 0 }, { err: null, n: 0 }]);
      expect(handed).toEqual([1, 1]);
      // The same file, no handOff: the busy group fails (AuditError, a 500) after busyMs.
      const b = GroupCommit.open(a.file, () => undefined, { busyMs: 20 });
      const err = await new Promise<Error | null>((resolve) => b.add([normaliseText(read(3), new Date())], resolve));
      expect(err).toBeInstanceOf(AuditError);
      await b.close();
    } finally {
      holder.exec('rollback');
      holder.close();
    }
    await a.gc.close();
  });

  it('through AuditLog, a read the write lock keeps waiting is committed by the writer thread, in one chain', async () => {
    const { store, log, file } = await setup();
    const holder = new Database(file);
    holder.exec('begin immediate');
    const p = log.append(read(1), READ);
    // Longer than the hand-off delay: the writer thread now waits for the lock (its busy_timeout).
    await new Promise((r) => setTimeout(r, 120));
    holder.exec('commit');
    holder.close();
    expect((await p).seq).toBe(1);
    expect((await log.append(read(2), READ)).seq).toBe(2);
    await log.close();
    expect(await verifyAudit(store, publicKey)).toMatchObject({ ok: true, entries: 2 });
  });

  it('a throwing onCommit fails the group\'s requests and is reported; close() does not wait forever', async () => {
    const d = await direct(() => {
      throw new Error('boom');
    });
    const r = await Promise.all([d.add(1), d.add(2)]);
    for (const x of r) expect(x.err?.message).toMatch(/committed but not recorded: boom/);
    expect(d.reported.map((e) => e.message)).toEqual(['boom']);
    await d.gc.close();
  });

  it('a throwing callback is reported and the rest of the group is still answered', async () => {
    const d = await direct(() => undefined);
    const answered: number[] = [];
    d.gc.add([normaliseText(read(1), new Date())], () => {
      throw new Error('callback failed');
    });
    d.gc.add([normaliseText(read(2), new Date())], (err, links) => answered.push(err === null ? links!.length : -1));
    await d.gc.settled();
    expect(answered).toEqual([1]);
    expect(d.reported.map((e) => e.message)).toEqual(['callback failed']);
    await d.gc.close();
  });

  it('reads extended busy codes as busy', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_RECOVERY', 'SQLITE_BUSY_SNAPSHOT']) expect(isBusy({ code })).toBe(true);
    expect(isBusy({ code: 'SQLITE_LOCKED' })).toBe(false);
    expect(isBusy(null)).toBe(false);
  });
});

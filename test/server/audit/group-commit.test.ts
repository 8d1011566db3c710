import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/server/audit/log.js';
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
});

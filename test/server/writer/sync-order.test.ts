import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { normaliseInput } from '../../../src/server/audit/entry.js';
import { DurableAcks, SyncRequests } from '../../../src/server/writer/sync-order.js';
import { SqliteWriter } from '../../../src/server/writer/writer.js';
import { openStore, type Store } from '../../../src/store/db.js';

/**
 * The ordering rule of the deferred fsync: a job that waits for the fsync is never acknowledged
 * before an fsync that began after its commit has finished; a deferred job is acknowledged at commit.
 */

describe('SyncRequests (sync thread side)', () => {
  it('covers with a sync only the commits reported before it began', () => {
    const r = new SyncRequests();
    expect(r.pending).toBe(false);
    r.add(1, true);
    r.add(2, false);
    expect(r.pending).toBe(true);
    expect(r.urgent).toBe(true);
    expect(r.begin()).toBe(2);
    // Reported while that sync runs: not covered by it, so still pending afterwards.
    r.add(3, false);
    expect(r.pending).toBe(true);
    expect(r.urgent).toBe(false);
    r.add(4, true);
    expect(r.urgent).toBe(true);
    expect(r.begin()).toBe(4);
    expect(r.pending).toBe(false);
    expect(r.urgent).toBe(false);
  });

  it('never moves back: a late, lower report does not lower what the next sync covers', () => {
    const r = new SyncRequests();
    r.add(5, true);
    expect(r.begin()).toBe(5);
    r.add(3, true);
    expect(r.pending).toBe(false);
    expect(r.urgent).toBe(false);
  });
});

describe('DurableAcks (main thread side)', () => {
  it('acknowledges a committed job only after a sync that covers its batch', () => {
    const a = new DurableAcks<string>();
    expect(a.committed(1, ['a1', 'a2'])).toEqual([]);
    expect(a.committed(2, ['b1'])).toEqual([]);
    expect(a.size).toBe(3);
    // A sync that began before batch 2 committed covers batch 1 only.
    expect(a.synced(1)).toEqual(['a1', 'a2']);
    expect(a.size).toBe(1);
    expect(a.synced(2)).toEqual(['b1']);
    expect(a.size).toBe(0);
  });

  it('acknowledges at once a batch whose sync finished before its answer arrived', () => {
    const a = new DurableAcks<string>();
    expect(a.synced(3)).toEqual([]);
    expect(a.committed(2, ['x'])).toEqual(['x']);
    expect(a.committed(3, ['y'])).toEqual(['y']);
    expect(a.committed(4, ['z'])).toEqual([]);
    // An older "synced" message arriving late changes nothing.
    expect(a.synced(2)).toEqual([]);
    expect(a.synced(4)).toEqual(['z']);
  });

  it('gives back the jobs a failed sync leaves unsynced, and every waiting job on drain', () => {
    const a = new DurableAcks<string>();
    a.committed(1, ['a']);
    a.committed(2, ['b']);
    a.committed(3, ['c']);
    expect(a.failed(2)).toEqual(['a', 'b']);
    // A failed sync does not count as synced: a later batch 3 still waits.
    expect(a.committed(2, ['late'])).toEqual([]);
    expect(a.drain()).toEqual(['c', 'late']);
    expect(a.size).toBe(0);
  });
});

describe('SqliteWriter with a stand-in sync thread', () => {
  const dirs: string[] = [];
  const open: { store: Store; writer: SqliteWriter }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0)) {
      await o.writer.close().catch(() => undefined);
      await o.store.close().catch(() => undefined);
    }
  });
  afterAll(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  const entry = (i: number) => normaliseInput({ actor: 'user:u1', action: 'secret.write', resource: `project:one/secret:s${i}`, outcome: 'allow', detail: { requestId: `r${i}` } }, new Date('2026-01-01T00:00:00.000Z'));

  it('the real sync thread fsyncs a commit of deferred jobs only, on its own timer', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rampart-sync-order-'));
    dirs.push(dataDir);
    const store = await openStore({ dataDir });
    const writer = await SqliteWriter.open(store.sqlite!.file);
    open.push({ store, writer });
    const syncer = (writer as unknown as { syncer: Worker }).syncer;
    const synced = new Promise<unknown>((resolve) => syncer.on('message', (m: Record<string, unknown>) => 'synced' in m && resolve(m)));
    // Nothing reports this commit to the sync thread; only the shared dirty flag says it is there.
    const r = await writer.submit({ kind: 'audit', deferSync: true, entries: [entry(1)] });
    expect(r.entries[0]!.seq).toBe(1);
    expect(await synced).toEqual({ synced: 0 });
  });

  it('holds a durable job until a sync that began after its commit finishes; a deferred job resolves at commit', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rampart-sync-order-'));
    dirs.push(dataDir);
    const store = await openStore({ dataDir });
    const writer = await SqliteWriter.open(store.sqlite!.file, { syncerUrl: new URL('./stand-in-syncer.mjs', import.meta.url) });
    open.push({ store, writer });
    const syncer = (writer as unknown as { syncer: Worker }).syncer;
    const next = (kind: string) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const on = (m: Record<string, unknown>) => {
          if (m.test !== kind) return;
          syncer.off('message', on);
          resolve(m);
        };
        syncer.on('message', on);
      });
    const count = () => (store.sqlite!.reader.prepare('select count(*) as n from audit_entries').get() as { n: number }).n;
    const done = new Set<string>();
    const track = (name: string, p: Promise<unknown>) => p.then(() => done.add(name));
    // Lets every message already posted between the threads arrive.
    const settle = async () => {
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    };

    let reported = next('reported');
    const a = track('a', writer.submit({ kind: 'audit', entries: [entry(1)] }));
    expect(await reported).toMatchObject({ urgent: true });
    await settle();
    expect(count()).toBe(1); // committed: visible to another connection
    expect(done.has('a')).toBe(false); // but not acknowledged: no sync yet

    const begun = next('begun');
    syncer.postMessage({ test: 'begin' });
    expect((await begun).through).toBeGreaterThanOrEqual(1);
    // b commits while that sync "runs": the sync began before b's commit, so it cannot cover b.
    reported = next('reported');
    const b = track('b', writer.submit({ kind: 'audit', entries: [entry(2)] }));
    await reported;
    syncer.postMessage({ test: 'finish' });
    await a;
    await settle();
    expect(count()).toBe(2);
    expect(done.has('b')).toBe(false);

    // A deferred job is acknowledged at its commit, with no sync at all (and not reported: it
    // only marks the WAL dirty, which the sync thread looks at on its own timer).
    await writer.submit({ kind: 'audit', deferSync: true, entries: [entry(3)] });
    expect(count()).toBe(3);
    expect(done.has('b')).toBe(false);

    const again = next('begun');
    syncer.postMessage({ test: 'begin' });
    await again;
    syncer.postMessage({ test: 'finish' });
    await b;
    expect(done).toEqual(new Set(['a', 'b']));
    expect(count()).toBe(3);
  });
});

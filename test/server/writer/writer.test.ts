import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { normaliseInput } from '../../../src/server/audit/entry.js';
import { AuditLog } from '../../../src/server/audit/log.js';
import { verifyAudit } from '../../../src/server/audit/verify.js';
import { tokenAuthenticator } from '../../../src/server/auth.js';
import { newToken } from '../../../src/server/identity/tokens.js';
import { masterKeyCheck, masterKeyIdOf } from '../../../src/server/init.js';
import { Keyring } from '../../../src/server/vault/master-key.js';
import { Vault, VaultConflictError } from '../../../src/server/vault/vault.js';
import { JobError, SqliteWriter } from '../../../src/server/writer/writer.js';
import { decodeBatch, encodeBatch, type WriteJob } from '../../../src/server/writer/protocol.js';
import { openStore, type Store } from '../../../src/store/db.js';

/**
 * The SQLite writer thread (server/writer/): group commit of audit entries and vault writes.
 * The worker runs from dist/ (built by `npm test`'s pretest), like the server's other threads.
 */

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

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const T0 = '2026-01-01T00:00:00.000Z';

async function setup(o: { checkpointEvery?: number } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-writer-'));
  dirs.push(dataDir);
  const store = await openStore({ dataDir });
  const writer = await SqliteWriter.open(store.sqlite!.file);
  const log = await AuditLog.open(store, { signingKey: privateKey, writer, ...(o.checkpointEvery ? { checkpointEvery: o.checkpointEvery } : {}) });
  open.push({ store, writer, log });
  const key = randomBytes(32);
  await store.db.insertInto('master_keys').values({ id: masterKeyIdOf(key), check_value: masterKeyCheck(key), created_at: T0, retired_at: null }).execute();
  await store.db.insertInto('projects').values({ id: 'p1', name: 'one', description: null, created_at: T0 }).execute();
  const keyring = await Keyring.load(store);
  keyring.add(key);
  const vault = await Vault.open(store, keyring, { writer });
  return { store, writer, log, vault };
}

const entry = (i: number) => ({ actor: 'user:u1', action: 'secret.read', resource: `project:one/secret:s${i}`, outcome: 'allow', detail: { requestId: `r${i}` } });

async function auditRows(store: Store) {
  return store.db.selectFrom('audit_entries').select(['seq', 'action', 'detail']).orderBy('seq').execute();
}

describe('SQLite writer thread', () => {
  it('commits many concurrent audit appends as one chain that verifies', async () => {
    const { store, log } = await setup({ checkpointEvery: 100 });
    const entries = await Promise.all(Array.from({ length: 400 }, (_, i) => log.append(entry(i))));
    expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    await log.close();
    const v = await verifyAudit(store, publicKey);
    expect(v.ok).toBe(true);
    expect(v.entries).toBe(400);
    expect(v.unsigned).toBe(0);
  });

  it('carries any text across the thread exactly: the stored entries are the ones sent and the chain verifies', async () => {
    const { store, log } = await setup();
    const odd = ['a:b;c', '12:34', 'é 漢字 🔐', 'quote " backslash \\ newline \n tab \t', '\u2028\u2029', 'x'.repeat(5000)];
    const sent = odd.map((text, i) => ({ actor: `user:${text.slice(0, 40)}`, action: `secret.read ${text.slice(0, 40)}`, resource: `/p/${text.slice(0, 900)}`, outcome: 'allow', detail: { note: text, n: i, list: [text, null, true] } }));
    const got = await Promise.all(sent.map((e) => log.append(e, { durability: 'read' })));
    const rows = await store.db.selectFrom('audit_entries').selectAll().orderBy('seq').execute();
    expect(rows).toHaveLength(odd.length);
    rows.forEach((row, i) => {
      const e = got.find((g) => g.seq === Number(row.seq))!;
      expect([row.actor, row.action, row.resource, JSON.parse(row.detail)]).toEqual([e.actor, e.action, e.resource, e.detail]);
      expect(row.hash).toBe(e.hash);
    });
    expect(got.map((e) => e.detail.note)).toEqual(odd);
    await log.close();
    expect((await verifyAudit(store, publicKey)).ok).toBe(true);
  });

  it('close() waits for appends still in the writer, then checkpoints them', async () => {
    const { store, log } = await setup();
    const pending = Array.from({ length: 50 }, (_, i) => log.append(entry(i), { durability: 'read' }));
    await log.close();
    const settled = await Promise.allSettled(pending);
    expect(settled.every((r) => r.status === 'fulfilled')).toBe(true);
    const v = await verifyAudit(store, publicKey);
    expect(v.ok).toBe(true);
    expect(v.entries).toBe(50);
    expect(v.unsigned).toBe(0);
  });

  it('writes a secret and its audit entry in one job; the value reads back and the entry names the version', async () => {
    const { store, log, vault } = await setup();
    const r = await vault.put('p1', 'db/password', 'hunter2-value', {
      actor: 'user:u1',
      audit: { log, entry: { actor: 'user:u1', action: 'secret.write', resource: 'project:one/secret:db/password', outcome: 'allow', detail: { requestId: 'req-1', path: 'db/password' } } },
    });
    expect(r.version).toBe(1);
    const got = await vault.get('p1', 'db/password', { actor: 'user:u1' });
    expect(got.value.toString('utf8')).toBe('hunter2-value');
    expect(got.isCurrent).toBe(true);
    const rows = await auditRows(store);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.action).toBe('secret.write');
    expect(JSON.parse(rows[0]!.detail)).toEqual({ requestId: 'req-1', path: 'db/password', versions: [1] });
    // The audit detail never carries the value, and the stored row holds only ciphertext.
    expect(rows[0]!.detail).not.toContain('hunter2');
    const stored = await store.db.selectFrom('secret_versions').select(['ciphertext']).executeTakeFirstOrThrow();
    expect(Buffer.from(stored.ciphertext!).includes(Buffer.from('hunter2-value'))).toBe(false);
  });

  it('of concurrent check-and-set writers exactly one wins; the others conflict and leave no audit entry', async () => {
    const { store, log, vault } = await setup();
    await vault.put('p1', 'k', 'v0', { actor: 'user:u1' });
    for (let round = 1; round <= 3; round++) {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          vault.put('p1', 'k', `v${round}-${i}`, { actor: 'user:u1', cas: round, audit: { log, entry: { ...entry(i), action: 'secret.write' } } }),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const l of lost) {
        expect(l.reason).toBeInstanceOf(VaultConflictError);
        expect((l.reason as VaultConflictError).current).toBe(round + 1);
      }
    }
    expect((await auditRows(store)).map((r) => JSON.parse(r.detail).versions)).toEqual([[2], [3], [4]]);
    expect((await vault.get('p1', 'k', { actor: 'user:u1' })).version).toBe(4);
  });

  it('keeps max_versions: a write destroys the version that fell out, a write lowering it destroys every older one', async () => {
    const { vault } = await setup();
    for (let i = 1; i <= 5; i++) expect((await vault.put('p1', 'k', `v${i}`, { actor: 'user:u1', maxVersions: 3 })).version).toBe(i);
    const lowered = await vault.put('p1', 'k', 'v6', { actor: 'user:u1', maxVersions: 2 });
    expect(lowered.destroyed).toEqual([3, 4]);
    const next = await vault.put('p1', 'k', 'v7', { actor: 'user:u1' });
    expect(next.destroyed).toEqual([5]);
    const live = (await vault.history('p1', 'k')).filter((v) => !v.destroyed).map((v) => v.version);
    expect(live).toEqual([7, 6]);
    await expect(vault.get('p1', 'k', { actor: 'user:u1', version: 5 })).rejects.toThrow(/destroyed/);
  });

  it('rolls back a failing job alone: the other jobs of its batch commit', async () => {
    const { store, writer, vault, log } = await setup();
    const now = new Date(T0);
    // Submitted in one tick: the first goes alone, the rest share the next batch with the failing put.
    const jobs = [
      writer.submit({ kind: 'audit', entries: [normaliseInput(entry(0), now)] }),
      writer.submit({ kind: 'audit', entries: [normaliseInput(entry(1), now)] }),
      vault.put('no-such-project', 'k', 'v', { actor: 'user:u1', audit: { log, entry: { ...entry(9), action: 'secret.write' } } }),
      writer.submit({ kind: 'audit', entries: [normaliseInput(entry(2), now), normaliseInput(entry(3), now)] }),
    ];
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const err = (settled[2] as PromiseRejectedResult).reason as JobError;
    expect(err.code).toBe('E_VAULT_NOT_FOUND');
    const rows = await auditRows(store);
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4]);
    expect(rows.map((r) => JSON.parse(r.detail).requestId)).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(await store.db.selectFrom('secrets').selectAll().execute()).toEqual([]);
  });

  it('writes a batch of audit jobs with multi-row INSERTs (more rows than one statement takes): one chain, in order', async () => {
    const { store, writer } = await setup();
    const now = new Date(T0);
    await writer.submit({ kind: 'audit', entries: [normaliseInput(entry(0), now)] });
    // Submitted in one tick: one batch of 150 jobs (three statements of at most 64 rows).
    const done = await Promise.all(Array.from({ length: 150 }, (_, i) => writer.submit({ kind: 'audit', entries: [normaliseInput(entry(i + 1), now)] })));
    expect(done.map((r) => r.entries[0]!.seq)).toEqual(Array.from({ length: 150 }, (_, i) => i + 2));
    const rows = await auditRows(store);
    expect(rows.map((r) => JSON.parse(r.detail).requestId)).toEqual(Array.from({ length: 151 }, (_, i) => `r${i}`));
    expect((await verifyAudit(store, publicKey)).ok).toBe(true);
  });

  it('fails a staged audit job alone when its rows are refused: the others of its batch commit, chained without it', async () => {
    const { store, writer } = await setup();
    const now = new Date(T0);
    await writer.submit({ kind: 'audit', entries: [normaliseInput(entry(0), now)] });
    // The database refuses one actor's rows: the batch's multi-row INSERT fails, and its jobs are redone one by one.
    await sql`create trigger refuse_bad before insert on audit_entries when new.actor = 'user:bad' begin select raise(abort, 'refused by a trigger'); end`.execute(store.db);
    const jobs = [1, 2, 3, 4, 5].map((i) =>
      writer.submit({ kind: 'audit', entries: i === 3 ? [normaliseInput(entry(i), now), normaliseInput({ ...entry(99), actor: 'user:bad' }, now)] : [normaliseInput(entry(i), now)] }),
    );
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(String((settled[2] as PromiseRejectedResult).reason)).toMatch(/refused by a trigger/);
    const rows = await auditRows(store);
    // Job 3's first entry went with it (a job's entries are all or none).
    expect(rows.map((r) => JSON.parse(r.detail).requestId)).toEqual(['r0', 'r1', 'r2', 'r4', 'r5']);
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
    await sql`drop trigger refuse_bad`.execute(store.db);
    expect((await verifyAudit(store, publicKey)).ok).toBe(true);
  });

  it('lets main-connection transactions that read then write wait for the writer instead of failing', async () => {
    const { store, log } = await setup();
    const appends = Array.from({ length: 200 }, (_, i) => log.append(entry(i)));
    const txs = Array.from({ length: 20 }, (_, i) =>
      store.db.transaction().execute(async (trx) => {
        await trx.selectFrom('projects').select('id').execute();
        await trx.insertInto('projects').values({ id: `x${i}`, name: `x${i}`, description: null, created_at: T0 }).execute();
      }),
    );
    await Promise.all([...appends, ...txs]);
    expect(await store.db.selectFrom('projects').select('id').execute()).toHaveLength(21);
  });

  it('inserts a row and its audit entry together, or neither when the row is refused', async () => {
    const { store, log } = await setup();
    const row = (id: string, project: string) => ({ id, project_id: project, environment: 'prod', image_digest: 'sha256:aa', commit: null, decision: 'allow', reasons: '[]', actor: 'user:u1', ts: T0 });
    const input = (id: string) => ({ actor: 'user:u1', action: 'deploy.check', resource: 'project:one/env:prod', outcome: 'allow', detail: { decisionId: id } });
    const [ok, bad] = await Promise.allSettled([
      log.insertWithEntry('deployment_decisions', row('d1', 'p1'), input('d1')),
      // No such project: the foreign key refuses the row, so its entry must not be written either.
      log.insertWithEntry('deployment_decisions', row('d2', 'missing'), input('d2')),
    ]);
    expect(ok.status).toBe('fulfilled');
    expect(bad.status).toBe('rejected');
    expect((await store.db.selectFrom('deployment_decisions').select('id').execute()).map((r) => r.id)).toEqual(['d1']);
    expect((await auditRows(store)).map((r) => JSON.parse(r.detail).decisionId)).toEqual(['d1']);
  });

  it('commits deferred-fsync jobs before they resolve: another connection sees them at once', async () => {
    const { store, writer } = await setup();
    const now = new Date(T0);
    const done = await Promise.all(Array.from({ length: 30 }, (_, i) => writer.submit({ kind: 'audit', deferSync: true, entries: [normaliseInput(entry(i), now)] })));
    expect(done.flatMap((r) => r.entries.map((e) => e.seq)).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // The store's read connection is not the writer's: committed means visible to it.
    const seen = store.sqlite!.reader.prepare('select count(*) as n from audit_entries').get() as { n: number };
    expect(seen.n).toBe(30);
    // A durable job after them still commits and chains on.
    const r = await writer.submit({ kind: 'audit', entries: [normaliseInput(entry(30), now)] });
    expect(r.entries[0]!.seq).toBe(31);
    expect((await auditRows(store)).map((x) => JSON.parse(x.detail).requestId)).toEqual(Array.from({ length: 31 }, (_, i) => `r${i}`));
  });

  it('tells a job that asked for no links where its entries landed, without hashes; the chain and the checkpoint cover them', async () => {
    const { store, writer, log } = await setup();
    const now = new Date(T0);
    const job = (i: number, n = 1): WriteJob => ({ kind: 'audit', deferSync: true, links: false, entries: Array.from({ length: n }, (_, k) => normaliseInput(entry(i + k), now)) });
    const linked = writer.submit({ kind: 'audit', entries: [normaliseInput(entry(0), now)] });
    const done = await Promise.all([linked, writer.submit(job(1)), writer.submit(job(2, 3)), writer.submit(job(5))]);
    expect(done[0]!.entries).toHaveLength(1);
    expect(done[0]!.placed).toBeUndefined();
    expect(done.slice(1).map((r) => ({ entries: r.entries, placed: r.placed }))).toEqual([
      { entries: [], placed: { first: 2, count: 1 } },
      { entries: [], placed: { first: 3, count: 3 } },
      { entries: [], placed: { first: 6, count: 1 } },
    ]);
    expect((await auditRows(store)).map((x) => JSON.parse(x.detail).requestId)).toEqual(Array.from({ length: 6 }, (_, i) => `r${i}`));
    // The writer thread folded them into its Merkle frontier all the same: a checkpoint covers all six.
    expect((await log.checkpoint())?.treeSize).toBe(6);
    expect((await verifyAudit(store, publicKey)).ok).toBe(true);
  });

  it('lets a read entry defer its fsync only in batched mode, never a write', async () => {
    const jobs: WriteJob[] = [];
    const answer = (job: WriteJob) => {
      jobs.push(job);
      return { ok: true as const, entries: [{ seq: jobs.length, prevHash: 'a'.repeat(64), hash: 'b'.repeat(64) }] };
    };
    const fake = {
      submit: async (job: WriteJob) => answer(job),
      enqueue: (job: WriteJob, _t: ArrayBuffer[], resolve: (r: ReturnType<typeof answer>) => void) => {
        const r = answer(job);
        queueMicrotask(() => resolve(r));
      },
    } as unknown as SqliteWriter;
    const dataDir = mkdtempSync(join(tmpdir(), 'rampart-writer-'));
    dirs.push(dataDir);
    const store = await openStore({ dataDir });
    try {
      // readsOnMain false: this test is about the jobs the writer gets (reads' entries otherwise
      // stay on the main thread, group-commit.ts).
      const batched = await AuditLog.open(store, { signingKey: privateKey, writer: fake, readsOnMain: false });
      const full = await AuditLog.open(store, { signingKey: privateKey, writer: fake, auditSync: 'full', readsOnMain: false });
      const e = await batched.append(entry(1), { durability: 'read' });
      expect(e).toMatchObject({ seq: 1, action: 'secret.read', detail: { requestId: 'r1' } });
      await batched.append(entry(2));
      await full.append(entry(3), { durability: 'read' });
      await batched.insertWithEntry('deployment_decisions', { id: 'd' }, entry(4), { durability: 'read' });
      expect(jobs.map((j) => (j as { deferSync?: boolean }).deferSync ?? false)).toEqual([true, false, false, true]);
    } finally {
      await store.close();
    }
  });

  it('sends a batch as fsynced unless every job deferred, with byte arrays beside the JSON', () => {
    const f = normaliseInput(entry(1), new Date(T0));
    const read: WriteJob = { kind: 'audit', deferSync: true, entries: [f] };
    const write: WriteJob = {
      kind: 'vault.put', project: 'p1', path: 'a/b', value: new Uint8Array([1, 2]), dataKey: new Uint8Array([3]), wrappedKey: new Uint8Array([4, 5]),
      keyId: 'k', actor: 'user:u1', defaultMaxVersions: 10, now: T0, audit: f,
    };
    expect(encodeBatch({ id: 1, jobs: [read, { ...read }] }).sync).toBe('normal');
    const w = encodeBatch({ id: 2, jobs: [read, write] });
    expect(w.sync).toBe('full');
    expect(w.body).not.toContain('"detail":');
    expect(w.buffers).toHaveLength(3);
    const back = decodeBatch(w).jobs;
    expect(back[0]).toEqual({ kind: 'audit', entries: [{ ts: f.ts, actor: f.actor, action: f.action, resource: f.resource, outcome: f.outcome, detailJson: f.detailJson }] });
    const put = back[1] as Extract<WriteJob, { kind: 'vault.put' }>;
    expect([...put.value, ...put.dataKey, ...put.wrappedKey]).toEqual([1, 2, 3, 4, 5]);
    expect(() => decodeBatch({ ...w, buffers: [] })).toThrow(/missing buffer/);
  });

  it('restarts a dead writer thread once: its batch fails clearly, later jobs commit; a second death is final', async () => {
    const { store, writer } = await setup();
    const now = new Date(T0);
    await writer.submit({ kind: 'audit', entries: [normaliseInput(entry(0), now)] });
    const thread = (writer as unknown as { worker: import('node:worker_threads').Worker }).worker;
    await thread.terminate();
    const after = await writer.submit({ kind: 'audit', entries: [normaliseInput(entry(1), now)] });
    expect(after.entries[0]!.seq).toBe(2);
    expect((await auditRows(store)).map((r) => Number(r.seq))).toEqual([1, 2]);
    const again = (writer as unknown as { worker: import('node:worker_threads').Worker }).worker;
    expect(again).not.toBe(thread);
    await again.terminate();
    await expect(writer.submit({ kind: 'audit', entries: [normaliseInput(entry(2), now)] })).rejects.toThrow(/writer thread exited/);
  });

  it("refreshes a token's last_used_at through the writer thread (token.touch), not on the main connection", async () => {
    const { store, writer } = await setup();
    await store.db.insertInto('users').values({ id: 'u1', username: 'una', display_name: null, password_hash: null, disabled_at: null, created_at: T0 }).execute();
    const t = newToken('user');
    await store.db
      .insertInto('api_tokens')
      .values({ id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'user', owner_id: 'u1', name: 'laptop', role_id: null, project_id: null, expires_at: null, revoked_at: null, last_used_at: null, created_at: T0 })
      .execute();
    const touched: string[] = [];
    const auth = tokenAuthenticator(store, {
      now: () => Date.parse('2026-02-01T00:00:00.000Z'),
      touch: async (id, at) => {
        touched.push(id);
        await writer.submit({ kind: 'token.touch', id, at, deferSync: true });
      },
    });
    const p = await auth(t.token);
    expect(p?.subjectId).toBe('u1');
    expect(touched).toEqual([t.id]);
    // Committed by the writer thread before the job resolved: the main connection sees it.
    const row = await store.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(row.last_used_at).toBe('2026-02-01T00:00:00.000Z');
  });

  it('close writes what was queued; later jobs are refused', async () => {
    const { store, writer } = await setup();
    const now = new Date(T0);
    const pending = Array.from({ length: 50 }, (_, i) => writer.submit({ kind: 'audit', entries: [normaliseInput(entry(i), now)] }));
    const closed = writer.close();
    await expect(writer.submit({ kind: 'audit', entries: [normaliseInput(entry(99), now)] })).rejects.toThrow(/closed/);
    await Promise.all(pending);
    await closed;
    expect(await auditRows(store)).toHaveLength(50);
  });
});

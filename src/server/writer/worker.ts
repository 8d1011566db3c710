import { parentPort, workerData } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { RampartError } from '../../core/errors.js';
import { applySqlitePragmas } from '../../store/db.js';
import type { Schema } from '../../store/schema.js';
import { canonicalJson, type JsonObject } from '../audit/entry.js';
import { type ChainTail, ENTRY_COLUMNS, MAX_ROWS, readTail as readTailRow, ROW_MARKS, ROW_PARAMS, RowInserter, TAIL_SQL } from '../audit/rows.js';
import { sealValue } from '../vault/envelope.js';
import { CheckedFrontier, type StoredEntry } from './frontier.js';
import { chainHash } from './seal.js';
import { decodeBatch, encodeResults, INSERT_TABLES, type AuditJob, type BatchRequest, type ChainLink, type CheckpointJob, type EntryFields, type InsertJob, type InsertTable, type JobResult, type RootJob, type SyncRequest, type VaultPutJob, type WireError, type WireBatch, type WireReply, type WorkerInit, type WorkerReply } from './protocol.js';

/**
 * The SQLite writer thread: one connection that does the server's hot writes, a batch of jobs per
 * transaction (BEGIN IMMEDIATE ... COMMIT). Each job runs inside a savepoint: a job that fails (a
 * lost check-and-set, a missing project) is rolled back alone and the others commit. Commits are
 * not fsynced here: the sync thread (syncer.ts) does that, so this thread goes on with the next
 * batch while the disk works, and the main thread keeps serving requests.
 */

const init = workerData as WorkerInit;
const syncPort = init.syncPort;
const dirty = new Int32Array(init.dirty);
const port = parentPort!;
const post = (m: WorkerReply) => port.postMessage('results' in m ? ({ id: m.id, json: encodeResults(m.results) } satisfies WireReply) : m);

let db: Database.Database;
try {
  db = new Database(init.file);
  applySqlitePragmas(db);
  // Commits are written to the OS here and fsynced by the sync thread (syncer.ts explains why
  // that is as durable as FULL for the jobs that wait for it); it also runs the checkpoints.
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  // Destroyed versions must not stay readable in free pages (vault.ts sets the same on its connection).
  db.pragma('secure_delete = on');
} catch (e) {
  post({ ready: false, error: wire(e) });
  throw e;
}

const statements = new Map<string, Database.Statement>();
const stmt = (sql: string): Database.Statement => {
  let s = statements.get(sql);
  if (!s) statements.set(sql, (s = db.prepare(sql)));
  return s;
};

interface BatchState {
  /** The chain's tail as of this transaction; read once, advanced by each committed job. */
  tail?: { seq: number; hash: string };
}

const readTail = (): ChainTail => readTailRow(stmt(TAIL_SQL));

/** An entry's place in the chain after `tail`, checked and hashed. */
function chainOne(tail: { seq: number; hash: string }, f: EntryFields): { link: ChainLink; hash: string } {
  // The detail arrives as canonical text (made once on the main thread): hashed and stored as is.
  if (typeof f.detailJson !== 'string') throw new RampartError('E_AUDIT_ENTRY', 'audit entry without its canonical detail');
  const seq = tail.seq + 1;
  if (!Number.isSafeInteger(seq)) throw new RampartError('E_AUDIT_ENTRY', 'audit entry seq is not an integer');
  // Hex at once: a hash returned as a Buffer costs more than hashing the entry (seal.ts).
  const hash = chainHash(seq, tail.hash, f);
  return { link: { seq, prevHash: tail.hash, hash }, hash };
}

/** Appends entries now, one INSERT each (a job's own entry inside its savepoint: vault writes, inserts). */
function appendEntries(state: BatchState, fields: EntryFields[]): ChainLink[] {
  let tail = state.tail ?? readTail();
  const insert = stmt(`insert into audit_entries ${ENTRY_COLUMNS} values ${ROW_MARKS}`);
  const out: ChainLink[] = [];
  for (const f of fields) {
    const { link, hash } = chainOne(tail, f);
    insert.run(link.seq, f.ts, f.actor, f.action, f.resource, f.outcome, f.detailJson, link.prevHash, hash);
    out.push(link);
    tail = { seq: link.seq, hash };
  }
  state.tail = tail;
  return out;
}


/**
 * Audit jobs of a batch, chained but not inserted yet: consecutive ones are written together by
 * multi-row INSERTs (flushStaged), one statement per up to MAX_ROWS entries instead of one per
 * entry. Each job already has its result (its links), as if its rows were in.
 */
interface Staged {
  /** The chain tail before the first staged job (where a redo starts from). */
  tail0: { seq: number; hash: string };
  /** The rows' parameters, ROW_PARAMS per entry, in chain order. */
  params: unknown[];
  /** The staged jobs and their indexes in the batch. */
  jobs: { at: number; job: AuditJob }[];
}

/**
 * Chains an audit job's entries after the batch's tail and stages their rows. A job whose entry
 * is refused (no canonical detail) fails alone: its rows are taken back and the chain goes on
 * from the job before it.
 */
function stageAudit(state: BatchState, staged: Staged | undefined, at: number, job: AuditJob, results: JobResult[]): Staged | undefined {
  const before = state.tail ?? readTail();
  const s = staged ?? { tail0: before, params: [], jobs: [] };
  const mark = s.params.length;
  let tail = before;
  try {
    const links: ChainLink[] = [];
    for (const f of job.entries) {
      const { link, hash } = chainOne(tail, f);
      s.params.push(link.seq, f.ts, f.actor, f.action, f.resource, f.outcome, f.detailJson, link.prevHash, hash);
      links.push(link);
      tail = { seq: link.seq, hash };
    }
    state.tail = tail;
    s.jobs.push({ at, job });
    results[at] = { ok: true, entries: links };
  } catch (e) {
    s.params.length = mark;
    state.tail = before;
    results[at] = { ok: false, error: wire(e) };
  }
  return s.jobs.length > 0 ? s : staged;
}

/** The staged rows' multi-row INSERTs (audit/rows.ts, shared with the main thread's group commit); made once db is open. */
let inserter: RowInserter | undefined;

/**
 * Writes the staged rows. Should an INSERT fail, none of the staged rows stay (one statement is
 * atomic; several are undone to a savepoint), and the jobs are redone one by one as before
 * staging existed, so that a failing job fails alone and the others commit.
 */
function flushStaged(state: BatchState, s: Staged, results: JobResult[]): void {
  const rows = s.params.length / ROW_PARAMS;
  const several = rows > MAX_ROWS;
  if (several) stmt('savepoint staged').run();
  try {
    (inserter ??= new RowInserter(db)).insert(s.params);
    if (several) stmt('release staged').run();
    return;
  } catch (e) {
    // An error that ended the transaction (disk full, I/O) fails the whole batch.
    if (!db.inTransaction) throw e;
    if (several) {
      stmt('rollback to staged').run();
      stmt('release staged').run();
    }
  }
  state.tail = s.tail0;
  for (const { at, job } of s.jobs) results[at] = runOne(state, job);
}

function auditJob(state: BatchState, job: AuditJob): JobResult {
  return { ok: true, entries: appendEntries(state, job.entries) };
}

/** vault.ts put, as prepared statements (see there for why the conditional UPDATE is the CAS). */
function vaultPut(state: BatchState, j: VaultPutJob): JobResult {
  const value = Buffer.from(j.value.buffer, j.value.byteOffset, j.value.byteLength);
  const dataKey = Buffer.from(j.dataKey.buffer, j.dataKey.byteOffset, j.dataKey.byteLength);
  try {
    if (!stmt('select id from projects where id = ?').get(j.project)) throw new RampartError('E_VAULT_NOT_FOUND', `project ${j.project} not found`);
    stmt(
      'insert into secrets (id, project_id, path, current_version, max_versions, rotation_max_age_s, created_at, updated_at, deleted_at) values (?, ?, ?, 0, ?, ?, ?, ?, null) on conflict (project_id, path) do nothing',
    ).run(randomUUID(), j.project, j.path, j.maxVersions ?? j.defaultMaxVersions, j.rotationMaxAgeS ?? null, j.now, j.now);
    const sets = ['updated_at = ?'];
    const args: unknown[] = [j.now];
    if (j.maxVersions !== undefined) (sets.push('max_versions = ?'), args.push(j.maxVersions));
    if (j.rotationMaxAgeS !== undefined) (sets.push('rotation_max_age_s = ?'), args.push(j.rotationMaxAgeS));
    let where = 'project_id = ? and path = ?';
    args.push(j.project, j.path);
    // A secret whose metadata requires check-and-set is claimed only by a write that gives cas.
    if (j.cas !== undefined) (where += ' and current_version = ?', args.push(j.cas));
    else where += ' and cas_required = 0';
    const claimed = stmt(`update secrets set ${sets.join(', ')}, current_version = current_version + 1 where ${where} returning id, current_version, max_versions`).get(...args) as
      | { id: string; current_version: number; max_versions: number }
      | undefined;
    if (!claimed) {
      if (j.cas === undefined) return { ok: false, error: { code: 'E_VAULT_CAS_REQUIRED', message: `secret ${j.path} requires check-and-set` } };
      const cur = stmt('select current_version from secrets where project_id = ? and path = ?').get(j.project, j.path) as { current_version: number } | undefined;
      return { ok: false, error: { code: 'E_VAULT_CONFLICT', message: conflictMessage(j.cas!, cur?.current_version ?? 0), expected: j.cas!, current: cur?.current_version ?? 0 } };
    }
    const version = claimed.current_version;
    const ciphertext = sealValue(value, { project: j.project, path: j.path, version }, dataKey);
    stmt(
      'insert into secret_versions (secret_id, version, ciphertext, wrapped_data_key, key_id, created_at, created_by, deleted_at, destroyed) values (?, ?, ?, ?, ?, ?, ?, null, 0)',
    ).run(claimed.id, version, ciphertext, Buffer.from(j.wrappedKey), j.keyId, j.now, j.actor);
    const keepFrom = version - claimed.max_versions + 1;
    // Every version below the previous write's keepFrom is already destroyed (each write and each
    // policy change destroys what falls out), so unless this write lowers max_versions only the
    // one version that just fell out is left: bounding the range keeps a write O(1) however long
    // the secret's history is.
    const from = j.maxVersions === undefined ? keepFrom - 1 : 1;
    const destroyed =
      keepFrom <= 1
        ? []
        : (
            stmt('update secret_versions set ciphertext = null, wrapped_data_key = null, destroyed = 1 where secret_id = ? and version >= ? and version < ? and destroyed = 0 returning version').all(
              claimed.id,
              from,
              keepFrom,
            ) as { version: number }[]
          )
            .map((r) => r.version)
            .sort((a, b) => a - b);
    const entries = j.audit ? appendEntries(state, [withVersions(j.audit, [version, ...destroyed])]) : [];
    return { ok: true, entries, put: { version, destroyed } };
  } finally {
    value.fill(0);
    dataKey.fill(0);
  }
}

/** The write's entry with the versions it made and destroyed added to its detail. */
function withVersions(e: EntryFields, versions: number[]): EntryFields {
  const detail = JSON.parse(e.detailJson) as JsonObject;
  return { ...e, detailJson: canonicalJson({ ...detail, versions }) };
}

function checkpointJob(j: CheckpointJob): JobResult {
  const latest = stmt('select max(tree_size) as n from audit_checkpoints').get() as { n: number | bigint | null } | undefined;
  const covered = Number(latest?.n ?? 0);
  if (covered >= j.row.tree_size) return { ok: true, entries: [], checkpoint: { inserted: false, covered } };
  const r = j.row;
  stmt('insert into audit_checkpoints (id, tree_size, root_hash, signature, key_id, ts) values (?, ?, ?, ?, ?, ?)').run(r.id, r.tree_size, r.root_hash, r.signature, r.key_id, r.ts);
  return { ok: true, entries: [], checkpoint: { inserted: true, covered: r.tree_size } };
}

/**
 * The columns each InsertTable takes (names checked against the schema's types). The statement's
 * text is built from these constants only, never from a job's keys: a job naming another table or
 * column is refused before any SQL is made (a column the row leaves out is null).
 */
const INSERT_COLUMNS: { [T in InsertTable]: readonly (keyof Schema[T] & string)[] } = {
  deployment_decisions: ['id', 'project_id', 'environment', 'image_digest', 'commit', 'decision', 'reasons', 'actor', 'ts'],
};
const INSERT_SQL = new Map<string, string>(
  INSERT_TABLES.map((t) => [t, `insert into "${t}" (${INSERT_COLUMNS[t].map((c) => `"${c}"`).join(', ')}) values (${INSERT_COLUMNS[t].map(() => '?').join(', ')})`]),
);

function insertJob(state: BatchState, j: InsertJob): JobResult {
  const sql = INSERT_SQL.get(j.table);
  if (sql === undefined) throw new RampartError('E_INTERNAL', `the writer does not insert into ${String(j.table).slice(0, 64)}`);
  const cols: readonly string[] = INSERT_COLUMNS[j.table];
  const keys = Object.keys(j.row);
  if (!keys.every((k) => cols.includes(k))) throw new RampartError('E_INTERNAL', `insert into ${j.table}: the row's columns are not the table's`);
  stmt(sql).run(...cols.map((c) => j.row[c] ?? null));
  return { ok: true, entries: j.audit ? appendEntries(state, [j.audit]) : [] };
}

function conflictMessage(expected: number, current: number): string {
  return `check-and-set failed: expected version ${expected}, the current version is ${current}`;
}

function runJob(state: BatchState, job: BatchRequest['jobs'][number]): JobResult {
  switch (job.kind) {
    case 'audit':
      return auditJob(state, job);
    case 'vault.put':
      return vaultPut(state, job);
    case 'insert':
      return insertJob(state, job);
    case 'token.touch':
      stmt('update api_tokens set last_used_at = ? where id = ?').run(job.at, job.id);
      return { ok: true, entries: [] };
    case 'checkpoint':
      return checkpointJob(job);
    case 'checkpoint.root':
      return { ok: true, entries: [] }; // answered after the commit (rootJob)
    default:
      return { ok: false, error: { code: 'E_INTERNAL', message: `unknown write job ${String((job as { kind?: unknown }).kind)}` } };
  }
}

function wire(e: unknown): WireError {
  if (e instanceof RampartError) return { code: e.code, message: e.message };
  const code = (e as { code?: unknown }).code;
  return { ...(typeof code === 'string' ? { code } : {}), message: e instanceof Error ? e.message : String(e) };
}

/** What the checkpoints sign: every committed entry, folded in by this thread (frontier.ts). */
const frontier = new CheckedFrontier();

/**
 * After the batch's commit, so the rows read are committed ones (inside the transaction they would
 * include this batch's own, which a failed COMMIT would take back).
 */
function rootJob(j: RootJob): JobResult {
  const limit = Number.isSafeInteger(j.limit) && j.limit > 0 ? j.limit : 500;
  if (typeof j.placed === 'string') frontier.addPlaced(j.placed);
  frontier.foldKnown();
  // Only the rows nobody in this process sealed are read and re-checked: up to the next known link,
  // then on past it, gap after gap, up to `limit` rows in all. (Another process's entries come in
  // many gaps between this process's own: one job per gap made a checkpoint chase the tail under
  // load, one message round trip per gap, and never be signed.)
  let read = 0;
  let more = false;
  for (;;) {
    const next = frontier.nextKnown();
    const rows = stmt('select seq, ts, actor, action, resource, outcome, detail, prev_hash, hash from audit_entries where seq > ? and seq < ? order by seq limit ?').all(
      frontier.size,
      next === Infinity ? Number.MAX_SAFE_INTEGER : next,
      limit - read,
    ) as StoredEntry[];
    for (const r of rows) frontier.foldRow(r);
    frontier.foldKnown();
    read += rows.length;
    if (read >= limit) {
      more = true;
      break;
    }
    // Nothing more to read now (or a known link that did not chain: its rows are read next time).
    if (rows.length === 0 || next === Infinity) break;
  }
  return { ok: true, entries: [], root: { size: frontier.size, root: frontier.root(), more } };
}

/** One job in the batch's transaction: alone in a savepoint, so that a failure undoes only its own changes. */
function runOne(state: BatchState, job: BatchRequest['jobs'][number]): JobResult {
  const before = state.tail;
  // One audit entry is one INSERT, atomic by itself: no savepoint needed to undo it alone.
  if (job.kind === 'audit' && job.entries.length === 1) {
    try {
      return runJob(state, job);
    } catch (e) {
      if (!db.inTransaction) throw e;
      state.tail = before;
      return { ok: false, error: wire(e) };
    }
  }
  db.exec('savepoint job');
  try {
    const r = runJob(state, job);
    if (r.ok) db.exec('release job');
    else {
      db.exec('rollback to job');
      db.exec('release job');
      state.tail = before;
    }
    return r;
  } catch (e) {
    db.exec('rollback to job');
    db.exec('release job');
    state.tail = before;
    return { ok: false, error: wire(e) };
  }
}

function runBatch(req: BatchRequest, urgent: boolean): WorkerReply {
  try {
    // Prepared once (stmt): exec() would parse the SQL text again for every batch.
    stmt('begin immediate').run();
  } catch (e) {
    return { id: req.id, fatal: wire(e) };
  }
  try {
    const state: BatchState = {};
    const results = new Array<JobResult>(req.jobs.length);
    let staged: Staged | undefined;
    for (let at = 0; at < req.jobs.length; at++) {
      const job = req.jobs[at]!;
      if (job.kind === 'audit') {
        staged = stageAudit(state, staged, at, job, results);
        continue;
      }
      // Other jobs see the audit rows before them in the table (the chain's order is the table's).
      if (staged) flushStaged(state, staged, results);
      staged = undefined;
      results[at] = runOne(state, job);
    }
    if (staged) flushStaged(state, staged, results);
    stmt('commit').run();
    // Set (and, for a job that waits, reported) before the answer: the sync thread may cover this
    // commit sooner (sync-order.ts). Only after the commit: a sync that sees it begins after it.
    Atomics.store(dirty, 0, 1);
    if (urgent) syncPort.postMessage({ sync: req.id, urgent } satisfies SyncRequest);
    for (const r of results) if (r.ok) frontier.foldOwn(r.entries);
    req.jobs.forEach((job, i) => {
      if (job.kind === 'audit') {
        // Folded above: a job that asked for no links is told only where its entries landed.
        const r = results[i]!;
        if (job.links === false && r.ok && r.entries.length > 0) results[i] = { ok: true, entries: [], placed: { first: r.entries[0]!.seq, count: r.entries.length } };
        return;
      }
      if (job.kind !== 'checkpoint.root') return;
      try {
        results[i] = rootJob(job);
      } catch (e) {
        results[i] = { ok: false, error: wire(e) };
      }
    });
    return { id: req.id, results };
  } catch (e) {
    if (db.inTransaction) {
      try {
        db.exec('rollback');
      } catch {
        // the connection is closing or broken; the reply below fails the batch either way
      }
    }
    return { id: req.id, fatal: wire(e) };
  }
}

port.on('message', (m: WireBatch | { close: true }) => {
  if ('close' in m) {
    // The sync thread fsyncs what this connection committed (writer.ts closes it after this one).
    syncPort.close();
    db.close();
    port.close();
    return;
  }
  let req: BatchRequest;
  try {
    req = decodeBatch(m);
  } catch (e) {
    post({ id: m.id, fatal: wire(e) });
    return;
  }
  post(runBatch(req, m.sync !== 'normal'));
});
post({ ready: true });

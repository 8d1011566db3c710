import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { chmodSync, closeSync, constants, fstatSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Transaction } from 'kysely';
import { RampartError } from '../../core/errors.js';
import { writeTx, type Store, type StoreDb, type StoreDialect } from '../../store/db.js';
import type { Schema } from '../../store/schema.js';
import { canonicalJson, GENESIS_HASH, isHash, isoNowText, normaliseInput, normaliseText, sealEntry, type AuditEntry, type AuditInput, type EntryInput, type EntryText } from './entry.js';
import { MerkleFrontier } from './merkle.js';
import { GroupCommit } from './group-commit.js';
import type { AuditJob, ChainLink, InsertTable, JobResult, RowValue } from '../writer/protocol.js';
import { recheckedHash } from '../writer/frontier.js';
import type { SqliteWriter } from '../writer/writer.js';

/**
 * The append-only audit log over the store.
 *
 * One chain, never forked: every append runs in a transaction that first takes the tail lock
 * (PostgreSQL: a transaction-scoped advisory lock, held to commit, so other processes and pool
 * connections queue behind it; SQLite: BEGIN IMMEDIATE, the database's own write lock), reads the
 * last (seq, hash), and inserts seq+1 chained to it. Inside one process,
 * appends queue up and are written in groups (one transaction per group, "group commit"), which is
 * both the in-process mutex and the throughput path.
 *
 * Signed checkpoints (Ed25519 over `{tree_size, root_hash, ts}`) are made every `checkpointEvery`
 * entries and by a timer (`start()`), over the RFC 6962 Merkle tree of entry hashes. Before
 * signing, the log re-checks the chain of the entries it has not checked yet, so it never signs a
 * root over rows someone altered in the database.
 */

export const KEY_FILE = 'audit-ed25519.pem';
export const CHECKPOINT_FORMAT = 'rampart-audit-checkpoint-v1';
/** Advisory lock key (two int4s): "RAMP" and 1 = the audit tail. */
const LOCK_CLASS = 0x52414d50;
const LOCK_AUDIT_TAIL = 1;
const INSERT_CHUNK = 100;
/** An audit job hands the writer no buffers: one empty list for all of them (never written to). */
const NO_TRANSFER: ArrayBuffer[] = [];
const READ_PAGE = 2000;
/** Rows the writer thread re-checks per root job (each job holds the writer for their hashing). */
const ROOT_PAGE = 500;

export interface Checkpoint {
  id: string;
  treeSize: number;
  rootHash: string;
  signature: string;
  keyId: string;
  ts: string;
}

export interface AuditLogOptions {
  /** Ed25519 private key; else loaded from (or created in) `<dataDir>/audit-ed25519.pem`. */
  signingKey?: KeyObject;
  dataDir?: string;
  /** Checkpoint after this many new entries (default 1000). */
  checkpointEvery?: number;
  /** Timer period for checkpoints once start() is called (default 60 s). */
  checkpointIntervalMs?: number;
  /**
   * Once start() is called, how often the chain's tail seq is read (default 1 s), so entries
   * other processes append (`--http-workers N`: this one alone signs) count toward
   * `checkpointEvery` as this process's own commits do.
   */
  tailPollMs?: number;
  /** Most entries written in one transaction (default 500). */
  maxBatch?: number;
  now?: () => Date;
  /** Overrides the store's auditSync (server.auditSync): `full` fsyncs every entry before its append resolves. */
  auditSync?: 'batched' | 'full';
  /** Called when a background checkpoint fails (the timer and automatic ones have no caller to throw to). */
  onError?: (e: Error) => void;
  /**
   * SQLite: append through the writer thread (group commit off the event loop, see
   * writer/writer.ts) instead of this process's own queue and connection.
   */
  writer?: SqliteWriter;
  /**
   * With a writer: entries that may defer their fsync (reads', AuditDurability `read`) are
   * committed on this thread, one transaction per event-loop turn (group-commit.ts), instead of
   * crossing to the writer thread and back. Default true; false sends them to the writer.
   */
  readsOnMain?: boolean;
  /**
   * false: this process signs no checkpoints (no timer, no count trigger, none at close): with
   * several HTTP processes on one database (`rampart server --http-workers N`) one of them signs,
   * over every process's entries (its writer thread reads and re-checks the rows it did not write).
   * Default true.
   */
  checkpoints?: boolean;
}

export class AuditError extends RampartError {
  constructor(message: string) {
    super('E_AUDIT', message);
    this.name = 'AuditError';
  }
}

/** The bytes an Ed25519 checkpoint signature covers. */
export function checkpointPayload(treeSize: number, rootHash: string, ts: string): Buffer {
  return Buffer.from(`${CHECKPOINT_FORMAT}\n${canonicalJson({ root_hash: rootHash, tree_size: treeSize, ts })}`, 'utf8');
}

/** A short stable name for a public key: hex SHA-256 of its SPKI DER, first 32 digits. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 32);
}

/** Reads a file without following a final symlink. */
function readNoFollow(path: string): { text: string; mode: number } {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new AuditError(`${path} is not a regular file`);
    if (st.size > 64 * 1024) throw new AuditError(`${path} is too large to be a key file`);
    return { text: readFileSync(fd, 'utf8'), mode: st.mode };
  } finally {
    closeSync(fd);
  }
}

function parseEd25519Private(text: string, path: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem' });
  } catch {
    throw new AuditError(`${path} is not a PEM private key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new AuditError(`${path} holds a ${key.asymmetricKeyType} key, not Ed25519`);
  return key;
}

/**
 * The audit signing key of a data directory, created (0600, PKCS#8 PEM) on first use.
 * `create: false` refuses a missing key instead (verification must not invent one).
 */
export function loadSigningKey(dataDir: string, opts: { create?: boolean } = {}): KeyObject {
  const path = join(dataDir, KEY_FILE);
  try {
    const { text, mode } = readNoFollow(path);
    if ((mode & 0o077) !== 0) chmodSync(path, 0o600);
    return parseEd25519Private(text, path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new AuditError(`${path} is a symbolic link; refusing to use it as the audit key`);
    if (code !== 'ENOENT') throw e instanceof RampartError ? e : new AuditError(`cannot read ${path}: ${(e as Error).message}`);
    if (opts.create === false) throw new AuditError(`no audit key at ${path}`);
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  try {
    // wx: never overwrite a key another process created a moment ago.
    writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return loadSigningKey(dataDir, { create: false });
    throw new AuditError(`cannot write ${path}: ${(e as Error).message}`);
  }
  return privateKey;
}

/** The public half of a data directory's audit key. */
export function loadPublicKey(dataDir: string): KeyObject {
  return createPublicKey(loadSigningKey(dataDir, { create: false }));
}

type Db = StoreDb;

/**
 * PostgreSQL: this transaction's commit returns without waiting for its WAL flush (AuditDurability
 * `read`). Only for entries of reads and decisions, which change no state; a write and its entry
 * always commit synchronously.
 */
async function asyncCommit(trx: Db): Promise<void> {
  await sql`set local synchronous_commit = off`.execute(trx);
}

/** Takes the tail lock for the rest of the transaction (a no-op on SQLite, see above). */
async function lockTail(trx: Db, dialect: StoreDialect): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${LOCK_CLASS}, ${LOCK_AUDIT_TAIL})`.execute(trx);
}


async function readTail(trx: Db): Promise<{ seq: number; hash: string }> {
  const last = await trx.selectFrom('audit_entries').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  if (!last) return { seq: 0, hash: GENESIS_HASH };
  const seq = Number(last.seq);
  if (!Number.isSafeInteger(seq) || !isHash(last.hash)) throw new AuditError(`audit tail row ${String(last.seq)} is malformed; run \`rampart audit verify\``);
  return { seq, hash: last.hash };
}

async function insertEntries(trx: Db, entries: (AuditEntry & { detailJson?: string })[]): Promise<void> {
  for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
    await trx
      .insertInto('audit_entries')
      .values(
        entries.slice(i, i + INSERT_CHUNK).map((e) => ({
          seq: e.seq,
          ts: e.ts,
          actor: e.actor,
          action: e.action,
          resource: e.resource,
          outcome: e.outcome,
          detail: e.detailJson ?? canonicalJson(e.detail),
          prev_hash: e.prevHash,
          hash: e.hash,
        })),
      )
      .execute();
  }
}

/**
 * How an entry is committed. `full` (default): fsynced before the append resolves. `read`: the
 * entry of a read or of a deployment decision, which changes no state: committed (written to the
 * OS, surviving a crash of this process) before the append resolves, its fsync left to the WAL
 * sync thread, which begins one within 50 ms (writer/syncer.ts) — unless the store says
 * `auditSync: 'full'` (server.auditSync). PostgreSQL: the same class by `SET LOCAL
 * synchronous_commit = off` in that transaction (committed and visible at once, WAL flushed by the
 * server within 3 × wal_writer_delay; a crash of PostgreSQL itself may lose the last ones, never
 * corrupt the chain). SQLite without a writer thread: every entry is fsynced.
 */
export type AuditDurability = 'full' | 'read';

export interface AppendOptions {
  durability?: AuditDurability;
}

/** An entry as the writer thread placed it: the fields sent plus its place in the chain. */
function joined(fields: EntryInput, link: ChainLink): AuditEntry {
  return { seq: link.seq, ts: fields.ts, actor: fields.actor, action: fields.action, resource: fields.resource, outcome: fields.outcome, detail: fields.detail, prevHash: link.prevHash, hash: link.hash };
}

interface Pending {
  fields: EntryInput[];
  /** May be committed without waiting for the WAL flush (PostgreSQL, see AuditDurability). */
  deferred: boolean;
  resolve(entries: AuditEntry[]): void;
  reject(e: Error): void;
}

export class AuditLog {
  private readonly queue: Pending[] = [];
  private draining = false;
  /** Serialises drains and checkpoints inside this process. */
  private lock: Promise<unknown> = Promise.resolve();
  private readonly frontier = new MerkleFrontier();
  /** Hash of the last entry folded into the frontier (the chain is re-checked from here). */
  private frontierTail = GENESIS_HASH;
  private checkpointedSize: number;
  private timer: NodeJS.Timeout | undefined;
  private tailTimer: NodeJS.Timeout | undefined;
  private tailReading = false;
  private closed = false;
  private checkpointQueued = false;
  readonly publicKey: KeyObject;
  readonly keyId: string;
  private readonly every: number;
  private readonly intervalMs: number;
  private readonly maxBatch: number;
  private readonly now: () => Date;
  /** Reads' entries, committed on this thread (AuditLogOptions.readsOnMain). */
  private local: GroupCommit | undefined;

  private constructor(
    private readonly store: Store,
    private readonly key: KeyObject,
    checkpointedSize: number,
    private readonly opts: AuditLogOptions,
  ) {
    this.checkpointedSize = checkpointedSize;
    this.publicKey = createPublicKey(key);
    this.keyId = keyIdOf(this.publicKey);
    this.every = positive(opts.checkpointEvery, 1000, 'checkpointEvery');
    this.intervalMs = positive(opts.checkpointIntervalMs, 60_000, 'checkpointIntervalMs');
    this.maxBatch = positive(opts.maxBatch, 500, 'maxBatch');
    this.now = opts.now ?? (() => new Date());
  }

  static async open(store: Store, opts: AuditLogOptions = {}): Promise<AuditLog> {
    let key = opts.signingKey;
    if (!key) {
      if (!opts.dataDir) throw new AuditError('the audit log needs a signing key or a data directory to keep one in');
      key = loadSigningKey(opts.dataDir);
    }
    if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') throw new AuditError('the audit signing key must be an Ed25519 private key');
    const row = await store.db.selectFrom('audit_checkpoints').select((eb) => eb.fn.max('tree_size').as('n')).executeTakeFirst();
    const log = new AuditLog(store, key, Number(row?.n ?? 0), opts);
    const writer = opts.writer;
    if (writer && opts.readsOnMain !== false) {
      log.local = GroupCommit.open(
        writer.file,
        (links) => {
          writer.committedElsewhere();
          log.placeLocal(links);
        },
        {
          // A write lock busy for tens of ms: the writer thread commits the group (it waits off the event loop).
          handOff: (entries, done) => log.viaWriter(writer, entries as EntryText[], { durability: 'read' }, (links) => done(null, links), (e) => done(e)),
          report: (e) => log.report(e),
        },
      );
    }
    return log;
  }

  /** Appends one entry; resolves once it is committed (see AuditDurability). */
  async append(input: AuditInput, o: AppendOptions = {}): Promise<AuditEntry> {
    const [e] = await this.appendBatch([input], o);
    return e!;
  }

  /** The time of an entry that gives none: the injected clock, else now as ISO text (made once a millisecond). */
  private entryNow(): Date | string {
    return this.opts.now ? this.opts.now() : isoNowText();
  }

  /** May this append's fsync be deferred (protocol.ts Deferrable)? */
  private defer(o: AppendOptions): boolean {
    return o.durability === 'read' && (this.opts.auditSync ?? this.store.auditSync ?? 'batched') === 'batched';
  }

  /** The same, on PostgreSQL (asyncCommit); SQLite without a writer thread fsyncs every commit. */
  private deferPg(o: AppendOptions): boolean {
    return this.store.dialect === 'postgres' && this.defer(o);
  }

  /** Appends entries in order, all in one transaction (all or none). */
  appendBatch(inputs: readonly AuditInput[], o: AppendOptions = {}): Promise<AuditEntry[]> {
    if (this.closed) return Promise.reject(new AuditError('the audit log is closed'));
    let fields: Pending['fields'];
    try {
      // Validate before queueing: one bad entry must not fail the group it would share a transaction with.
      fields = inputs.map((i) => normaliseInput(i, this.entryNow()));
    } catch (e) {
      return Promise.reject(e);
    }
    if (fields.length === 0) return Promise.resolve([]);
    const writer = this.opts.writer;
    if (this.local && this.defer(o)) {
      const list = fields;
      return new Promise<AuditEntry[]>((resolve, reject) =>
        this.viaLocal(list, (err, links) => {
          if (err) return reject(err);
          const out = new Array<AuditEntry>(list.length);
          for (let i = 0; i < list.length; i++) out[i] = joined(list[i]!, links![i]!);
          resolve(out);
        }),
      );
    }
    if (writer) {
      // One promise, settled by the writer's callbacks (no promise chained on a submit() promise).
      return new Promise<AuditEntry[]>((resolve, reject) =>
        this.viaWriter(writer, fields, o, (links) => {
          const out = new Array<AuditEntry>(fields.length);
          for (let i = 0; i < fields.length; i++) out[i] = joined(fields[i]!, links[i]!);
          resolve(out);
        }, reject),
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ fields, resolve, reject, deferred: this.deferPg(o) });
      this.kick();
    });
  }

  /**
   * One entry, answered through `done` (exactly once, later: never during this call) instead of a
   * promise, and without the entry itself: the request path's append (audit/plugin.ts), which only
   * needs to know that its entry is committed. With the writer thread no promise is made at all.
   * `done` must not throw (it runs inside the writer's reply loop); a throw is reported, not raised.
   */
  appendThen(input: AuditInput, o: AppendOptions, done: (err: Error | null) => void): void {
    const writer = this.opts.writer;
    const call = (err: Error | null) => {
      try {
        done(err);
      } catch (e) {
        this.report(e);
      }
    };
    if (!writer || this.closed) {
      this.appendBatch([input], o).then(() => call(null), (e: unknown) => call(e instanceof Error ? e : new Error(String(e))));
      return;
    }
    let fields: EntryText;
    try {
      // No copy of the detail: this append never returns its entry.
      fields = normaliseText(input, this.entryNow());
    } catch (e) {
      queueMicrotask(() => call(e instanceof Error ? e : new Error(String(e))));
      return;
    }
    if (this.local && this.defer(o)) this.viaLocal([fields], call);
    else this.viaWriter(writer, [fields], o, () => call(null), call, false);
  }

  /**
   * Entries committed on this thread, as `<first seq>:<prev hash><hash>...` (one group commit is
   * consecutive seqs), for the next checkpoint's root job: the writer thread folds them into its
   * Merkle frontier without reading and re-hashing their rows (RootJob.placed).
   */
  private placed: string[] = [];
  private placedCount = 0;

  private placeLocal(groups: readonly (readonly ChainLink[])[]): void {
    // The first link of the first non-empty group (a group may hold no entries).
    const first = groups.find((g) => g.length > 0)?.[0];
    if (!first) return;
    let text = `${first.seq}:${first.prevHash}`;
    let last = first.seq;
    for (const g of groups) for (const l of g) {
      text += l.hash;
      last = l.seq;
    }
    if (this.opts.checkpoints === false) return;
    // Bounded: should checkpoints stop, the writer reads and re-checks those rows instead.
    if (this.placedCount > 200_000) {
      this.placed = [];
      this.placedCount = 0;
    }
    this.placed.push(text);
    this.placedCount += last - first.seq + 1;
    this.checkpointSoon(last);
  }

  /** Entries to this turn's commit on this thread (group-commit.ts); close() waits for them like writer jobs. */
  private viaLocal(fields: readonly EntryText[], done: (err: Error | null, links?: readonly ChainLink[]) => void): void {
    this.inWriter++;
    this.local!.add(fields, (err, links) => {
      this.writerDone();
      done(err, links);
    });
  }

  /**
   * Sends entries to the writer thread as one job. Exactly one of `ok` (with the chain links the
   * thread gave them) and `fail` is called, from the writer's callbacks; close() waits for the job.
   * `links: false`: the caller needs no links (`ok` gets none), so the thread sends none back.
   */
  private viaWriter(writer: SqliteWriter, fields: EntryText[], o: AppendOptions, ok: (links: readonly ChainLink[]) => void, fail: (e: Error) => void, links = true): void {
    const job: AuditJob = links ? { kind: 'audit', entries: fields, deferSync: this.defer(o) } : { kind: 'audit', entries: fields, deferSync: this.defer(o), links: false };
    this.inWriter++;
    let settled = false;
    /** Counts the job out once, whichever way it ends (close() waits for the count). */
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      this.writerDone();
      return true;
    };
    const failed = (e: unknown) => {
      if (settle()) fail(e instanceof Error ? e : new Error(String(e)));
    };
    const committed = (r: JobResult & { ok: true }) => {
      if (!settle()) return;
      // Without links the thread says where the entries went (placed), or sends links all the same.
      const placed = links ? undefined : r.placed;
      if ((placed ? placed.count : r.entries.length) !== fields.length) return fail(new AuditError('the writer thread placed a different number of entries than were sent'));
      try {
        if (placed) this.checkpointSoon(placed.first + placed.count - 1);
        else this.afterWrite(r.entries);
      } catch (e) {
        return fail(e instanceof Error ? e : new Error(String(e)));
      }
      ok(r.entries);
    };
    try {
      writer.enqueue(job, NO_TRANSFER, committed, failed);
    } catch (e) {
      // enqueue() answers through its callbacks; a throw would be a bug, and must not leave close() waiting.
      failed(e);
    }
  }

  /**
   * Inserts one row (e.g. a deployment decision) and appends its audit entry in one transaction:
   * both or neither. SQLite with a writer: a writer-thread job (group commit); otherwise a write
   * transaction on the store.
   */
  async insertWithEntry(table: InsertTable, row: Record<string, RowValue>, input: AuditInput, o: AppendOptions = {}): Promise<AuditEntry> {
    if (this.closed) throw new AuditError('the audit log is closed');
    const fields = normaliseInput(input, this.entryNow());
    const writer = this.opts.writer;
    if (writer) {
      const p = writer.submit({ kind: 'insert', table, row, audit: fields, ...(this.defer(o) ? { deferSync: true } : {}) });
      this.track(p);
      const r = await p;
      this.afterWrite(r.entries);
      return joined(fields, r.entries[0]!);
    }
    return writeTx(this.store, async (trx) => {
      if (this.deferPg(o)) await asyncCommit(trx);
      await trx.insertInto(table).values(row as never).execute();
      return this.appendIn(trx as Transaction<Schema>, input);
    });
  }

  /** Writer jobs submitted and not answered yet; close() waits until there are none. */
  private inWriter = 0;
  private inWriterIdle: (() => void)[] = [];

  private writerDone(): void {
    if (--this.inWriter === 0) for (const f of this.inWriterIdle.splice(0)) f();
  }

  private track(p: Promise<unknown>): void {
    this.inWriter++;
    const done = () => this.writerDone();
    p.then(done, done);
  }

  /**
   * Entries committed by another path (the writer thread, or a job that carried its own entry):
   * a checkpoint is queued when enough have accumulated.
   */
  afterWrite(entries: readonly { seq: number }[]): void {
    const last = entries.at(-1);
    if (last) this.checkpointSoon(last.seq);
  }

  /**
   * Appends inside the caller's transaction, so a service's write and its audit entry commit or
   * roll back together. Bypasses the in-process queue (it would deadlock with SQLite's one
   * connection); the tail lock alone keeps the chain whole.
   */
  async appendIn(trx: Transaction<Schema>, input: AuditInput): Promise<AuditEntry> {
    const fields = normaliseInput(input, this.entryNow());
    await lockTail(trx, this.store.dialect);
    const tail = await readTail(trx);
    const e = sealEntry(tail.seq + 1, tail.hash, fields);
    await insertEntries(trx, [e]);
    this.checkpointSoon(e.seq);
    return e;
  }

  /**
   * After appendIn: a checkpoint queued behind the caller's transaction (it waits for the tail
   * lock, then covers whatever committed; a rolled-back entry is simply not there).
   */
  private checkpointSoon(seq: number): void {
    if (seq - this.checkpointedSize < this.every || this.checkpointQueued || this.closed || this.opts.checkpoints === false) return;
    this.checkpointQueued = true;
    void this.exclusive(() => this.checkpointNow())
      .catch((e: unknown) => this.report(e))
      .finally(() => {
        this.checkpointQueued = false;
      });
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const r = this.lock.then(fn, fn);
    this.lock = r.catch(() => undefined);
    return r;
  }

  private kick(): void {
    if (this.draining) return;
    this.draining = true;
    void this.exclusive(() => this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const group: Pending[] = [];
        let n = 0;
        while (this.queue.length && (group.length === 0 || n + this.queue[0]!.fields.length <= this.maxBatch)) {
          const p = this.queue.shift()!;
          group.push(p);
          n += p.fields.length;
        }
        let lastSeq = 0;
        try {
          const written = await writeTx(this.store, async (trx) => {
            // Only a group of deferrable entries alone: one that must be durable makes it all wait.
            if (group.every((p) => p.deferred)) await asyncCommit(trx);
            await lockTail(trx, this.store.dialect);
            let tail = await readTail(trx);
            const out: AuditEntry[][] = [];
            const all: AuditEntry[] = [];
            for (const p of group) {
              const mine: AuditEntry[] = [];
              for (const f of p.fields) {
                const e = sealEntry(tail.seq + 1, tail.hash, f);
                tail = { seq: e.seq, hash: e.hash };
                mine.push(e);
                all.push(e);
              }
              out.push(mine);
            }
            await insertEntries(trx, all);
            return out;
          });
          group.forEach((p, i) => p.resolve(written[i]!));
          lastSeq = written[written.length - 1]!.at(-1)!.seq;
        } catch (e) {
          const err = e instanceof Error ? e : new Error(String(e));
          for (const p of group) p.reject(err);
        }
        if (lastSeq - this.checkpointedSize >= this.every && this.opts.checkpoints !== false) {
          await this.checkpointNow().catch((e: unknown) => this.report(e));
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private report(e: unknown): void {
    this.opts.onError?.(e instanceof Error ? e : new Error(String(e)));
  }

  /**
   * Signs a checkpoint over every committed entry, if any arrived since the last one.
   * Resolves to the new checkpoint, or undefined when there was nothing new to cover.
   */
  checkpoint(): Promise<Checkpoint | undefined> {
    return this.exclusive(() => this.checkpointNow());
  }

  private async checkpointNow(): Promise<Checkpoint | undefined> {
    const writer = this.opts.writer;
    if (writer) {
      // The writer thread keeps the Merkle frontier (writer/frontier.ts): it folds in the entries
      // it commits as it writes them and re-checks only rows written elsewhere, a page per job,
      // so the event loop never hashes the log. Committed entries never change: a checkpoint over
      // them needs no lock, and the writer inserts it unless one at least as large exists
      // (another process), so the event loop never waits for the write lock or an fsync either.
      let tree: { size: number; root: string; more: boolean } | undefined;
      do {
        // The root job writes nothing: it need not wait for an fsync.
        const placed = this.placed.length > 0 ? this.placed.join(';') : undefined;
        this.placed = [];
        this.placedCount = 0;
        tree = (await writer.submit({ kind: 'checkpoint.root', limit: ROOT_PAGE, deferSync: true, ...(placed ? { placed } : {}) })).root;
        if (!tree) throw new AuditError('the writer thread sent no Merkle root');
      } while (tree.more);
      const size = tree.size;
      if (size <= this.checkpointedSize) return undefined;
      const ts = this.now().toISOString();
      const rootHash = tree.root;
      const signature = sign(null, checkpointPayload(size, rootHash, ts), this.key).toString('base64');
      const c: Checkpoint = { id: randomUUID(), treeSize: size, rootHash, signature, keyId: this.keyId, ts };
      const r = await writer.submit({ kind: 'checkpoint', row: { id: c.id, tree_size: c.treeSize, root_hash: c.rootHash, signature: c.signature, key_id: c.keyId, ts: c.ts } });
      this.checkpointedSize = Math.max(this.checkpointedSize, r.checkpoint?.covered ?? 0);
      return r.checkpoint?.inserted ? c : undefined;
    }
    // Fold in (and re-check) what is already committed before taking the write lock: after a
    // restart that is the whole log, and holding the lock that long would stall every writer.
    // Inside the transaction only the few entries committed since are left to check.
    await this.catchUp(this.store.db);
    const cp = await writeTx(this.store, async (trx) => {
      await lockTail(trx, this.store.dialect);
      await this.catchUp(trx);
      const latest = await trx.selectFrom('audit_checkpoints').select((eb) => eb.fn.max('tree_size').as('n')).executeTakeFirst();
      const covered = Number(latest?.n ?? 0);
      const size = this.frontier.size;
      if (size <= covered) return { cp: undefined, covered };
      const ts = this.now().toISOString();
      const rootHash = this.frontier.root();
      const signature = sign(null, checkpointPayload(size, rootHash, ts), this.key).toString('base64');
      const c: Checkpoint = { id: randomUUID(), treeSize: size, rootHash, signature, keyId: this.keyId, ts };
      await trx
        .insertInto('audit_checkpoints')
        .values({ id: c.id, tree_size: c.treeSize, root_hash: c.rootHash, signature: c.signature, key_id: c.keyId, ts: c.ts })
        .execute();
      return { cp: c, covered: size };
    });
    this.checkpointedSize = Math.max(this.checkpointedSize, cp.covered);
    return cp.cp;
  }

  /** Folds committed entries after the frontier into it, re-checking their chain and hashes. */
  private async catchUp(trx: Db): Promise<void> {
    for (;;) {
      const rows = await trx
        .selectFrom('audit_entries')
        .selectAll()
        .where('seq', '>', this.frontier.size)
        .orderBy('seq', 'asc')
        .limit(READ_PAGE)
        .execute();
      if (rows.length === 0) return;
      for (const r of rows) {
        let hash: string;
        try {
          hash = recheckedHash(r, this.frontier.size + 1, this.frontierTail);
        } catch (e) {
          throw e instanceof RampartError ? new AuditError(e.message) : e;
        }
        this.frontier.push(hash);
        this.frontierTail = hash;
      }
      if (rows.length < READ_PAGE) return;
    }
  }

  /** Starts the checkpoint timer (the server calls this; unref'd so it never keeps a process alive). */
  start(): void {
    if (this.timer || this.closed || this.opts.checkpoints === false) return;
    this.timer = setInterval(() => {
      void this.checkpoint().catch((e: unknown) => this.report(e));
    }, this.intervalMs);
    this.timer.unref();
    // The count trigger sees this process's commits only; other processes' entries are seen by
    // the tail they leave (one indexed read per period).
    this.tailTimer = setInterval(() => void this.checkTail(), positive(this.opts.tailPollMs, 1000, 'tailPollMs'));
    this.tailTimer.unref();
  }

  /** Reads the chain's tail seq and queues a checkpoint once `checkpointEvery` entries are uncovered. */
  private async checkTail(): Promise<void> {
    if (this.tailReading || this.closed) return;
    this.tailReading = true;
    try {
      const row = await this.store.db.selectFrom('audit_entries').select((eb) => eb.fn.max('seq').as('n')).executeTakeFirst();
      this.checkpointSoon(Number(row?.n ?? 0));
    } catch (e) {
      this.report(e);
    } finally {
      this.tailReading = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.tailTimer) clearInterval(this.tailTimer);
    this.timer = undefined;
    this.tailTimer = undefined;
  }

  /** Stops the timer, writes what is queued and a final checkpoint. The store stays open. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.stop();
    this.closed = true;
    // Queue behind any drain or writer batch in flight, then cover whatever it wrote.
    while (this.inWriter > 0) await new Promise<void>((resolve) => this.inWriterIdle.push(resolve));
    await this.exclusive(async () => undefined);
    if (this.opts.checkpoints !== false) await this.checkpoint().catch((e: unknown) => this.report(e));
    await this.local?.close();
  }
}

function positive(v: number | undefined, dflt: number, name: string): number {
  if (v === undefined) return dflt;
  if (!Number.isSafeInteger(v) || v < 1) throw new AuditError(`${name} must be a positive integer`);
  return v;
}

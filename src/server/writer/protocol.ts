import type { AuditEntry, JsonObject } from '../audit/entry.js';

/**
 * Messages between the server and its SQLite writer thread (writer.ts, worker.ts). Jobs are plain
 * data (closures cannot cross threads): each kind has one handler in the worker.
 */

/**
 * An audit entry before it is placed in the chain (audit/entry.ts normaliseInput). Only the
 * detail's canonical text crosses to the worker (`detail`, the parsed copy, stays on this side).
 */
export type EntryFields = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash' | 'detail'> & { detailJson: string; detail?: JsonObject };

/** Where an entry landed in the chain: with its fields, the whole AuditEntry. */
export interface ChainLink {
  seq: number;
  prevHash: string;
  hash: string;
}

/**
 * Durability classes. Every batch is committed with synchronous=NORMAL (written to the OS, so it
 * survives a crash of this process) and its WAL is fsynced by the sync thread (syncer.ts). By
 * default a job's promise resolves only after an fsync that began after its commit has finished
 * (sync-order.ts). `deferSync`: the promise resolves at commit, and the fsync follows within
 * SYNC_DELAY_MS — for the audit entries of reads and of deployment decisions only, never for a
 * write of state (server.auditSync, config.ts).
 */
export interface Deferrable {
  deferSync?: boolean;
}

/** Appends entries, in order, to the audit chain. */
export interface AuditJob extends Deferrable {
  kind: 'audit';
  entries: EntryFields[];
  /**
   * `false`: the caller needs no chain links back (a request's entry, AuditLog.appendThen): the
   * result says only where the entries landed (`placed`), not their hashes, which are the bulk
   * of a batch's answer to write, clone and read back.
   */
  links?: false;
}

/**
 * A vault write (vault/vault.ts put) and its audit entry, in one job: both commit or neither.
 * The worker claims the version, seals the value under the one-time data key (never the master
 * key: the data key was wrapped on the main thread) and appends `audit` with
 * `detail.versions = [version, ...destroyed]`. The buffers are wiped by the worker after use.
 */
export interface VaultPutJob {
  kind: 'vault.put';
  project: string;
  path: string;
  value: Uint8Array;
  dataKey: Uint8Array;
  wrappedKey: Uint8Array;
  keyId: string;
  actor: string;
  cas?: number;
  maxVersions?: number;
  rotationMaxAgeS?: number | null;
  defaultMaxVersions: number;
  now: string;
  audit?: EntryFields;
}

/** Tables an InsertJob may write (names are spliced into SQL, so only these). */
export const INSERT_TABLES = ['deployment_decisions'] as const;
export type InsertTable = (typeof INSERT_TABLES)[number];
export type RowValue = string | number | null;

/** One row and its audit entry (e.g. a deployment decision): both commit or neither. */
export interface InsertJob extends Deferrable {
  kind: 'insert';
  table: InsertTable;
  row: Record<string, RowValue>;
  audit?: EntryFields;
}

/** A signed audit checkpoint, inserted only if no checkpoint covers as many entries yet. */
export interface CheckpointJob {
  kind: 'checkpoint';
  row: { id: string; tree_size: number; root_hash: string; signature: string; key_id: string; ts: string };
}

/**
 * The Merkle root a checkpoint would sign (frontier.ts): the writer folds in up to `limit` stored
 * rows it has not seen (re-checked) after this batch commits; `more` when rows are left. Writes nothing.
 */
export interface RootJob extends Deferrable {
  kind: 'checkpoint.root';
  limit: number;
  /**
   * Entries another connection of this process committed (audit/group-commit.ts), with the hashes
   * that thread computed from the very fields it inserted: groups of `<first seq>:<prev hash>`
   * followed by each entry's hash (64 hex digits), joined by ';'. The frontier folds them in like
   * its own entries, without reading and re-hashing their rows (frontier.ts).
   */
  placed?: string;
}

/**
 * A token's last_used_at refresh (auth.ts, at most once a minute per token). Bookkeeping, not
 * state anyone relies on, so it may be sent with deferSync: the main connection would otherwise
 * fsync it on the event loop.
 */
export interface TokenTouchJob extends Deferrable {
  kind: 'token.touch';
  id: string;
  at: string;
}

export type WriteJob = AuditJob | VaultPutJob | InsertJob | CheckpointJob | RootJob | TokenTouchJob;

/** An error as it crosses the thread boundary; writer.ts turns it back into the right class. */
export interface WireError {
  code?: string;
  message: string;
  expected?: number;
  current?: number;
}

/** Where an audit job's entries landed when it asked for no links: seq `first` and the `count - 1` after it. */
export interface Placed {
  first: number;
  count: number;
}

export type JobResult =
  | {
      ok: true;
      /** The chain links of the job's entries; empty when the job asked for none (then `placed`). */
      entries: ChainLink[];
      placed?: Placed;
      put?: { version: number; destroyed: number[] };
      checkpoint?: { inserted: boolean; covered: number };
      root?: { size: number; root: string; more: boolean };
    }
  | { ok: false; error: WireError };

export interface BatchRequest {
  id: number;
  jobs: WriteJob[];
}

/**
 * What crosses the thread boundary: the batch as one string (cloning one string is much cheaper
 * than cloning many small objects), byte arrays apart (`{"$buf": i}` in a job's JSON: only a
 * vault write carries any). `sync`: whether a job of the batch waits for the fsync (`full`) or
 * every job deferred it (`normal`); the commit itself is the same either way.
 *
 * `body` is the jobs one after another, each framed so that nothing in it needs escaping:
 *   `a<n>;` then n entries of six fields   an audit job (every read's entry: the hot path)
 *   `b<n>;` then n entries of six fields   the same, asking for no links back (AuditJob.links)
 *   `j` + field                            any other job, as JSON
 * where a field is `<length in UTF-16 units>:<text>`, and an entry's fields are ts, actor,
 * action, resource, outcome and the detail's canonical text. JSON.stringify would escape every
 * quote of that canonical text and JSON.parse undo it; framing costs a third of that on the
 * event loop and on the writer thread.
 */
export interface WireBatch {
  id: number;
  body: string;
  buffers: Uint8Array[];
  sync: 'full' | 'normal';
}

const BUFFER_FIELDS = ['value', 'dataKey', 'wrappedKey'] as const;

/** A job as sent in JSON: byte arrays replaced by their index, audit details by their canonical text only. */
function wireJob(job: WriteJob, buffers: Uint8Array[]): unknown {
  switch (job.kind) {
    case 'vault.put': {
      const out: Record<string, unknown> = { ...job };
      for (const f of BUFFER_FIELDS) out[f] = { $buf: buffers.push(job[f]) - 1 };
      if (job.audit) out.audit = wireEntry(job.audit);
      return out;
    }
    case 'audit':
      return job.links === false ? { kind: job.kind, entries: job.entries.map(wireEntry), links: false } : { kind: job.kind, entries: job.entries.map(wireEntry) };
    case 'insert':
      return job.audit ? { ...job, audit: wireEntry(job.audit) } : job;
    default:
      return job;
  }
}

function wireEntry(e: EntryFields): EntryFields {
  return { ts: e.ts, actor: e.actor, action: e.action, resource: e.resource, outcome: e.outcome, detailJson: e.detailJson };
}

const field = (s: string): string => `${s.length}:${s}`;

/** Can every entry be framed? (A field that is not a string, a caller's bug, goes as JSON: its job fails alone in the worker.) */
function frameable(entries: readonly EntryFields[]): boolean {
  for (const e of entries) {
    if (typeof e.ts !== 'string' || typeof e.actor !== 'string' || typeof e.action !== 'string' || typeof e.resource !== 'string') return false;
    if (typeof e.outcome !== 'string' || typeof e.detailJson !== 'string') return false;
  }
  return true;
}

export function encodeBatch(req: BatchRequest): WireBatch {
  const buffers: Uint8Array[] = [];
  let body = '';
  let sync: WireBatch['sync'] = 'normal';
  for (const job of req.jobs) {
    if ((job as Deferrable).deferSync !== true) sync = 'full';
    if (job.kind === 'audit' && frameable(job.entries)) {
      body += `${job.links === false ? 'b' : 'a'}${job.entries.length};`;
      for (const e of job.entries) body += field(e.ts) + field(e.actor) + field(e.action) + field(e.resource) + field(e.outcome) + field(e.detailJson);
    } else {
      // No JSON.stringify replacer: one runs for every key of every job, and only vault writes carry bytes.
      body += `j${field(JSON.stringify(wireJob(job, buffers)))}`;
    }
  }
  return { id: req.id, body, buffers, sync };
}

class Reader {
  at = 0;
  constructor(private readonly s: string) {}

  get done(): boolean {
    return this.at >= this.s.length;
  }

  get left(): number {
    return this.s.length - this.at;
  }

  /** A decimal count ended by `end`. */
  count(end: string): number {
    const stop = this.s.indexOf(end, this.at);
    // At most 15 digits: a safe integer, and a bound on how far a malformed body is scanned.
    if (stop <= this.at || stop - this.at > 15) throw malformed();
    const n = Number(this.s.slice(this.at, stop));
    if (!Number.isSafeInteger(n) || n < 0) throw malformed();
    this.at = stop + 1;
    return n;
  }

  field(): string {
    const n = this.count(':');
    if (this.at + n > this.s.length) throw malformed();
    const text = this.s.slice(this.at, this.at + n);
    this.at += n;
    return text;
  }

  tag(): string {
    return this.s[this.at++]!;
  }
}

const malformed = () => new Error('the batch is malformed');

export function decodeBatch(w: WireBatch): BatchRequest {
  if (typeof w.body !== 'string') throw malformed();
  const r = new Reader(w.body);
  const jobs: WriteJob[] = [];
  while (!r.done) {
    const tag = r.tag();
    if (tag === 'a' || tag === 'b') {
      const n = r.count(';');
      // Each entry takes at least six empty fields ("0:"): a count the body cannot hold is malformed.
      if (n * 12 > r.left) throw malformed();
      const entries = new Array<EntryFields>(n);
      for (let k = 0; k < n; k++) entries[k] = { ts: r.field(), actor: r.field(), action: r.field(), resource: r.field(), outcome: r.field(), detailJson: r.field() };
      jobs.push(tag === 'a' ? { kind: 'audit', entries } : { kind: 'audit', entries, links: false });
    } else if (tag === 'j') {
      jobs.push(withBuffers(JSON.parse(r.field()) as WriteJob, w.buffers));
    } else {
      throw malformed();
    }
  }
  return { id: w.id, jobs };
}

/** A vault write's byte arrays put back in place of their indexes. */
function withBuffers(job: WriteJob, buffers: readonly Uint8Array[]): WriteJob {
  if (job.kind !== 'vault.put') return job;
  const raw = job as unknown as Record<string, unknown>;
  for (const f of BUFFER_FIELDS) {
    const ref = raw[f] as { $buf?: unknown } | null;
    const b = typeof ref?.$buf === 'number' ? buffers[ref.$buf] : undefined;
    if (!b) throw new Error('batch refers to a missing buffer');
    raw[f] = b;
  }
  return job;
}

/** `results[i]` answers `jobs[i]`; `fatal` means the whole transaction failed (nothing committed). */
export type WorkerReply = { ready: true } | { ready: false; error: WireError } | { id: number; results: JobResult[] } | { id: number; fatal: WireError };

/**
 * A batch's results as sent (worker.ts -> writer.ts): JSON, except that the result of a job that
 * only appended entries (every read's entry) is one string, `<first seq>:<prev hash><hash>...`:
 * its links are consecutive and each one's prevHash is the hash before it, so the 64-digit hashes
 * are listed once. Cheaper to write and read on both threads than an object per link. The result
 * of a job that asked for no links (`placed`) is `<first seq>+<count>`.
 */
export function encodeResults(results: readonly JobResult[]): string {
  const out = new Array<unknown>(results.length);
  let allCompact = results.length > 0;
  for (let i = 0; i < results.length; i++) {
    const c = compactLinks(results[i]!);
    if (c === undefined) allCompact = false;
    out[i] = c ?? results[i];
  }
  // A batch of entry-only results (every read's entries): the compact strings joined by commas
  // (they hold only digits, a colon and hex), after a letter JSON never starts with. JSON would
  // scan every character of every hash for escapes, here and again when parsing on the event loop.
  if (allCompact) return `${COMPACT_LIST}${(out as string[]).join(',')}`;
  return JSON.stringify(out);
}

/** The first character of encodeResults' text when every result is an entry-only string. */
const COMPACT_LIST = 'L';

/** The compact form of an ok result that holds only chained entries (or where they were placed), or undefined. */
function compactLinks(r: JobResult): string | undefined {
  if (!r.ok || r.put || r.checkpoint || r.root) return undefined;
  if (r.placed) return r.entries.length === 0 && validPlaced(r.placed.first, r.placed.count) ? `${r.placed.first}+${r.placed.count}` : undefined;
  if (r.entries.length === 0) return undefined;
  const e = r.entries;
  let s = `${e[0]!.seq}:${e[0]!.prevHash}`;
  for (let k = 0; k < e.length; k++) {
    const l = e[k]!;
    if (k > 0 && (l.seq !== e[k - 1]!.seq + 1 || l.prevHash !== e[k - 1]!.hash)) return undefined;
    if (l.hash.length !== 64 || l.prevHash.length !== 64) return undefined;
    s += l.hash;
  }
  return s;
}

/** encodeResults' inverse; throws on text it could not have written. */
export function decodeResults(json: string): JobResult[] {
  if (json.startsWith(COMPACT_LIST)) return json.slice(1).split(',').map(expandLinks);
  const raw = JSON.parse(json) as unknown;
  if (!Array.isArray(raw)) throw new Error('the writer thread sent results that are not a list');
  const out = new Array<JobResult>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const x: unknown = raw[i];
    out[i] = typeof x === 'string' ? expandLinks(x) : (x as JobResult);
  }
  return out;
}

const validPlaced = (first: number, count: number): boolean => Number.isSafeInteger(first) && first >= 1 && Number.isSafeInteger(count) && count >= 1 && Number.isSafeInteger(first + count);

function expandLinks(s: string): JobResult {
  const plus = s.indexOf('+');
  if (plus >= 0) {
    // Digits only on both sides (Number() would also take "", " 1", "1e3" or "0x1").
    const first = /^[0-9]{1,15}$/.test(s.slice(0, plus)) ? Number(s.slice(0, plus)) : NaN;
    const count = /^[0-9]{1,15}$/.test(s.slice(plus + 1)) ? Number(s.slice(plus + 1)) : NaN;
    if (!validPlaced(first, count)) throw new Error('the writer thread sent a malformed result');
    return { ok: true, entries: [], placed: { first, count } };
  }
  const colon = s.indexOf(':');
  const seq = Number(s.slice(0, colon));
  const n = (s.length - colon - 1) / 64 - 1;
  if (colon < 1 || !Number.isSafeInteger(seq) || !Number.isInteger(n) || n < 1) throw new Error('the writer thread sent a malformed result');
  const entries = new Array<ChainLink>(n);
  for (let k = 0; k < n; k++) {
    const at = colon + 1 + 64 * k;
    entries[k] = { seq: seq + k, prevHash: s.slice(at, at + 64), hash: s.slice(at + 64, at + 128) };
  }
  return { ok: true, entries };
}

/** A batch's answer on the wire: `{ id, json }` with `results` as encodeResults writes them. */
export type WireReply = { ready: true } | { ready: false; error: WireError } | { id: number; json: string } | { id: number; fatal: WireError };

export interface WorkerInit {
  file: string;
  /** Where the writer reports each commit a job waits to see fsynced (SyncRequest); see syncer.ts. */
  syncPort: import('node:worker_threads').MessagePort;
  /** Int32[1], shared with the sync thread: 1 = something was committed since the last fsync began. */
  dirty: SharedArrayBuffer;
}

/**
 * Writer thread -> sync thread, after batch `sync` committed with a job that waits for the fsync
 * before its answer (`urgent`; the batch was sent with sync `full`). A batch of deferred jobs only
 * is not reported: it sets the shared `dirty` flag, which the sync thread checks every
 * SYNC_DELAY_MS (syncer.ts), so it costs no message and no wake-up.
 */
export interface SyncRequest {
  sync: number;
  urgent: boolean;
}

export interface SyncerInit {
  file: string;
  dirty: SharedArrayBuffer;
}

/** Main thread -> sync thread: a port of a (new) writer thread, or the end. */
export type SyncerCommand = { attach: import('node:worker_threads').MessagePort } | { close: true };

/**
 * Sync thread -> main thread. `synced`: an fsync of the WAL that began after batch `synced`
 * committed has finished. `syncFailed`: the fsync that would have covered batches up to it failed.
 */
export type SyncerReply = { ready: true } | { ready: false; error: WireError } | { synced: number } | { syncFailed: number; error: WireError };

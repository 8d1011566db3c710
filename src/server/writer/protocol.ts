import type { AuditEntry } from '../audit/entry.js';

/**
 * Messages between the server and its SQLite writer thread (writer.ts, worker.ts). Jobs are plain
 * data (closures cannot cross threads): each kind has one handler in the worker.
 */

/** An audit entry before it is placed in the chain (audit/entry.ts normaliseInput). */
export type EntryFields = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

/** Appends entries, in order, to the audit chain. */
export interface AuditJob {
  kind: 'audit';
  entries: EntryFields[];
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
export interface InsertJob {
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

export type WriteJob = AuditJob | VaultPutJob | InsertJob | CheckpointJob;

/** An error as it crosses the thread boundary; writer.ts turns it back into the right class. */
export interface WireError {
  code?: string;
  message: string;
  expected?: number;
  current?: number;
}

export type JobResult =
  | { ok: true; entries: AuditEntry[]; put?: { version: number; destroyed: number[] }; checkpoint?: { inserted: boolean; covered: number } }
  | { ok: false; error: WireError };

export interface BatchRequest {
  id: number;
  jobs: WriteJob[];
}

/**
 * What crosses the thread boundary: the batch as one JSON string (cloning one string is much
 * cheaper than cloning many small objects), byte arrays apart (`{"$buf": i}` in the JSON).
 */
export interface WireBatch {
  id: number;
  json: string;
  buffers: Uint8Array[];
}

export function encodeBatch(req: BatchRequest): WireBatch {
  const buffers: Uint8Array[] = [];
  const json = JSON.stringify(req.jobs, function (this: Record<string, unknown>, key, value: unknown) {
    // Buffer.toJSON has run by now; the holder still has the bytes.
    const raw = this[key];
    if (raw instanceof Uint8Array) return { $buf: buffers.push(raw) - 1 };
    return value;
  });
  return { id: req.id, json, buffers };
}

export function decodeBatch(w: WireBatch): BatchRequest {
  const jobs = JSON.parse(w.json, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && typeof (value as { $buf?: unknown }).$buf === 'number') {
      const b = w.buffers[(value as { $buf: number }).$buf];
      if (!b) throw new Error('batch refers to a missing buffer');
      return b;
    }
    return value;
  }) as WriteJob[];
  return { id: w.id, jobs };
}

/** `results[i]` answers `jobs[i]`; `fatal` means the whole transaction failed (nothing committed). */
export type WorkerReply = { ready: true } | { ready: false; error: WireError } | { id: number; results: JobResult[] } | { id: number; fatal: WireError };

/** A batch's answer on the wire: `{ id, json }` with the JSON of `results` (plain data only). */
export type WireReply = { ready: true } | { ready: false; error: WireError } | { id: number; json: string } | { id: number; fatal: WireError };

export interface WorkerInit {
  file: string;
}

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

export type WriteJob = AuditJob | VaultPutJob | InsertJob;

/** An error as it crosses the thread boundary; writer.ts turns it back into the right class. */
export interface WireError {
  code?: string;
  message: string;
  expected?: number;
  current?: number;
}

export type JobResult =
  | { ok: true; entries: AuditEntry[]; put?: { version: number; destroyed: number[] } }
  | { ok: false; error: WireError };

export interface BatchRequest {
  id: number;
  jobs: WriteJob[];
}

/** `results[i]` answers `jobs[i]`; `fatal` means the whole transaction failed (nothing committed). */
export type WorkerReply = { ready: true } | { ready: false; error: WireError } | { id: number; results: JobResult[] } | { id: number; fatal: WireError };

export interface WorkerInit {
  file: string;
}

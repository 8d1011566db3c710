/**
 * The SQLite audit table's row layout, shared by its two writers (the writer thread's jobs and
 * the main thread's group commit of reads, audit/group-commit.ts): the column list, the chain's
 * checked tail, and multi-row INSERTs. One copy, so the two paths cannot drift apart.
 */
import type Database from 'better-sqlite3';
import { RampartError } from '../../core/errors.js';
import { GENESIS_HASH, isHash } from './entry.js';

export const ENTRY_COLUMNS = '(seq, ts, actor, action, resource, outcome, detail, prev_hash, hash)';
export const ROW_MARKS = '(?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** Parameters per row (the columns above). */
export const ROW_PARAMS = 9;
/** Most rows in one multi-row INSERT (9 parameters each, far below SQLite's limit of 32,766). */
export const MAX_ROWS = 64;
export const TAIL_SQL = 'select seq, hash from audit_entries order by seq desc limit 1';

export interface ChainTail {
  seq: number;
  hash: string;
}

/** The chain's last entry (the genesis hash on an empty table), checked before anything is chained after it. */
export function readTail(tail: Database.Statement): ChainTail {
  const last = tail.get() as { seq: number | bigint; hash: string } | undefined;
  if (!last) return { seq: 0, hash: GENESIS_HASH };
  const seq = Number(last.seq);
  if (!Number.isSafeInteger(seq) || !isHash(last.hash)) throw new RampartError('E_AUDIT', `audit tail row ${String(last.seq)} is malformed; run \`rampart audit verify\``);
  return { seq, hash: last.hash };
}

/** Multi-row INSERTs into one connection's audit table, each size prepared once. */
export class RowInserter {
  private readonly statements: Database.Statement[] = [];

  constructor(private readonly db: Database.Database) {}

  /** Inserts `params` (ROW_PARAMS per row, in chain order), MAX_ROWS a statement. */
  insert(params: unknown[]): void {
    const rows = params.length / ROW_PARAMS;
    for (let done = 0; done < rows; ) {
      const n = Math.min(MAX_ROWS, rows - done);
      this.statement(n).run(n === rows ? params : params.slice(done * ROW_PARAMS, (done + n) * ROW_PARAMS));
      done += n;
    }
  }

  private statement(n: number): Database.Statement {
    return (this.statements[n] ??= this.db.prepare(`insert into audit_entries ${ENTRY_COLUMNS} values ${Array.from({ length: n }, () => ROW_MARKS).join(', ')}`));
  }
}

import { RampartError } from '../../core/errors.js';
import { entryHash, GENESIS_HASH, type JsonObject } from '../audit/entry.js';
import { MerkleFrontier } from '../audit/merkle.js';
import type { ChainLink } from './protocol.js';

/**
 * The Merkle frontier a signed checkpoint covers, kept where the entries are written (the writer
 * thread, worker.ts) so that the main thread never hashes the log. Two ways in:
 * - entries this thread sealed and committed: their hashes were computed from the fields it
 *   inserted, so the root over them is a root over what was written, never over a row altered
 *   in the database since (`rampart audit verify` finds such a row against the checkpoint);
 * - rows written by another connection or process, or before this thread started: read back and
 *   re-checked (seq, chain and hash) before they are folded in, as AuditLog does without a writer.
 */

/** An audit_entries row as stored. */
export interface StoredEntry {
  seq: number | bigint | string;
  ts: string;
  actor: string;
  action: string;
  resource: string;
  outcome: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

/** The hash of stored row `r`, which must be entry `seq` chained to `prevHash`; throws E_AUDIT if it is not. */
export function recheckedHash(r: StoredEntry, seq: number, prevHash: string): string {
  if (Number(r.seq) !== seq) throw new RampartError('E_AUDIT', `audit entry ${seq} is missing; refusing to sign a checkpoint (run \`rampart audit verify\`)`);
  let detail: JsonObject;
  try {
    detail = JSON.parse(r.detail) as JsonObject;
  } catch {
    throw new RampartError('E_AUDIT', `audit entry ${seq} has a detail that is not JSON; refusing to sign a checkpoint`);
  }
  const hash = entryHash(prevHash, { seq, ts: r.ts, actor: r.actor, action: r.action, resource: r.resource, outcome: r.outcome, detail });
  if (r.prev_hash !== prevHash || r.hash !== hash) {
    throw new RampartError('E_AUDIT', `audit entry ${seq} does not chain; refusing to sign a checkpoint (run \`rampart audit verify\`)`);
  }
  return hash;
}

export class CheckedFrontier {
  private readonly tree = new MerkleFrontier();
  private tail = GENESIS_HASH;

  get size(): number {
    return this.tree.size;
  }

  root(): string {
    return this.tree.root();
  }

  /**
   * Committed entries this thread sealed, in chain order. Folded only while they continue the
   * frontier: after a gap (rows of another writer not read yet) foldRow() takes them from the table.
   * `digestOf`: the 32 raw bytes of a link's hash, where the caller kept them.
   */
  foldOwn(links: readonly ChainLink[], digestOf?: (l: ChainLink) => Buffer | undefined): void {
    for (const l of links) {
      if (l.seq !== this.tree.size + 1 || l.prevHash !== this.tail) return;
      // The raw digest `l.hash` was made from (writer's own entries): no hex to parse and re-check.
      this.tree.push(digestOf?.(l) ?? l.hash);
      this.tail = l.hash;
    }
  }

  /** The next stored row, re-checked first. */
  foldRow(r: StoredEntry): void {
    const hash = recheckedHash(r, this.tree.size + 1, this.tail);
    this.tree.push(hash);
    this.tail = hash;
  }
}

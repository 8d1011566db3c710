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

/** Most links kept waiting for a gap before them to close (beyond, their rows are read instead). */
const MAX_KNOWN = 200_000;
const HEX64 = /^[0-9a-f]{64}$/;

export class CheckedFrontier {
  private readonly tree = new MerkleFrontier();
  private tail = GENESIS_HASH;
  /**
   * Links sealed in this process (this thread's own beyond a gap, or another connection's,
   * addPlaced) that do not continue the frontier yet: folded once the rows before them are in.
   */
  private readonly known = new Map<number, ChainLink>();

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
    for (let i = 0; i < links.length; i++) {
      const l = links[i]!;
      if (l.seq !== this.tree.size + 1 || l.prevHash !== this.tail) {
        // Entries of another connection come first: these wait for them (foldKnown).
        for (let k = i; k < links.length; k++) this.keep(links[k]!);
        return;
      }
      // The raw digest `l.hash` was made from (writer's own entries): no hex to parse and re-check.
      this.tree.push(digestOf?.(l) ?? l.hash);
      this.tail = l.hash;
    }
  }

  private keep(l: ChainLink): void {
    if (l.seq > this.tree.size && this.known.size < MAX_KNOWN) this.known.set(l.seq, l);
  }

  /**
   * Entries another connection of this process sealed and committed (RootJob.placed): trusted
   * like this thread's own, as their hashes were made from the fields that connection inserted.
   * Malformed text is ignored (those rows are then read and re-checked like any other).
   */
  addPlaced(text: string): void {
    for (const group of text.split(';')) {
      const colon = group.indexOf(':');
      const first = Number(group.slice(0, colon));
      let prev = group.slice(colon + 1, colon + 65);
      if (colon < 1 || !Number.isSafeInteger(first) || !HEX64.test(prev) || (group.length - colon - 65) % 64 !== 0) continue;
      for (let at = colon + 65, seq = first; at < group.length; at += 64, seq++) {
        const hash = group.slice(at, at + 64);
        if (!HEX64.test(hash)) break;
        this.keep({ seq, prevHash: prev, hash });
        prev = hash;
      }
    }
    this.foldKnown();
  }

  /** Folds the kept links that continue the frontier; drops those it has passed. */
  foldKnown(): void {
    for (let l = this.known.get(this.tree.size + 1); l; l = this.known.get(this.tree.size + 1)) {
      this.known.delete(l.seq);
      // A link that does not continue the chain is not trusted: its row is read and re-checked.
      if (l.prevHash !== this.tail) break;
      this.tree.push(l.hash);
      this.tail = l.hash;
    }
  }

  /** The first seq after the frontier that a kept link covers (rows from here need no reading), else Infinity. */
  nextKnown(): number {
    let next = Infinity;
    for (const seq of this.known.keys()) {
      if (seq <= this.tree.size) this.known.delete(seq);
      else if (seq < next) next = seq;
    }
    return next;
  }

  /** The next stored row, re-checked first. */
  foldRow(r: StoredEntry): void {
    const hash = recheckedHash(r, this.tree.size + 1, this.tail);
    this.tree.push(hash);
    this.tail = hash;
  }
}

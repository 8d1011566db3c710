import { verify as verifySignature, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Store } from '../../store/db.js';
import type { Row } from '../../store/schema.js';
import { entryHash, GENESIS_HASH, isHash, type JsonObject } from './entry.js';
import { checkpointPayload, keyIdOf } from './log.js';
import { MerkleFrontier, MerkleTree } from './merkle.js';

/**
 * Offline checks of the audit log straight from the store: the chain (seq order, prev_hash links,
 * hashes recomputed from content) and every checkpoint (Merkle root at its size, Ed25519
 * signature). One pass in seq order with O(log n) memory (plus the times of one gap's entries
 * with a checkpoint policy); the first problem ends it.
 *
 * What each tampering looks like:
 * - a modified entry: its hash no longer matches its content;
 * - a deleted entry: a seq gap, or (the last rows) a checkpoint larger than the log;
 * - an inserted or reordered entry: its prev_hash does not link to the entry before it (seq is
 *   hashed too, so renumbered rows fail both);
 * - a rewritten chain (all hashes recomputed): a checkpoint root mismatch;
 * - a forged checkpoint: a bad signature or an unknown key.
 *
 * Checkpoints live in the same database as the entries, so someone who can write it (without the
 * audit key) can delete the newest checkpoints and rewrite every entry above the last one left:
 * the chain alone cannot tell. With `policy` (the server's checkpoint rule: a checkpoint after
 * `every` entries and at least every `intervalMs`, a final one on a clean stop), verify also fails
 * when
 * - more entries sit after the last checkpoint than a killed server leaves: more than every +
 *   tailMargin (one group commit, 500), or spanning more than intervalMs + marginMs
 *   ('unsigned-tail'). A server stopped cleanly leaves none (AuditLog.close);
 * - a checkpoint signs entries more than intervalMs + marginMs after they were written, beyond
 *   one crash's tail (few, written within one interval): the checkpoints that signed them in time
 *   were deleted ('checkpoint-gap'). Time, not count, judges the gaps: the timer signs every
 *   entry within the interval, while the count trigger lags under heavy load (a log of the
 *   benchmark has 11,702 entries between two checkpoints made 5.7 s apart), and a gap stays in
 *   the log for ever. `gapEntries` adds a count limit on gaps for servers that keep it.
 * That bounds a rewrite to about one interval's or every + tailMargin newest entries. `expect`
 * (a tree size and root kept outside the data directory, e.g. from an earlier export) proves
 * that nothing at or below that size was rewritten even if every checkpoint was deleted
 * ('expected-root'). Without `policy` the old rule holds: entries after the last checkpoint can
 * be cut off or rewritten without trace.
 */

/** The server's checkpoint rule (AuditLog: checkpointEvery, checkpointIntervalMs). */
export interface CheckpointPolicy {
  every: number;
  intervalMs: number;
  /** Entries a killed server may leave beyond `every` (default 500: one group commit). */
  tailMargin?: number;
  /** Slack on the interval for a busy event loop (default intervalMs). */
  marginMs?: number;
  /** Most entries between two checkpoints; unset: gaps are judged by time only. */
  gapEntries?: number;
}

/** The server's defaults (audit/log.ts). */
export const DEFAULT_CHECKPOINT_POLICY: CheckpointPolicy = { every: 1000, intervalMs: 60_000 };

export interface VerifyOptions {
  policy?: CheckpointPolicy;
  /** The log's Merkle root at this size, known from elsewhere (an exported checkpoint). */
  expect?: { size: number; rootHash: string };
}

export type ProblemKind =
  | 'missing-entry'
  | 'broken-link'
  | 'hash-mismatch'
  | 'malformed-entry'
  | 'checkpoint-root'
  | 'checkpoint-signature'
  | 'checkpoint-key'
  | 'checkpoint-beyond-log'
  | 'malformed-checkpoint'
  | 'checkpoint-gap'
  | 'unsigned-tail'
  | 'expected-root';

export interface VerifyProblem {
  kind: ProblemKind;
  /** The first entry that is wrong (for checkpoint problems: the first entry not proven good). */
  seq: number;
  checkpointId?: string;
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Entries checked good before the first problem (all of them when ok). */
  entries: number;
  checkpoints: number;
  /** Merkle root over the entries checked good. */
  rootHash: string;
  /** Entries after the last checkpoint (not yet signed over). */
  unsigned: number;
  /** With a policy: the most entries a crashed server may leave unsigned (every + margin). */
  unsignedAllowed?: number;
  /** With `expect`: the expected root was found at that size. */
  expectedRootMatched?: boolean;
  problem?: VerifyProblem;
}

const PAGE = 2000;

type EntryRow = Row<'audit_entries'>;
type CheckpointRow = Row<'audit_checkpoints'>;

/** Recomputes the chain and every checkpoint; `publicKeys` are the audit keys to trust. */
export async function verifyAudit(store: Store, publicKeys: KeyObject | readonly KeyObject[], opts: VerifyOptions = {}): Promise<VerifyResult> {
  const keys = new Map<string, KeyObject>();
  for (const k of Array.isArray(publicKeys) ? publicKeys : [publicKeys as KeyObject]) keys.set(keyIdOf(k), k);

  const cps = (await store.db.selectFrom('audit_checkpoints').selectAll().execute())
    .map((c) => ({ ...c, tree_size: Number(c.tree_size) }))
    .sort((a, b) => a.tree_size - b.tree_size);
  const frontier = new MerkleFrontier();
  let next = 0; // index of the next checkpoint to reach
  let prev = GENESIS_HASH;
  const policy = opts.policy;
  const maxTail = policy ? policy.every + (policy.tailMargin ?? 500) : Infinity;
  const maxGap = policy?.gapEntries ?? Infinity;
  const maxLateMs = policy ? policy.intervalMs + (policy.marginMs ?? policy.intervalMs) : Infinity;
  const expect = opts.expect;
  let expectedRootMatched: boolean | undefined;
  const result = (problem?: VerifyProblem): VerifyResult => {
    const lastCovered = next > 0 ? cps[next - 1]!.tree_size : 0;
    return {
      ok: !problem,
      entries: frontier.size,
      checkpoints: next,
      rootHash: frontier.root(),
      unsigned: frontier.size - lastCovered,
      ...(policy ? { unsignedAllowed: maxTail } : {}),
      ...(expectedRootMatched !== undefined ? { expectedRootMatched } : {}),
      ...(problem ? { problem } : {}),
    };
  };
  // The entries since the last checkpoint: their times, to see how late the next one signs them.
  let gapTimes: number[] = [];

  // Checkpoints of size 0 cover nothing; check them before any entry.
  const checkpointsAt = (size: number): VerifyProblem | undefined => {
    while (next < cps.length && cps[next]!.tree_size <= size) {
      const c = cps[next]!;
      const provenSize = next > 0 ? cps[next - 1]!.tree_size : 0;
      const bad = checkCheckpoint(c, provenSize, frontier, keys) ?? (policy ? checkGap(c, provenSize, gapTimes, maxGap, maxLateMs) : undefined);
      if (bad) return bad;
      gapTimes = [];
      next++;
    }
    return undefined;
  };
  let bad = checkpointsAt(0);
  if (bad) return result(bad);

  for (;;) {
    const rows = await store.db.selectFrom('audit_entries').selectAll().where('seq', '>', frontier.size).orderBy('seq', 'asc').limit(PAGE).execute();
    for (const r of rows) {
      const expected = frontier.size + 1;
      const problem = checkEntry(r, expected, prev);
      if (problem) return result(problem);
      frontier.push(r.hash);
      prev = r.hash;
      if (policy) gapTimes.push(Date.parse(r.ts));
      if (expect && frontier.size === expect.size) {
        expectedRootMatched = frontier.root() === expect.rootHash;
        if (!expectedRootMatched) {
          return result({
            kind: 'expected-root',
            seq: 1,
            message: `entries 1..${expect.size} do not have the expected root ${expect.rootHash}: the log was rewritten at or below entry ${expect.size}`,
          });
        }
      }
      bad = checkpointsAt(frontier.size);
      if (bad) return result(bad);
    }
    if (rows.length < PAGE) break;
  }
  if (next < cps.length) {
    const c = cps[next]!;
    return result({
      kind: 'checkpoint-beyond-log',
      seq: frontier.size + 1,
      checkpointId: c.id,
      message: `checkpoint ${c.id} covers ${c.tree_size} entries but the log ends at ${frontier.size}: entries ${frontier.size + 1}..${c.tree_size} were deleted`,
    });
  }
  if (expect && frontier.size < expect.size) {
    expectedRootMatched = false;
    return result({ kind: 'expected-root', seq: frontier.size + 1, message: `the log has ${frontier.size} entries, fewer than the ${expect.size} expected: entries were deleted` });
  }
  if (policy) {
    const lastCovered = next > 0 ? cps[next - 1]!.tree_size : 0;
    const tail = tailProblem(frontier.size - lastCovered, lastCovered, gapTimes, maxTail, maxLateMs);
    if (tail) return result(tail);
  }
  return result();
}

/** The entries of one gap that the checkpoint closing it signed late (a crash left them). */
function checkGap(c: CheckpointRow & { tree_size: number }, provenSize: number, times: readonly number[], maxGap: number, maxLateMs: number): VerifyProblem | undefined {
  const n = c.tree_size - provenSize;
  if (n > maxGap) {
    return {
      kind: 'checkpoint-gap',
      seq: provenSize + 1,
      checkpointId: c.id,
      message: `checkpoint ${c.id} (size ${c.tree_size}) is ${n} entries after the one before it, more than the ${maxGap} the checkpoint rule allows: checkpoints between them were deleted (the entries there may be rewritten)`,
    };
  }
  // A live server signs an entry within the interval; entries signed later must be one crash's
  // tail: few, and written within one interval of each other.
  const signedAt = Date.parse(c.ts);
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of times) {
    if (signedAt - t <= maxLateMs) continue; // signed in time (NaN: unreadable, counted as late)
    if (!Number.isFinite(t)) return lateProblem(c, provenSize, 'entries with unreadable times', maxLateMs);
    lo = Math.min(lo, t);
    hi = Math.max(hi, t);
  }
  if (hi - lo > maxLateMs) return lateProblem(c, provenSize, `entries written ${Math.round((hi - lo) / 1000)} s apart`, maxLateMs);
  return undefined;
}

function lateProblem(c: CheckpointRow, provenSize: number, what: string, maxLateMs: number): VerifyProblem {
  return {
    kind: 'checkpoint-gap',
    seq: provenSize + 1,
    checkpointId: c.id,
    message: `checkpoint ${c.id} signs ${what}, each more than ${maxLateMs / 1000} s before it: more than one stopped server leaves unsigned, so the checkpoints that signed them in time were deleted (the entries there may be rewritten)`,
  };
}

/** The entries after the last checkpoint: at most what a killed server leaves unsigned. */
function tailProblem(n: number, lastCovered: number, times: readonly number[], maxTail: number, maxLateMs: number): VerifyProblem | undefined {
  if (n === 0) return undefined;
  if (n > maxTail) {
    return {
      kind: 'unsigned-tail',
      seq: lastCovered + 1,
      message: `${n} entries after the last checkpoint (size ${lastCovered}), more than the ${maxTail} a killed server leaves unsigned: newer checkpoints were deleted and entries ${lastCovered + 1}..${lastCovered + n} may be rewritten (if the server was killed under heavy load, start it again: its first checkpoint covers them, and verify then judges them by time)`,
    };
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of times) {
    lo = Math.min(lo, t);
    hi = Math.max(hi, t);
  }
  const span = hi - lo; // NaN when a time is unreadable
  if (!Number.isFinite(span) || span > maxLateMs) {
    return {
      kind: 'unsigned-tail',
      seq: lastCovered + 1,
      message: `the ${n} entries after the last checkpoint (size ${lastCovered}) span ${Number.isFinite(span) ? Math.round(span / 1000) + ' s' : 'unreadable times'}, longer than a server runs without a checkpoint (${maxLateMs / 1000} s): newer checkpoints were deleted and those entries may be rewritten`,
    };
  }
  return undefined;
}

function checkEntry(r: EntryRow, expected: number, prev: string): VerifyProblem | undefined {
  const seq = Number(r.seq);
  if (seq !== expected) {
    return { kind: 'missing-entry', seq: expected, message: `entry ${expected} is missing (the next entry is ${seq}): deleted` };
  }
  if (!isHash(r.hash) || !isHash(r.prev_hash)) {
    return { kind: 'malformed-entry', seq, message: `entry ${seq} has a malformed hash or prev_hash` };
  }
  let detail: unknown;
  try {
    detail = JSON.parse(r.detail);
  } catch {
    return { kind: 'malformed-entry', seq, message: `entry ${seq} has a detail that is not JSON: modified` };
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return { kind: 'malformed-entry', seq, message: `entry ${seq} has a detail that is not a JSON object: modified` };
  }
  if (r.prev_hash !== prev) {
    return {
      kind: 'broken-link',
      seq,
      message: `entry ${seq} does not link to entry ${seq - 1} (prev_hash differs): an entry was inserted, deleted or reordered here`,
    };
  }
  let hash: string;
  try {
    hash = entryHash(prev, { seq, ts: r.ts, actor: r.actor, action: r.action, resource: r.resource, outcome: r.outcome, detail: detail as JsonObject });
  } catch (e) {
    return { kind: 'malformed-entry', seq, message: `entry ${seq} cannot be hashed: ${(e as Error).message}` };
  }
  if (hash !== r.hash) {
    return { kind: 'hash-mismatch', seq, message: `entry ${seq} does not match its hash: its content was modified` };
  }
  return undefined;
}

/** `provenSize`: entries already proven by the checkpoint before this one. */
function checkCheckpoint(c: CheckpointRow & { tree_size: number }, provenSize: number, frontier: MerkleFrontier, keys: Map<string, KeyObject>): VerifyProblem | undefined {
  const firstUnproven = provenSize + 1;
  if (!Number.isSafeInteger(c.tree_size) || c.tree_size < 0 || !isHash(c.root_hash) || typeof c.signature !== 'string') {
    return { kind: 'malformed-checkpoint', seq: firstUnproven, checkpointId: c.id, message: `checkpoint ${c.id} is malformed` };
  }
  const key = keys.get(c.key_id);
  if (!key) {
    return { kind: 'checkpoint-key', seq: firstUnproven, checkpointId: c.id, message: `checkpoint ${c.id} is signed by key ${c.key_id}, which is not a trusted audit key` };
  }
  const sig = Buffer.from(c.signature, 'base64');
  if (sig.length !== 64 || !verifySignature(null, checkpointPayload(c.tree_size, c.root_hash, c.ts), key, sig)) {
    return { kind: 'checkpoint-signature', seq: firstUnproven, checkpointId: c.id, message: `checkpoint ${c.id} (size ${c.tree_size}) has a bad signature: forged or altered` };
  }
  if (frontier.root() !== c.root_hash) {
    return {
      kind: 'checkpoint-root',
      seq: firstUnproven,
      checkpointId: c.id,
      message: `entries 1..${c.tree_size} do not match signed checkpoint ${c.id}: the log was rewritten between entries ${firstUnproven} and ${c.tree_size}`,
    };
  }
  return undefined;
}

export interface ExportOptions {
  /** Add an RFC 6962 inclusion proof to every entry, and consistency proofs between checkpoints. */
  withProofs?: boolean;
}

async function writeLine(out: Writable, obj: unknown): Promise<void> {
  if (!out.write(JSON.stringify(obj) + '\n')) await once(out, 'drain');
}

async function* entryRows(store: Store): AsyncGenerator<EntryRow> {
  let after = 0;
  for (;;) {
    const rows = await store.db.selectFrom('audit_entries').selectAll().where('seq', '>', after).orderBy('seq', 'asc').limit(PAGE).execute();
    for (const r of rows) yield r;
    if (rows.length < PAGE) return;
    after = Number(rows[rows.length - 1]!.seq);
  }
}

/**
 * Writes the log as JSON lines: every entry (`type: "entry"`) in seq order, then every checkpoint
 * (`type: "checkpoint"`). With proofs, each entry carries `proof {tree_size, leaf_index, hashes}`
 * against the latest checkpoint that covers it (else against the whole log, whose root the final
 * `type: "tree"` line gives), and each checkpoint a consistency proof from the one before.
 * Exports as stored: run verifyAudit to judge it.
 */
export async function exportAudit(store: Store, out: Writable, opts: ExportOptions = {}): Promise<{ entries: number; checkpoints: number }> {
  const cps = (await store.db.selectFrom('audit_checkpoints').selectAll().execute())
    .map((c) => ({ ...c, tree_size: Number(c.tree_size) }))
    .sort((a, b) => a.tree_size - b.tree_size);
  let tree: MerkleTree | undefined;
  if (opts.withProofs) {
    const hashes: string[] = [];
    for await (const r of entryRows(store)) {
      if (!isHash(r.hash)) throw new Error(`entry ${String(r.seq)} has a malformed hash; run \`rampart audit verify\``);
      hashes.push(r.hash);
    }
    tree = new MerkleTree(hashes);
  }
  const signedSize = cps.length ? Math.min(cps[cps.length - 1]!.tree_size, tree?.size ?? Infinity) : 0;
  let entries = 0;
  for await (const r of entryRows(store)) {
    let detail: unknown;
    try {
      detail = JSON.parse(r.detail);
    } catch {
      detail = r.detail; // exported as stored; verify says what is wrong with it
    }
    const line: Record<string, unknown> = {
      type: 'entry',
      seq: Number(r.seq),
      ts: r.ts,
      actor: r.actor,
      action: r.action,
      resource: r.resource,
      outcome: r.outcome,
      detail,
      prev_hash: r.prev_hash,
      hash: r.hash,
    };
    if (tree && entries < tree.size) {
      const size = entries < signedSize ? signedSize : tree.size;
      line.proof = { tree_size: size, leaf_index: entries, hashes: tree.inclusionProof(entries, size) };
    }
    await writeLine(out, line);
    entries++;
  }
  let prevSize = 0;
  for (const c of cps) {
    const line: Record<string, unknown> = { type: 'checkpoint', id: c.id, tree_size: c.tree_size, root_hash: c.root_hash, signature: c.signature, key_id: c.key_id, ts: c.ts };
    if (tree && c.tree_size <= tree.size) {
      line.consistency = { from_tree_size: prevSize, hashes: tree.consistencyProof(prevSize, c.tree_size) };
      prevSize = c.tree_size;
    }
    await writeLine(out, line);
  }
  if (tree) await writeLine(out, { type: 'tree', tree_size: tree.size, root_hash: tree.root() });
  return { entries, checkpoints: cps.length };
}

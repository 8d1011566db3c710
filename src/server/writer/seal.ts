import { hash } from 'node:crypto';
import { entryText } from '../audit/entry.js';

/**
 * The chain hash of an entry the writer thread appends, computed without the allocations of
 * audit/entry.ts sealEntry (three object spreads, two Buffers and a Hash object per entry: about
 * 8 µs of the writer thread's CPU per entry, against about 2 µs here). The result is exactly
 * entryHash(prevHash, entry): the bytes hashed are prev_hash's 32 raw bytes followed by the
 * entry's canonical text, from the same entryText as canonicalEntry (test/server/writer/seal.test.ts
 * checks the two hashes against each other). The caller guarantees what entry.ts would check:
 * `prevHash` is 64 lowercase hex digits (the chain tail this thread holds), `seq` a safe integer.
 */

/** Reused between calls (one thread, no re-entrance): grown when an entry needs more. */
let scratch = Buffer.allocUnsafe(16 * 1024);

export interface SealFields {
  ts: string;
  actor: string;
  action: string;
  resource: string;
  outcome: string;
  /** The detail's canonical text (audit/entry.ts normaliseInput made it on the main thread). */
  detailJson: string;
}

/** SHA-256(prev_hash bytes || canonical(entry)) in hex, as entry.ts entryHash. */
export function chainHash(seq: number, prevHash: string, f: SealFields): string {
  const text = entryText(seq, f.detailJson, f);
  // UTF-8 takes at most 3 bytes per UTF-16 unit.
  const need = 32 + text.length * 3;
  if (need > scratch.length) scratch = Buffer.allocUnsafe(Math.max(need, scratch.length * 2));
  if (prevHash.length !== 64 || scratch.write(prevHash, 0, 32, 'hex') !== 32) throw new Error('prev_hash is not 64 hex digits');
  const n = scratch.write(text, 32, 'utf8');
  // Hex text at once (the stored hash, the next entry's prev_hash, the Merkle leaf): a digest
  // returned as a Buffer would cost a new ArrayBuffer, more than this whole hash.
  return hash('sha256', scratch.subarray(0, 32 + n), 'hex');
}

import type { RpmRecord } from './header.js';

/**
 * rpm's NDB backend (`Packages.db`, openSUSE/SLES 15+), laid out as rpm's
 * lib/backend/ndb/rpmpkg.c writes it; every integer little-endian:
 *
 *   page 0, bytes 0..31   header: magic "RpmP", version 0, generation, slot page count, next index
 *   slot pages            4096-byte pages of 16-byte slots: magic "Slot", pkgidx, blkoff, blkcnt
 *                         (the first two slots of page 0 are the header; blkoff 0 = free slot)
 *   blobs                 at blkoff * 16, blkcnt 16-byte blocks: head (magic "BlbS", pkgidx,
 *                         timestamp, length), the header blob, zero padding, tail (adler32 of
 *                         everything before it, length, magic "BlbE")
 */

const PAGE = 4096;
const SLOT = 16;
const BLK = 16;
const HEAD = 16;
const TAIL = 12;
const MAGIC_DB = le('RpmP');
const MAGIC_SLOT = le('Slot');
const MAGIC_HEAD = le('BlbS');
const MAGIC_TAIL = le('BlbE');

export function* ndbRecords(buf: Buffer): Generator<RpmRecord> {
  if (buf.length < 32 || buf.readUInt32LE(0) !== MAGIC_DB) {
    yield { error: 'not an rpm NDB database (bad magic)' };
    return;
  }
  const version = buf.readUInt32LE(4);
  if (version !== 0) {
    yield { error: `unsupported NDB version ${version}` };
    return;
  }
  const slotPages = buf.readUInt32LE(12);
  // The slot pages must be in the file; a larger count is a truncated or hostile file.
  if (slotPages === 0 || slotPages > Math.floor(buf.length / PAGE)) {
    yield { error: `NDB header claims ${slotPages} slot pages but the file holds ${Math.floor(buf.length / PAGE)} pages (truncated?)` };
    return;
  }
  const firstBlob = (slotPages * PAGE) / BLK;
  const fileBlks = Math.floor(buf.length / BLK);
  // Real blobs never overlap, so together they are smaller than the file. Hostile slots that
  // all point at one large blob would make the checksum work quadratic: the budget stops them.
  let budget = fileBlks;
  for (let at = 2 * SLOT; at < slotPages * PAGE; at += SLOT) {
    if (buf.readUInt32LE(at) !== MAGIC_SLOT) {
      yield { error: `NDB slot at byte ${at} has a bad magic; the rest of the slot table is skipped` };
      return;
    }
    const pkgidx = buf.readUInt32LE(at + 4);
    const blkoff = buf.readUInt32LE(at + 8);
    const blkcnt = buf.readUInt32LE(at + 12);
    if (blkoff === 0) continue;
    if (pkgidx === 0 || blkoff < firstBlob || blkcnt < Math.ceil((HEAD + TAIL) / BLK) || blkoff + blkcnt > fileBlks) {
      yield { key: pkgidx, error: `NDB slot for package ${pkgidx} points outside the file (block ${blkoff}, ${blkcnt} blocks)` };
      continue;
    }
    budget -= blkcnt;
    if (budget < 0) {
      yield { error: 'NDB slots cover more blocks than the file has (overlapping blobs); the rest is skipped' };
      return;
    }
    yield readBlob(buf, pkgidx, blkoff * BLK, blkcnt * BLK);
  }
}

function readBlob(buf: Buffer, pkgidx: number, start: number, size: number): RpmRecord {
  if (buf.readUInt32LE(start) !== MAGIC_HEAD || buf.readUInt32LE(start + 4) !== pkgidx) {
    return { key: pkgidx, error: `NDB blob of package ${pkgidx} has a bad head` };
  }
  const len = buf.readUInt32LE(start + 12);
  if (Math.ceil((HEAD + len + TAIL) / BLK) * BLK !== size) {
    return { key: pkgidx, error: `NDB blob of package ${pkgidx} claims ${len} bytes, which does not fit its ${size}-byte slot` };
  }
  const tail = start + size - TAIL;
  if (buf.readUInt32LE(tail + 4) !== len || buf.readUInt32LE(tail + 8) !== MAGIC_TAIL) {
    return { key: pkgidx, error: `NDB blob of package ${pkgidx} has a bad tail` };
  }
  if (adler32(buf, start, tail) !== buf.readUInt32LE(tail)) {
    return { key: pkgidx, error: `NDB blob of package ${pkgidx} fails its adler32 check (corrupt)` };
  }
  return { key: pkgidx, blob: buf.subarray(start + HEAD, start + HEAD + len) };
}

/** RFC 1950 adler32 over buf[start, end). */
export function adler32(buf: Buffer, start: number, end: number): number {
  let a = 1;
  let b = 0;
  let i = start;
  while (i < end) {
    // 5552 bytes is the most that can be summed before the 32-bit sums need a modulo.
    const stop = Math.min(end, i + 5552);
    for (; i < stop; i++) {
      a += buf[i] ?? 0;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function le(s: string): number {
  return Buffer.from(s, 'latin1').readUInt32LE(0);
}

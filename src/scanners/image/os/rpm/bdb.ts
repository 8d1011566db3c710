import type { RpmRecord } from './header.js';

/**
 * rpm's Berkeley DB backend (`var/lib/rpm/Packages`, CentOS 7, RHEL 7-8, Amazon Linux 2): a
 * Berkeley DB *hash* database whose keys are header instance numbers and whose values are
 * header blobs. Read page by page from the buffer, after Berkeley DB's on-disk format
 * (db_page.h); integers are in the byte order of the machine that wrote the file, told apart by
 * the magic number.
 *
 *   page 0 (hash meta): magic 0x061561 at 12, version at 16, page size at 20, encryption at 24,
 *                       meta flags at 26, last page number at 32
 *   every page:         26-byte header (page number at 8, next page at 16, entry count at 20,
 *                       hf_offset at 22, type at 25), then for hash pages 2-byte item offsets
 *   hash pages (type 2 or 13): items alternate key, value; an item's first byte is its kind:
 *                       1 = inline bytes, 3 = off-page (page number at 4, total length at 8)
 *   overflow pages (type 7): hf_offset bytes of data after the header, chained by next page
 */

const HASH_MAGIC = 0x061561;
const PAGE_HEADER = 26;
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASH = 13;
const H_KEYDATA = 1;
const H_OFFPAGE = 3;

export function* bdbRecords(buf: Buffer): Generator<RpmRecord> {
  if (buf.length < 512) {
    yield { error: `file of ${buf.length} bytes is too small for a Berkeley DB` };
    return;
  }
  const little = buf.readUInt32LE(12) === HASH_MAGIC;
  if (!little && buf.readUInt32BE(12) !== HASH_MAGIC) {
    yield { error: 'not a Berkeley DB hash database (bad magic)' };
    return;
  }
  const u32 = (at: number): number => (little ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  const u16 = (at: number): number => (little ? buf.readUInt16LE(at) : buf.readUInt16BE(at));

  const pageSize = u32(20);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
    yield { error: `Berkeley DB page size ${pageSize} is not a power of two in 512..65536` };
    return;
  }
  if ((buf[24] ?? 0) !== 0 || ((buf[26] ?? 0) & 1) !== 0) {
    // Encrypted or checksummed pages carry a longer header; rpm never wrote them.
    yield { error: 'encrypted or checksummed Berkeley DB files are not supported' };
    return;
  }
  const pages = Math.min(u32(32) + 1, Math.floor(buf.length / pageSize));

  // Every overflow page belongs to one item, so a real file walks each at most once. A hostile
  // file pointing many items at one long chain would make the walk quadratic: the budget stops it.
  let overflowBudget = pages;
  const overflow = (first: number, total: number): Buffer | string => {
    if (total > buf.length) return `off-page item claims ${total} bytes, more than the file`;
    // Pieces are views into the file; one copy at the end, once the chain proved complete.
    const pieces: Buffer[] = [];
    let got = 0;
    let pgno = first;
    while (got < total) {
      if (overflowBudget-- <= 0) return 'overflow chains visit more pages than the file has (pages shared between items)';
      if (pgno === 0 || pgno >= pages) return `overflow chain from page ${first} is broken at page ${pgno}`;
      const at = pgno * pageSize;
      if (buf[at + 25] !== P_OVERFLOW) return `page ${pgno} in an overflow chain is not an overflow page`;
      const len = u16(at + 22);
      if (len > pageSize - PAGE_HEADER || len > total - got) return `overflow page ${pgno} claims ${len} bytes`;
      if (len === 0) return `overflow page ${pgno} is empty`;
      pieces.push(buf.subarray(at + PAGE_HEADER, at + PAGE_HEADER + len));
      got += len;
      pgno = u32(at + 16);
    }
    return Buffer.concat(pieces, total);
  };

  // One item: its kind byte and extent. Items grow down from the page end, so item i ends
  // where item i-1 starts (item 0 ends at the page end).
  const item = (page: number, i: number): { kind: number; start: number; end: number } | undefined => {
    const base = page * pageSize;
    const off = u16(base + PAGE_HEADER + 2 * i);
    const end = i === 0 ? pageSize : u16(base + PAGE_HEADER + 2 * (i - 1));
    if (off < PAGE_HEADER || off >= end || end > pageSize) return undefined;
    return { kind: buf[base + off] ?? 0, start: base + off, end: base + end };
  };

  for (let page = 1; page < pages; page++) {
    const base = page * pageSize;
    const type = buf[base + 25];
    if (type !== P_HASH && type !== P_HASH_UNSORTED) continue;
    const entries = u16(base + 20);
    if (PAGE_HEADER + 2 * entries > pageSize) {
      yield { error: `hash page ${page} claims ${entries} entries, more than fit a page` };
      continue;
    }
    for (let i = 0; i + 1 < entries; i += 2) {
      const k = item(page, i);
      const v = item(page, i + 1);
      if (!k || !v) {
        yield { error: `hash page ${page}: item ${i} has a bad offset` };
        break;
      }
      const key = k.kind === H_KEYDATA && k.end - k.start === 5 ? u32(k.start + 1) : undefined;
      // rpm <= 4.15 kept instance 0 for its own bookkeeping (the highest instance number).
      if (key === 0) continue;
      if (v.kind === H_KEYDATA) {
        yield withKey(key, buf.subarray(v.start + 1, v.end));
      } else if (v.kind === H_OFFPAGE) {
        if (v.end - v.start < 12) {
          yield { error: `hash page ${page}: off-page item ${i + 1} is truncated` };
          continue;
        }
        const data = overflow(u32(v.start + 4), u32(v.start + 8));
        yield typeof data === 'string' ? withError(key, data) : withKey(key, data);
      } else {
        yield withError(key, `hash page ${page}: item kind ${v.kind} (duplicates or external blobs) is not an rpm header`);
      }
    }
  }
}

function withKey(key: number | undefined, blob: Buffer): RpmRecord {
  return { key: key ?? -1, blob };
}

function withError(key: number | undefined, error: string): RpmRecord {
  return key === undefined ? { error } : { key, error };
}

/**
 * The RPM header blob, as every rpmdb backend stores it (sqlite `Packages.blob`, NDB blobs,
 * Berkeley DB values). Hand-written: no JavaScript library reads this format. Layout (rpm's
 * doc/manual/format.md, "Header" section, without the 8-byte magic a package file adds):
 *
 *   il: uint32 BE   number of index entries
 *   dl: uint32 BE   size of the data store
 *   il x { tag, type, offset, count: uint32 BE }   index entries
 *   dl bytes        data store (offsets are relative to its start)
 *
 * Everything read is bounds-checked: a hostile or truncated blob yields an error string, never
 * an exception or a read past the end.
 */

export const TAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  VENDOR: 1011,
  LICENSE: 1014,
  ARCH: 1022,
  OLDFILENAMES: 1027,
  SOURCERPM: 1044,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
} as const;

const TYPE_INT32 = 4;
const TYPE_STRING = 6;
const TYPE_STRING_ARRAY = 8;
const TYPE_I18NSTRING = 9;

/** rpm's own limits (lib/header.c HEADER_TAGS_MAX, HEADER_DATA_MAX). */
const MAX_INDEX_ENTRIES = 0xffff;
const MAX_DATA_BYTES = 0x0fffffff;

export interface RpmHeader {
  name: string;
  version: string;
  release: string;
  epoch?: number;
  arch?: string;
  sourceRpm?: string;
  license?: string;
  vendor?: string;
  /** Root-relative paths of the files the package installed. */
  files: string[];
}

export type HeaderResult = { ok: true; header: RpmHeader } | { ok: false; error: string };

interface Entry {
  type: number;
  offset: number;
  count: number;
}

export function parseRpmHeader(blob: Buffer): HeaderResult {
  if (blob.length < 8) return fail(`header blob of ${blob.length} bytes is shorter than its 8-byte preamble`);
  const il = blob.readUInt32BE(0);
  const dl = blob.readUInt32BE(4);
  if (il === 0 || il > MAX_INDEX_ENTRIES) return fail(`header claims ${il} index entries (allowed 1..${MAX_INDEX_ENTRIES})`);
  if (dl > MAX_DATA_BYTES) return fail(`header claims a ${dl}-byte data store (over rpm's limit)`);
  const dataStart = 8 + il * 16;
  const dataEnd = dataStart + dl;
  if (dataEnd > blob.length) return fail(`header claims ${il} entries and ${dl} data bytes but the blob has ${blob.length} bytes (truncated)`);

  const wanted = new Set<number>(Object.values(TAG));
  const entries = new Map<number, Entry>();
  for (let i = 0; i < il; i++) {
    const at = 8 + i * 16;
    const tag = blob.readUInt32BE(at);
    if (!wanted.has(tag) || entries.has(tag)) continue;
    const type = blob.readUInt32BE(at + 4);
    const offset = blob.readInt32BE(at + 8);
    const count = blob.readUInt32BE(at + 12);
    if (offset < 0 || offset >= dl) return fail(`tag ${tag}: offset ${offset} outside the ${dl}-byte data store`);
    entries.set(tag, { type, offset, count });
  }

  const reader = new DataReader(blob, dataStart, dataEnd);
  try {
    const name = reader.string(entries.get(TAG.NAME), 'NAME');
    const version = reader.string(entries.get(TAG.VERSION), 'VERSION');
    const release = reader.string(entries.get(TAG.RELEASE), 'RELEASE');
    if (name === undefined || version === undefined || release === undefined) {
      return fail(`header lacks ${name === undefined ? 'NAME' : version === undefined ? 'VERSION' : 'RELEASE'}`);
    }
    const header: RpmHeader = { name, version, release, files: [] };
    const epoch = reader.int32s(entries.get(TAG.EPOCH), 'EPOCH');
    if (epoch?.[0] !== undefined) header.epoch = epoch[0];
    const arch = reader.string(entries.get(TAG.ARCH), 'ARCH');
    if (arch) header.arch = arch;
    const sourceRpm = reader.string(entries.get(TAG.SOURCERPM), 'SOURCERPM');
    if (sourceRpm) header.sourceRpm = sourceRpm;
    const license = reader.string(entries.get(TAG.LICENSE), 'LICENSE');
    if (license) header.license = license;
    const vendor = reader.string(entries.get(TAG.VENDOR), 'VENDOR');
    if (vendor) header.vendor = vendor;
    header.files = fileList(reader, entries);
    return { ok: true, header };
  } catch (e) {
    if (e instanceof HeaderFormatError) return fail(e.message);
    throw e;
  }
}

function fileList(reader: DataReader, entries: Map<number, Entry>): string[] {
  const base = reader.strings(entries.get(TAG.BASENAMES), 'BASENAMES');
  const out: string[] = [];
  if (base) {
    const dirs = reader.strings(entries.get(TAG.DIRNAMES), 'DIRNAMES') ?? [];
    const idx = reader.int32s(entries.get(TAG.DIRINDEXES), 'DIRINDEXES') ?? [];
    if (idx.length !== base.length) throw new HeaderFormatError(`BASENAMES has ${base.length} entries but DIRINDEXES ${idx.length}`);
    for (let i = 0; i < base.length; i++) {
      const dir = dirs[idx[i] ?? -1];
      if (dir === undefined) throw new HeaderFormatError(`DIRINDEXES[${i}] = ${idx[i]} is past the ${dirs.length} DIRNAMES`);
      push(out, dir + (base[i] ?? ''));
    }
    return out;
  }
  // Headers written before rpm 4 (and some tools since) list whole paths.
  for (const p of reader.strings(entries.get(TAG.OLDFILENAMES), 'OLDFILENAMES') ?? []) push(out, p);
  return out;
}

function push(out: string[], abs: string): void {
  const p = abs.replace(/^\/+/, '');
  if (p !== '' && !p.split('/').includes('..')) out.push(p);
}

class HeaderFormatError extends Error {}

/** Typed reads inside the data store; every read checks the store's end. */
class DataReader {
  constructor(
    private readonly buf: Buffer,
    private readonly start: number,
    private readonly end: number,
  ) {}

  string(e: Entry | undefined, tag: string): string | undefined {
    if (!e) return undefined;
    if (e.type === TYPE_STRING || e.type === TYPE_I18NSTRING || e.type === TYPE_STRING_ARRAY) {
      return this.cstring(this.start + e.offset, tag).value;
    }
    throw new HeaderFormatError(`tag ${tag} has type ${e.type}, expected a string`);
  }

  strings(e: Entry | undefined, tag: string): string[] | undefined {
    if (!e) return undefined;
    if (e.type !== TYPE_STRING_ARRAY && e.type !== TYPE_I18NSTRING && e.type !== TYPE_STRING) {
      throw new HeaderFormatError(`tag ${tag} has type ${e.type}, expected a string array`);
    }
    // Each string takes at least its NUL: a count past that is a lie, refused before looping.
    if (e.count > this.end - this.start - e.offset) throw new HeaderFormatError(`tag ${tag} claims ${e.count} strings, more than its data can hold`);
    const out: string[] = [];
    let at = this.start + e.offset;
    for (let i = 0; i < e.count; i++) {
      const s = this.cstring(at, tag);
      out.push(s.value);
      at = s.next;
    }
    return out;
  }

  int32s(e: Entry | undefined, tag: string): number[] | undefined {
    if (!e) return undefined;
    if (e.type !== TYPE_INT32) throw new HeaderFormatError(`tag ${tag} has type ${e.type}, expected INT32`);
    const at = this.start + e.offset;
    if (e.count > (this.end - at) / 4) throw new HeaderFormatError(`tag ${tag} claims ${e.count} integers, past the end of the data`);
    const out: number[] = [];
    for (let i = 0; i < e.count; i++) out.push(this.buf.readInt32BE(at + i * 4));
    return out;
  }

  private cstring(at: number, tag: string): { value: string; next: number } {
    if (at >= this.end) throw new HeaderFormatError(`tag ${tag}: string starts past the end of the data`);
    const nul = this.buf.indexOf(0, at);
    if (nul < 0 || nul >= this.end) throw new HeaderFormatError(`tag ${tag}: string runs past the end of the data`);
    return { value: this.buf.toString('utf8', at, nul), next: nul + 1 };
  }
}

function fail(error: string): HeaderResult {
  return { ok: false, error };
}

/** `openssl-3.0.7-25.el9_3.src.rpm` -> name `openssl`, version `3.0.7`, release `25.el9_3`. */
export function splitSourceRpm(file: string): { name: string; version: string; release: string } | undefined {
  // lastIndexOf, not a regex: the string comes from the image and may be long.
  const suffix = file.endsWith('.src.rpm') ? '.src.rpm' : file.endsWith('.nosrc.rpm') ? '.nosrc.rpm' : undefined;
  if (!suffix) return undefined;
  const nvr = file.slice(0, -suffix.length);
  const r = nvr.lastIndexOf('-');
  const v = r > 0 ? nvr.lastIndexOf('-', r - 1) : -1;
  if (v <= 0 || r - v < 2 || r === nvr.length - 1) return undefined;
  return { name: nvr.slice(0, v), version: nvr.slice(v + 1, r), release: nvr.slice(r + 1) };
}

/** A header blob as a database backend (sqlite, ndb, bdb) found it, or why one could not be read. */
export type RpmRecord = { key: number; blob: Buffer } | { key?: number; error: string };

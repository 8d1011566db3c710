/**
 * The per-project taint cache: one file holding, per source file, its content hash, what the
 * analysis produced (FileResult, or why the file was refused), the issues it raised, and the
 * hashes of the exports of the project files it imported. A file whose content and consumed exports
 * are unchanged is reused without parsing. The file is written atomically (temp + rename) and only
 * holds entries of files present in the last scan, so its size follows the project's.
 *
 * Layout: a magic line, the byte length of a JSON header (one line), the header, then the exports
 * of every file as JSON texts back to back. The exports are most of the bytes and are needed only
 * when an importer is re-analysed, so a re-scan parses just the header and slices exports lazily;
 * unchanged exports are written back as the same bytes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import type { ScanIssue } from '../../../core/scanner.js';
import type { FileExports, FileResult } from './summary.js';

/** Bump when the engine's output for the same input changes, so old caches are dropped. */
export const ENGINE_VERSION = 'sast-taint-7';
const MAGIC = 'rampart-sast-taint 3\n';
const CACHE_FILE = 'sast-taint.cache';

export interface CacheEntry {
  /** sha256 of the file's bytes. */
  hash: string;
  /** Import specifiers found in the file (so an unchanged file is not even lexed again). */
  imports: string[];
  /** Relative path of each project file it imports → the hash of that file's exports it saw. */
  deps: Record<string, string>;
  /** The analysis result; absent when the parser refused the file. */
  result?: FileResult;
  /** Hash of result.exports (what dependents consumed). */
  exportsHash: string;
  /** Issues the file raised (refusal, recovered syntax errors, truncation), re-emitted on reuse. */
  issues: ScanIssue[];
  /** The per-file function's result (ProjectOptions.perFile). */
  extra?: unknown;
  /**
   * The file's size, times and inode when it was read (see statPrint), so a re-scan can trust an
   * unchanged file without reading and hashing it. Absent when the file was too recently modified.
   */
  stat?: string;
  /**
   * Relative import specifier → the project file (relative path) it resolved to, '' for none. Valid
   * while the project's file list is the one the cache was saved with (see filesDigest).
   */
  links?: Record<string, string>;
  /** From lookup: the stored exports' JSON text (what importers' workers are sent), read without parsing. */
  exportsText?: () => string | undefined;
  /** For put: `result.exports` as JSON text already (a worker's reply), so it is not encoded again. */
  exportsJson?: string;
}

/** An entry as written in the header; `exports` is [byte offset, byte length] in the exports area. */
interface StoredEntry {
  hash: string;
  imports: string[];
  deps: Record<string, string>;
  exportsHash: string;
  issues: ScanIssue[];
  extra?: unknown;
  stat?: string;
  links?: Record<string, string>;
  /** FileResult without `exports` and `imports`. */
  result?: Omit<FileResult, 'exports' | 'imports'>;
  exports?: [number, number];
}

interface Header {
  version: string;
  /** Digest of the project's file list when saved: stored `links` hold only while it is unchanged. */
  filesDigest?: string;
  entries: Record<string, StoredEntry>;
}

/** An entry for the next write: header part plus its exports bytes. */
interface NextEntry {
  meta: StoredEntry;
  exports?: Buffer;
}

/**
 * Files modified this recently (ms) get no stat print: on a file system with coarse timestamps,
 * a second edit of the same size within the same tick would look unchanged.
 */
const RACY_MS = 3000;

/**
 * What identifies an unchanged file without reading it: size, modification and change times and
 * inode (any edit, rename over it, chmod or checkout changes one). Undefined for a file modified
 * within RACY_MS of `now`.
 */
export function statPrint(st: { size: number; mtimeMs: number; ctimeMs: number; ino: number }, now: number): string | undefined {
  if (now - st.mtimeMs < RACY_MS || now - st.ctimeMs < RACY_MS) return undefined;
  return `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The hash dependents compare: stable for equal exports (the engine emits keys in a fixed order).
 * Exports with nothing in them hash like no exports, so a file that exports nothing does not make
 * an import cycle take another round.
 */
export function exportsHash(exp: FileExports | undefined, json?: string): string {
  if (!exp || (Object.keys(exp.functions).length === 0 && Object.keys(exp.values ?? {}).length === 0)) return '';
  // 80 bits tell versions of one file's exports apart; every importer stores one per import.
  // `json`: JSON.stringify(exp) when the caller has it already (a worker encodes the exports anyway).
  return sha256(json ?? JSON.stringify(exp)).slice(0, 20);
}

export class TaintCache {
  private readonly next: Record<string, NextEntry> = {};
  private dirty = false;
  private nextDigest: string | undefined;

  private constructor(
    private readonly dir: string | undefined,
    private readonly version: string,
    private readonly old: Record<string, StoredEntry>,
    /** The exports area of the loaded file. */
    private readonly blob: Buffer,
    /** The file-list digest the loaded cache was saved with. */
    readonly filesDigest?: string,
  ) {}

  /** The file-list digest to save with the entries (the links put now were resolved against it). */
  setFilesDigest(digest: string): void {
    if (digest !== this.filesDigest) this.dirty = true;
    this.nextDigest = digest;
  }

  /** A cache with nothing in it that never writes (caching off). */
  static disabled(): TaintCache {
    return new TaintCache(undefined, '', {}, Buffer.alloc(0));
  }

  /**
   * Loads the project's cache from `dir`. A missing, corrupt, foreign or other-version file is an
   * empty cache (it is replaced on save), never an error.
   */
  static load(dir: string, version: string): TaintCache {
    try {
      const buf = readFileSync(join(dir, CACHE_FILE));
      if (buf.toString('utf8', 0, MAGIC.length) !== MAGIC) throw new Error('foreign');
      const nl = buf.indexOf(10, MAGIC.length);
      const len = Number(buf.toString('utf8', MAGIC.length, nl));
      if (nl < 0 || !Number.isSafeInteger(len) || len <= 0 || nl + 1 + len > buf.length) throw new Error('truncated');
      const header: unknown = JSON.parse(buf.toString('utf8', nl + 1, nl + 1 + len));
      if (isHeader(header) && header.version === version) {
        const digest = typeof header.filesDigest === 'string' ? header.filesDigest : undefined;
        return new TaintCache(dir, version, header.entries, buf.subarray(nl + 1 + len), digest);
      }
    } catch {
      // Missing, unreadable or damaged: start empty.
    }
    return new TaintCache(dir, version, {}, Buffer.alloc(0));
  }

  private stored(path: string): StoredEntry | undefined {
    return Object.prototype.hasOwnProperty.call(this.old, path) ? this.old[path] : undefined;
  }

  private exportsBytes(e: StoredEntry): Buffer | undefined {
    const r = e.exports;
    if (!r) return undefined;
    const [off, len] = r;
    return off + len <= this.blob.length ? this.blob.subarray(off, off + len) : undefined;
  }

  /** The entry for `path` if the file's stat print is the one recorded with it (the file is unchanged). */
  lookupByStat(path: string, stat: string): CacheEntry | undefined {
    const e = this.stored(path);
    if (!e || typeof e.stat !== 'string' || e.stat !== stat || typeof e.hash !== 'string') return undefined;
    return this.lookup(path, e.hash);
  }

  /** The entry for `path` if its content hash still matches; its exports are parsed when first read. */
  lookup(path: string, hash: string): CacheEntry | undefined {
    const e = this.stored(path);
    if (!e || e.hash !== hash || !isStored(e)) return undefined;
    const view: CacheEntry = { hash: e.hash, imports: e.imports, deps: e.deps, exportsHash: e.exportsHash, issues: e.issues };
    if (e.extra !== undefined) view.extra = e.extra;
    if (typeof e.stat === 'string') view.stat = e.stat;
    if (e.links && typeof e.links === 'object') view.links = e.links;
    if (e.result) {
      const bytes = this.exportsBytes(e);
      if (!bytes) return undefined;
      let exports: FileExports | undefined;
      let text: string | undefined;
      view.exportsText = () => (text ??= bytes.toString('utf8'));
      const result = { ...e.result, imports: e.imports } as FileResult;
      Object.defineProperty(result, 'exports', {
        enumerable: true,
        get: () => (exports ??= parseExports(view.exportsText!())),
      });
      view.result = result;
    }
    return view;
  }

  /**
   * Keeps `entry` for the next scan (reused entries too: files absent now are dropped). An
   * unchanged entry keeps its stored bytes, so its exports are never parsed or re-encoded.
   */
  put(path: string, entry: CacheEntry, changed: boolean): void {
    if (!this.dir) return;
    const old = this.stored(path);
    if (!changed && old && old.hash === entry.hash) {
      const { exports: _range, stat: _stat, ...meta } = old;
      const bytes = this.exportsBytes(old);
      // Same content, new stat print (touched, checked out again): keep the new print.
      if (entry.stat !== undefined) (meta as StoredEntry).stat = entry.stat;
      if (entry.stat !== old.stat) this.dirty = true;
      // Links are re-resolved when the file list changed (the digest change marks the cache dirty).
      if (entry.links !== undefined) (meta as StoredEntry).links = entry.links;
      this.next[path] = bytes ? { meta, exports: bytes } : { meta };
      return;
    }
    this.dirty = true;
    const meta: StoredEntry = { hash: entry.hash, imports: entry.imports, deps: entry.deps, exportsHash: entry.exportsHash, issues: entry.issues };
    if (entry.extra !== undefined) meta.extra = entry.extra;
    if (entry.stat !== undefined) meta.stat = entry.stat;
    if (entry.links !== undefined) meta.links = entry.links;
    if (entry.result) {
      // The engine's import list is only read right after analysis; a reused entry gets the lexer's.
      // `exports` is read only when no text came with the entry (it may be a lazy getter).
      const r = entry.result;
      meta.result = { hits: r.hits, customHits: r.customHits, truncated: r.truncated };
      this.next[path] = { meta, exports: Buffer.from(entry.exportsJson ?? JSON.stringify(r.exports)) };
    } else {
      this.next[path] = { meta };
    }
  }

  /** Writes the cache if anything changed (or files disappeared). Failures are ignored: a cache is optional. */
  save(): void {
    if (!this.dir) return;
    const gone = Object.keys(this.old).some((p) => !Object.prototype.hasOwnProperty.call(this.next, p));
    if (!this.dirty && !gone) return;
    const entries: Record<string, StoredEntry> = {};
    const parts: Buffer[] = [];
    let off = 0;
    for (const [path, n] of Object.entries(this.next)) {
      entries[path] = n.exports ? { ...n.meta, exports: [off, n.exports.length] } : n.meta;
      if (n.exports) {
        parts.push(n.exports);
        off += n.exports.length;
      }
    }
    const h: Header = { version: this.version, ...(this.nextDigest !== undefined ? { filesDigest: this.nextDigest } : {}), entries };
    const header = Buffer.from(JSON.stringify(h));
    const target = join(this.dir, CACHE_FILE);
    const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeParts(tmp, [Buffer.from(`${MAGIC}${header.length}\n`), header, ...coalesce(parts)]);
      renameSync(tmp, target);
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // nothing more to do
      }
    }
  }
}

/**
 * Neighbouring slices of one buffer (unchanged exports keep their order in the old file) merged
 * into one view, so a re-scan writes a few large pieces instead of copying every entry.
 */
function coalesce(parts: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last && last.buffer === p.buffer && last.byteOffset + last.length === p.byteOffset) {
      out[out.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + p.length);
    } else out.push(p);
  }
  return out;
}

/** Writes the pieces in order without joining them first (no copy of a cache of many MB). */
function writeParts(file: string, parts: Buffer[]): void {
  const fd = openSync(file, 'w');
  try {
    // writev takes a bounded number of pieces per call (IOV_MAX) and may write less than asked.
    for (let i = 0; i < parts.length; i += 512) {
      const batch = parts.slice(i, i + 512);
      let want = batch.reduce((n, b) => n + b.length, 0);
      let done = writevSync(fd, batch);
      while (done < want) {
        // A short write: finish the rest piece by piece.
        let skip = done;
        const rest: Buffer[] = [];
        for (const b of batch) {
          if (skip >= b.length) skip -= b.length;
          else {
            rest.push(b.subarray(skip));
            skip = 0;
          }
        }
        batch.splice(0, batch.length, ...rest);
        want -= done;
        done = writevSync(fd, batch);
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** Stored exports; a damaged string reads as no exports (importers then see none, never a crash). */
function parseExports(json: string | undefined): FileExports {
  try {
    const v: unknown = json === undefined ? undefined : JSON.parse(json);
    if (v && typeof v === 'object' && (v as FileExports).functions && typeof (v as FileExports).functions === 'object') return v as FileExports;
  } catch {
    // fall through
  }
  return { functions: {} };
}

function isHeader(v: unknown): v is Header {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.version === 'string' && !!o.entries && typeof o.entries === 'object' && !Array.isArray(o.entries);
}

/** A cheap shape check so a hand-edited or truncated entry is skipped rather than trusted. */
function isStored(e: unknown): e is StoredEntry {
  if (!e || typeof e !== 'object') return false;
  const o = e as Record<string, unknown>;
  if (typeof o.hash !== 'string' || typeof o.exportsHash !== 'string') return false;
  if (!Array.isArray(o.imports) || !Array.isArray(o.issues) || !o.deps || typeof o.deps !== 'object') return false;
  if (o.result === undefined) return true;
  const r = o.result as Record<string, unknown>;
  const x = o.exports;
  return !!r && typeof r === 'object' && Array.isArray(r.hits) && Array.isArray(r.customHits) && Array.isArray(r.truncated)
    && Array.isArray(x) && x.length === 2 && Number.isSafeInteger(x[0]) && Number.isSafeInteger(x[1]) && x[0] >= 0 && x[1] >= 0;
}

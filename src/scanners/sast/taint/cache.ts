/**
 * The per-project taint cache: one file holding, per source file, its content hash, what the
 * analysis produced (FileResult, or why the file was refused), the issues it raised, and the
 * hashes of the exports of the project files it imported. A file whose content and consumed exports
 * are unchanged is reused without parsing. The file is written atomically (temp + rename) and only
 * holds entries of files present in the last scan, so its size follows the project's.
 *
 * Layout: a magic line, the byte length of a JSON header (one line), the header, then the exports
 * of every file as JSON texts back to back. The header lists paths and one tuple per file, with
 * files named by index and the JSON texts most files share (import lists, empty results) stored
 * once; so a re-scan parses about 2 MB of arrays for a 500k-line project instead of 5 MB of objects.
 * The exports are most of the bytes and are needed only when an importer is re-analysed, so they
 * are sliced lazily; unchanged exports are written back as the same bytes.
 *
 * A re-scan that changed a few entries does not rewrite that file (25 MB for 500k lines): it appends
 * them to a log beside it (LOG_FILE), one JSON line per entry, which later entries of the same
 * path override on load. The log names the base file it extends by the base's random id, so a log
 * left over from an earlier base is ignored; a torn last line is ignored too. The base is rewritten
 * (temp + rename, log removed) when files appeared or disappeared, the log would pass 1/16 of
 * the base, or the log is damaged.
 */
import { hash, randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import type { ScanIssue } from '../../../core/scanner.js';
import type { FileExports, FileResult } from './summary.js';

/** Bump when the engine's output for the same input changes, so old caches are dropped. */
export const ENGINE_VERSION = 'sast-taint-40';
const MAGIC = 'rampart-sast-taint 4\n';
const CACHE_FILE = 'sast-taint.cache';
const LOG_FILE = 'sast-taint.log';

/**
 * Append instead of rewriting only while the log stays under 1/16 of the base, and only for a base
 * of at least 64 KB (a small cache is rewritten as cheaply). Tests change both. Every load parses
 * the whole log: on a 25 MB base, 1.5 MB of log costs ~7 ms CPU per load (6 MB: ~30 ms) against
 * ~70 ms for a rewrite, and one changed file logs ~20 KB, so a rewrite comes every ~60 changes.
 */
let logFraction = 1 / 16;
let appendMinBytes = 64 * 1024;
/** For tests: the base size from which changes are appended, and the log's limit as a fraction of the base. */
export function setLogLimits(minBaseBytes: number, fraction: number): [number, number] {
  const was: [number, number] = [appendMinBytes, logFraction];
  appendMinBytes = minBaseBytes;
  logFraction = fraction;
  return was;
}

export interface CacheEntry {
  /** sha256 of the file's bytes. */
  hash: string;
  /** Import specifiers found in the file (so an unchanged file is not even lexed again). */
  imports: string[];
  /** Relative path of each project file it imports → the hash of that file's exports it saw. */
  deps: ReadonlyMap<string, string>;
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
   * Per import (parallel to `imports`): the project file (relative path) a relative specifier
   * resolved to, '' for none, null for a specifier not kept (bare ones are always resolved again).
   * Valid while the project's file list is the one the cache was saved with (see filesDigest).
   */
  links?: readonly (string | null)[];
  /**
   * From lookup, optional: visits `deps` (path, hash) without building the map, stopping at the
   * first `false` from `visit` (then returns false). Reusing a file checks its inputs this way.
   */
  eachDep?(visit: (path: string, hash: string) => boolean): boolean;
  /** From lookup, optional: `links?.[k]` without building the list. */
  linkAt?(k: number): string | null | undefined;
  /** From lookup: the stored exports' JSON text (what importers' workers are sent), read without parsing. */
  exportsText?: () => string | undefined;
  /** For put: `result.exports` as JSON text already (a worker's reply), so it is not encoded again. */
  exportsJson?: string;
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

/**
 * One-shot hashing (Node >= 20.12, package.json asks for 20.17): no Hash object per call, about half
 * the CPU of createHash().update().digest() for the short texts hashed here (every file read, every
 * file's exports in the workers). Same digest.
 */
export function sha256(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

/**
 * The hash dependents compare: stable for equal exports (the engine emits keys in a fixed order).
 * Exports with nothing in them hash like no exports, so a file that exports nothing does not make
 * an import cycle take another round.
 */
export function exportsHash(exp: FileExports | undefined, json?: string): string {
  if (!exp || hashesEmpty(exp)) return '';
  // `json`: JSON.stringify(exp) when the caller has it already (a worker encodes the exports anyway).
  return exportsTextHash(json ?? JSON.stringify(exp));
}

/** Exports whose hash is '' (exportsHash). */
export function hashesEmpty(exp: FileExports): boolean {
  return Object.keys(exp.functions).length === 0 && Object.keys(exp.values ?? {}).length === 0;
}

/** exportsHash of exports that are not hashesEmpty, from their JSON text. */
export function exportsTextHash(json: string): string {
  // 80 bits tell versions of one file's exports apart; every importer stores one per import.
  return sha256(json).slice(0, 20);
}

/**
 * One file in the header, as a tuple: the header then parses as arrays of strings and small numbers
 * (a third of the size of keyed objects, and far fewer objects for the collector to copy).
 */
type Tuple = [
  hash: string,
  /** Stat print, '' for none. */
  stat: string,
  exportsHash: string,
  /** Index in `texts` of the import list. */
  imports: number,
  /**
   * Consumed exports, flat: [file, hash, file, hash, …]. `file` is an index in `paths`, or the path
   * itself when it is not in this cache; `hash` 0 means the exports hash recorded for that file here.
   */
  deps: (number | string)[],
  /** Per import (parallel to the list): the path index it resolved to, -1 none, -2 not stored (bare); 0: no links. */
  links: number[] | 0,
  /** Indices in `texts`: issues, per-file result (-1 none), FileResult without exports and imports (-1 refused). */
  issues: number,
  extra: number,
  result: number,
  /** Byte offset and length of the exports text in the exports area (-1: none). */
  exportsOff: number,
  exportsLen: number,
];

interface Header {
  version: string;
  /** Random id of this base file: the log's first line names it (a log of another base is ignored). */
  id?: string;
  /** Digest of the project's file list when saved: stored `links` hold only while it is unchanged. */
  filesDigest?: string;
  paths: string[];
  /**
   * Distinct JSON texts (import lists, issues, per-file results, taint results), each stored once:
   * most files share theirs (no hits, same imports), so a re-scan parses a few hundred, not thousands.
   */
  texts: string[];
  files: Tuple[];
}

/** What `put` keeps for the next write. */
interface Pending {
  path: string;
  entry: CacheEntry;
  /** The stored tuple the entry was reused from unchanged (its texts and exports bytes are kept as they are). */
  from?: Tuple;
  /** Differs from what the cache holds for the path: appended to the log unless the base is rewritten. */
  fresh: boolean;
}

/** One log line: an entry as plain JSON (paths by name, exports as their JSON text). */
interface LogRecord {
  p: string;
  h: string;
  s: string;
  e: string;
  i: string[];
  /** Consumed exports, flat: [path, hash, …]. */
  d: string[];
  l: (string | null)[] | null;
  is: ScanIssue[];
  x?: unknown;
  r: StoredResult | null;
  j: string | null;
}

const INVALID = Symbol('invalid');

/**
 * The stored tuple a view's consumed-exports map and links list were decoded from: when the
 * driver hands the same objects back (the file was reused), save keeps the stored encoding.
 */
const depsOrigin = new WeakMap<object, Tuple>();
const linksOrigin = new WeakMap<object, Tuple>();

export class TaintCache {
  private readonly next: Pending[] = [];
  private dirty = false;
  private nextDigest: string | undefined;
  private byPath: Map<string, number> | undefined;
  /** Where the next lookup (0) and put (1) are expected: both come in the order the files were saved. */
  private readonly cursor = [0, 0];
  /** Old entries put again (when fewer than all, some files are gone and the cache is rewritten). */
  private kept = 0;
  private readonly parsed: (unknown | typeof INVALID | undefined)[];
  /** Entries of the log, by path (they override the base's). */
  private readonly overlay = new Map<string, LogRecord>();
  /** Byte length of the log's valid part; -1: no usable log (the next append starts a new one). */
  private logBytes = -1;
  /** The log has bytes past its valid part (a torn line) or names another base: rewrite, never append to it. */
  private logDamaged = false;
  /** Byte length of the base file. */
  private baseBytes = 0;

  private constructor(
    private readonly dir: string | undefined,
    private readonly version: string,
    private readonly old: Header,
    /** The exports area of the loaded file. */
    private readonly area: ExportsArea,
    /** The file-list digest the loaded cache was saved with. */
    readonly filesDigest?: string,
  ) {
    this.parsed = new Array<unknown>(old.texts.length);
  }

  /** The file-list digest to save with the entries (the links put now were resolved against it). */
  setFilesDigest(digest: string): void {
    if (digest !== this.filesDigest) this.dirty = true;
    this.nextDigest = digest;
  }

  /** A cache with nothing in it that never writes (caching off). */
  static disabled(): TaintCache {
    return new TaintCache(undefined, '', emptyHeader(''), ExportsArea.of(Buffer.alloc(0)));
  }

  /**
   * Loads the project's cache from `dir`. A missing, corrupt, foreign or other-version file is an
   * empty cache (it is replaced on save), never an error.
   */
  static load(dir: string, version: string): TaintCache {
    let fd: number | undefined;
    try {
      // Only the header is read now: the exports area (most of the file) is read a range at a time
      // when an importer needs a file's exports (ExportsArea).
      fd = openSync(join(dir, CACHE_FILE), 'r');
      const size = fstatSync(fd).size;
      const head = readAt(fd, Math.min(size, HEAD_BYTES), 0);
      if (!head || head.toString('utf8', 0, MAGIC.length) !== MAGIC) throw new Error('foreign');
      const nl = head.indexOf(10, MAGIC.length);
      const len = Number(head.toString('utf8', MAGIC.length, nl));
      if (nl < 0 || !Number.isSafeInteger(len) || len <= 0 || nl + 1 + len > size) throw new Error('truncated');
      const text = readAt(fd, len, nl + 1);
      if (!text) throw new Error('truncated');
      const header: unknown = JSON.parse(text.toString('utf8'));
      if (isHeader(header) && header.version === version) {
        const digest = typeof header.filesDigest === 'string' ? header.filesDigest : undefined;
        const c = new TaintCache(dir, version, header, new ExportsArea(fd, nl + 1 + len, size - (nl + 1 + len)), digest);
        fd = undefined; // the area owns it now
        c.baseBytes = size;
        c.readLog();
        return c;
      }
    } catch {
      // Missing, unreadable or damaged: start empty.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    const c = new TaintCache(dir, version, emptyHeader(version), ExportsArea.of(Buffer.alloc(0)));
    c.logDamaged = true;
    return c;
  }

  /**
   * Reads the log of this base: its first line is {"base": id}, then one LogRecord per line. Reading
   * stops at the first line that is torn or does not parse; what follows is never trusted.
   */
  private readLog(): void {
    let buf: Buffer;
    try {
      buf = readFileSync(join(this.dir!, LOG_FILE));
    } catch {
      return; // no log: the base is the whole cache
    }
    let at = buf.indexOf(10);
    let head: unknown;
    try {
      head = at < 0 ? undefined : JSON.parse(buf.toString('utf8', 0, at));
    } catch {
      head = undefined;
    }
    if (!this.old.id || !head || (head as { base?: unknown }).base !== this.old.id) {
      // A log of an earlier base (a rewrite stopped before removing it) or damaged: ignored.
      this.logDamaged = true;
      return;
    }
    at++;
    while (at < buf.length) {
      const nl = buf.indexOf(10, at);
      if (nl < 0) break; // torn last line
      let rec: unknown;
      try {
        rec = JSON.parse(buf.toString('utf8', at, nl));
      } catch {
        break;
      }
      if (!isLogRecord(rec)) break;
      this.overlay.set(rec.p, rec);
      at = nl + 1;
    }
    this.logBytes = at;
    if (at !== buf.length) this.logDamaged = true;
  }

  /** Index of `path` in the stored list, -1 when absent. Files come in saved order, so a cursor mostly finds it. */
  private indexOf(path: string, which: 0 | 1): number {
    const paths = this.old.paths;
    const c = this.cursor[which]!;
    let i: number;
    if (c < paths.length && paths[c] === path) i = c;
    else {
      this.byPath ??= new Map(paths.map((p, k) => [p, k]));
      i = this.byPath.get(path) ?? -1;
    }
    if (i >= 0) this.cursor[which] = i + 1;
    return i;
  }

  /** A stored text, parsed once however many entries share it; INVALID when it does not parse. */
  private text(k: number): unknown {
    let v = this.parsed[k];
    if (v === undefined) {
      try {
        v = JSON.parse(this.old.texts[k]!) as unknown;
      } catch {
        v = INVALID;
      }
      this.parsed[k] = v ?? null;
    }
    return v;
  }

  /** The entry for `path` if the file's stat print is the one recorded with it (the file is unchanged). */
  lookupByStat(path: string, stat: string): CacheEntry | undefined {
    const o = this.overlay.size ? this.overlay.get(path) : undefined;
    if (o) return o.s !== '' && o.s === stat ? logView(o) : undefined;
    const i = this.indexOf(path, 0);
    const t = i < 0 ? undefined : this.old.files[i];
    if (!t || t[1] === '' || t[1] !== stat) return undefined;
    return this.view(t);
  }

  /** The entry for `path` if its content hash still matches; its exports are parsed when first read. */
  lookup(path: string, hash: string): CacheEntry | undefined {
    const o = this.overlay.size ? this.overlay.get(path) : undefined;
    if (o) return o.h === hash ? logView(o) : undefined;
    const i = this.indexOf(path, 0);
    const t = i < 0 ? undefined : this.old.files[i];
    if (!t || t[0] !== hash) return undefined;
    return this.view(t);
  }

  private view(t: Tuple): CacheEntry | undefined {
    if (!isTuple(t, this.old)) return undefined;
    const imports = this.text(t[3]);
    const issues = this.text(t[6]);
    const extra = t[7] < 0 ? undefined : this.text(t[7]);
    const result = t[8] < 0 ? undefined : this.text(t[8]);
    if (!isStringList(imports) || !Array.isArray(issues) || extra === INVALID) return undefined;
    if (t[8] >= 0 && !isStoredResult(result)) return undefined;
    // The exports' range is checked here but decoded only when read (no Buffer view per file).
    const hasExports = t[9] >= 0 && t[9] + t[10] <= this.area.length;
    if (t[8] >= 0 && !hasExports) return undefined;
    return new StoredView(t, this.old, imports, issues as ScanIssue[], extra, result as StoredResult | undefined, hasExports ? this.area : undefined);
  }

  /**
   * Keeps `entry` for the next scan (reused entries too: files absent now are dropped). An
   * unchanged entry keeps its stored texts and bytes, so its exports are never parsed or re-encoded.
   */
  put(path: string, entry: CacheEntry, changed: boolean): void {
    if (!this.dir) return;
    const o = this.overlay.size ? this.overlay.get(path) : undefined;
    const i = this.indexOf(path, 1);
    const old = i < 0 ? undefined : this.old.files[i];
    if (old || o) this.kept++;
    if (o) {
      // The log's entry is the current one; reused unchanged, it needs no new line.
      const same = !changed && o.h === entry.hash && (entry.stat ?? '') === o.s;
      if (!same) this.dirty = true;
      // Reused: its exports are the log's text (a rewrite then copies it without parsing).
      else if (entry.exportsJson === undefined && o.j !== null && entry.result) entry.exportsJson = o.j;
      this.next.push({ path, entry, fresh: !same });
      return;
    }
    if (!changed && old && old[0] === entry.hash) {
      // Same content, new stat print (touched, checked out again): keep the new print.
      const fresh = (entry.stat ?? '') !== old[1];
      if (fresh) this.dirty = true;
      // Links are re-resolved when the file list changed (the digest change marks the cache dirty).
      this.next.push({ path, entry, from: old, fresh });
      return;
    }
    this.dirty = true;
    this.next.push({ path, entry, fresh: true });
  }

  /** Paths the cache held when loaded (base and log). */
  private knownCount(): number {
    let n = this.old.paths.length;
    if (this.overlay.size) {
      this.byPath ??= new Map(this.old.paths.map((p, k) => [p, k]));
      for (const p of this.overlay.keys()) if (!this.byPath.has(p)) n++;
    }
    return n;
  }

  /**
   * Appends the changed entries to the log when that is allowed and small enough; false when the
   * base must be rewritten instead.
   */
  private append(): boolean {
    if (!this.old.id || this.logDamaged || this.baseBytes < appendMinBytes) return false;
    if (this.nextDigest !== this.filesDigest || this.kept !== this.knownCount()) return false;
    const lines: string[] = [];
    for (const { path, entry, fresh } of this.next) if (fresh) lines.push(JSON.stringify(logRecord(path, entry)));
    if (lines.length === 0) return true;
    let text = lines.join('\n') + '\n';
    if (this.logBytes < 0) text = `${JSON.stringify({ base: this.old.id })}\n${text}`;
    const start = Math.max(this.logBytes, 0);
    if (start + Buffer.byteLength(text) > this.baseBytes * logFraction) return false;
    const file = join(this.dir!, LOG_FILE);
    try {
      // The log must be exactly what was read (another scan may have appended or rewritten since).
      let size = 0;
      try {
        size = statSync(file).size;
      } catch {
        size = 0;
      }
      if (size !== start) return false;
      // One write: a crash leaves at most a torn last line, which the next load ignores.
      appendFileSync(file, text);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Ends the use of the loaded base: closes its descriptor now rather than when the cache is
   * collected (a long-lived process running scans would hold one per scan until then). Stored
   * exports not read by now are no longer readable. Safe to call more than once.
   */
  close(): void {
    this.area.close();
  }

  /** Writes the cache if anything changed (or files disappeared). Failures are ignored: a cache is optional. */
  save(): void {
    if (!this.dir) return;
    if (!this.dirty && this.kept === this.knownCount()) return;
    if (this.append()) return;
    const paths = this.next.map((p) => p.path);
    const index = new Map(paths.map((p, k) => [p, k]));
    // The same files in the same order (a re-scan after an edit): stored indices stay valid.
    const samePaths = paths.length === this.old.paths.length && paths.every((p, k) => p === this.old.paths[k]);
    const texts: string[] = [];
    const textIndex = new Map<string, number>();
    const intern = (json: string): number => {
      let k = textIndex.get(json);
      if (k === undefined) {
        k = texts.length;
        texts.push(json);
        textIndex.set(json, k);
      }
      return k;
    };
    const moved = new Int32Array(this.old.texts.length).fill(-1);
    const oldText = (k: number): number => {
      if (k < 0) return -1;
      if (moved[k]! < 0) moved[k] = intern(this.old.texts[k]!);
      return moved[k]!;
    };
    const files: Tuple[] = [];
    // Exports in write order: new texts as buffers, stored ones as ranges of the old area (merged
    // when adjacent, so an unchanged run of files is written as one slice).
    const parts: (Buffer | [number, number])[] = [];
    let off = 0;
    for (const { entry, from } of this.next) {
      let deps: (number | string)[];
      if (from && samePaths && depsOrigin.get(entry.deps) === from) deps = from[4];
      else {
        deps = [];
        for (const [p, h] of entry.deps) {
          const k = index.get(p);
          deps.push(k ?? p, k !== undefined && this.next[k]!.entry.exportsHash === h ? 0 : h);
        }
      }
      let links: number[] | 0;
      if (!entry.links) links = 0;
      else if (from && samePaths && linksOrigin.get(entry.links) === from) links = from[5];
      else links = linkIndices(entry.imports, entry.links, index);
      let imports: number, issues: number, extra: number, result: number;
      let length = -1;
      if (from) {
        imports = oldText(from[3]);
        issues = oldText(from[6]);
        extra = oldText(from[7]);
        result = oldText(from[8]);
        if (from[9] >= 0 && from[9] + from[10] <= this.area.length) {
          length = from[10];
          const last = parts[parts.length - 1];
          if (Array.isArray(last) && last[0] + last[1] === from[9]) last[1] += length;
          else parts.push([from[9], length]);
        }
      } else {
        imports = intern(JSON.stringify(entry.imports));
        issues = intern(JSON.stringify(entry.issues));
        extra = entry.extra === undefined ? -1 : intern(JSON.stringify(entry.extra));
        const r = entry.result;
        // The engine's import list is only read right after analysis; a reused entry gets the lexer's.
        // `exports` is read only when no text came with the entry (it may be a lazy getter).
        result = r ? intern(JSON.stringify({ hits: r.hits, customHits: r.customHits, truncated: r.truncated })) : -1;
        if (r) {
          const bytes = Buffer.from(entry.exportsJson ?? JSON.stringify(r.exports));
          length = bytes.length;
          parts.push(bytes);
        }
      }
      files.push([entry.hash, entry.stat ?? '', entry.exportsHash, imports, deps, links, issues, extra, result, length < 0 ? -1 : off, Math.max(length, 0)]);
      if (length >= 0) off += length;
    }
    const h: Header = { version: this.version, id: randomBytes(8).toString('hex'), ...(this.nextDigest !== undefined ? { filesDigest: this.nextDigest } : {}), paths, texts, files };
    const header = Buffer.from(JSON.stringify(h));
    const target = join(this.dir, CACHE_FILE);
    const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    // Unchanged exports are copied from the old area, read whole now: its descriptor is closed
    // before the rename (some systems refuse to replace an open file).
    const old = this.area.all();
    if (!old) return; // the old file became unreadable: leave it as it is
    this.area.close();
    try {
      mkdirSync(this.dir, { recursive: true });
      const blob = parts.map((p) => (Array.isArray(p) ? old.subarray(p[0], p[0] + p[1]) : p));
      writeParts(tmp, [Buffer.from(`${MAGIC}${header.length}\n`), header, ...blob]);
      renameSync(tmp, target);
      // The new base holds every entry; the old log names the old base id, so a crash here is harmless.
      rmSync(join(this.dir, LOG_FILE), { force: true });
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // nothing more to do
      }
    }
  }
}

/** Enough of a base file to hold its magic line and the header's length. */
const HEAD_BYTES = 256;

/** `len` bytes at `pos` of an open file, undefined when fewer are there. */
function readAt(fd: number, len: number, pos: number): Buffer | undefined {
  const b = Buffer.allocUnsafe(len);
  let got = 0;
  while (got < len) {
    const n = readSync(fd, b, got, len - got, pos + got);
    if (n <= 0) return undefined;
    got += n;
  }
  return b;
}

/** A backstop for caches dropped without close() (the driver closes its own): their descriptor is closed when collected. */
const openAreas = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/**
 * The exports area of a loaded base file, read a range at a time through the descriptor it was
 * loaded with (a re-scan needs the exports of a few files, not the 23 MB of all of them on the
 * 502k-line bench). The descriptor stays on the file as loaded, so a base another scan renames
 * over it meanwhile does not change what is read. A range that cannot be read is undefined
 * (importers then see no exports, as for a damaged entry).
 */
class ExportsArea {
  private whole?: Buffer;

  constructor(
    private fd: number | undefined,
    /** Offset of the area in the file. */
    private readonly start: number,
    readonly length: number,
  ) {
    if (fd !== undefined) openAreas.register(this, fd, this);
  }

  static of(buf: Buffer): ExportsArea {
    const a = new ExportsArea(undefined, 0, buf.length);
    a.whole = buf;
    return a;
  }

  text(off: number, len: number): string | undefined {
    if (this.whole) return this.whole.toString('utf8', off, off + len);
    if (this.fd === undefined) return undefined;
    try {
      return readAt(this.fd, len, this.start + off)?.toString('utf8');
    } catch {
      return undefined;
    }
  }

  /** The whole area (a rewrite copies unchanged ranges from it); undefined when it cannot be read. */
  all(): Buffer | undefined {
    if (!this.whole && this.fd !== undefined) {
      try {
        this.whole = readAt(this.fd, this.length, this.start);
      } catch {
        this.whole = undefined;
      }
    }
    return this.whole;
  }

  /** Closes the descriptor (before the base is renamed over: some systems refuse to replace an open file). */
  close(): void {
    if (this.fd === undefined) return;
    openAreas.unregister(this);
    try {
      closeSync(this.fd);
    } catch {
      // nothing to do
    }
    this.fd = undefined;
  }
}

/** FileResult as stored: without `exports` (in the exports area) and `imports` (the entry's list). */
type StoredResult = Omit<FileResult, 'exports' | 'imports'>;

/**
 * A stored entry as the driver reads it. Consumed exports, links and the result are built when
 * first read (a reused file needs its consumed exports; links only while the file list is unchanged).
 */
class StoredView implements CacheEntry {
  readonly hash: string;
  readonly exportsHash: string;
  readonly stat?: string;
  readonly extra?: unknown;
  private depsMap?: Map<string, string>;
  private linksList?: (string | null)[];
  private resultObj?: FileResult;
  private textOf?: string;

  constructor(
    private readonly t: Tuple,
    private readonly h: Header,
    readonly imports: string[],
    readonly issues: ScanIssue[],
    extra: unknown,
    private readonly stored: StoredResult | undefined,
    /** The exports area holding this entry's exports at t[9], t[10]; undefined when it has none. */
    private readonly area: ExportsArea | undefined,
  ) {
    this.hash = t[0];
    this.exportsHash = t[2];
    if (t[1] !== '') this.stat = t[1];
    if (extra !== undefined) this.extra = extra;
  }

  // A Map, not an object keyed by path: thousands of objects with distinct keys cost V8 a hidden
  // class per key added (100 ms on a 7,000-file re-scan).
  get deps(): ReadonlyMap<string, string> {
    if (!this.depsMap) {
      const d = this.t[4];
      const m = new Map<string, string>();
      for (let k = 0; k + 1 < d.length; k += 2) {
        const f = d[k]!;
        const h = d[k + 1]!;
        const path = typeof f === 'number' ? this.h.paths[f]! : f;
        m.set(path, h === 0 && typeof f === 'number' ? this.h.files[f]![2] : String(h));
      }
      this.depsMap = m;
      depsOrigin.set(m, this.t);
    }
    return this.depsMap;
  }

  eachDep(visit: (path: string, hash: string) => boolean): boolean {
    if (this.depsMap) {
      for (const [p, h] of this.depsMap) if (!visit(p, h)) return false;
      return true;
    }
    // As `deps` decodes them, except that a path repeated in a damaged tuple is visited each time
    // (`deps` keeps its last hash): the visitor must check every pair and count a path once.
    const d = this.t[4];
    const { paths, files } = this.h;
    for (let k = 0; k + 1 < d.length; k += 2) {
      const f = d[k]!;
      const h = d[k + 1]!;
      if (!visit(typeof f === 'number' ? paths[f]! : f, h === 0 && typeof f === 'number' ? files[f]![2] : String(h))) return false;
    }
    return true;
  }

  linkAt(k: number): string | null | undefined {
    if (this.linksList) return this.linksList[k];
    const l = this.t[5];
    if (l === 0 || k >= this.imports.length) return undefined;
    const to = l[k] ?? -2;
    return to === -2 ? null : to === -1 ? '' : this.h.paths[to]!;
  }

  get links(): readonly (string | null)[] | undefined {
    const l = this.t[5];
    if (l === 0) return undefined;
    if (!this.linksList) {
      this.linksList = this.imports.map((_, k) => {
        const to = l[k] ?? -2;
        return to === -2 ? null : to === -1 ? '' : this.h.paths[to]!;
      });
      linksOrigin.set(this.linksList, this.t);
    }
    return this.linksList;
  }

  get exportsText(): (() => string | undefined) | undefined {
    const area = this.area;
    if (!area) return undefined;
    const t = this.t;
    return () => (this.textOf ??= area.text(t[9], t[10]));
  }

  get result(): FileResult | undefined {
    const s = this.stored;
    if (!s) return undefined;
    this.resultObj ??= new StoredFileResult(s, this.imports, this.exportsText!) as unknown as FileResult;
    return this.resultObj;
  }
}

/** A stored FileResult; `exports` (a prototype getter: no per-object property definition) parses on first read. */
class StoredFileResult {
  readonly hits: StoredResult['hits'];
  readonly customHits: StoredResult['customHits'];
  readonly truncated: StoredResult['truncated'];
  private parsed?: FileExports;

  constructor(
    s: StoredResult,
    readonly imports: string[],
    private readonly text: () => string | undefined,
  ) {
    this.hits = s.hits;
    this.customHits = s.customHits;
    this.truncated = s.truncated;
  }

  get exports(): FileExports {
    return (this.parsed ??= parseExports(this.text()));
  }
}

/** An entry as a log line. */
function logRecord(path: string, entry: CacheEntry): LogRecord {
  const d: string[] = [];
  for (const [p, h] of entry.deps) d.push(p, h);
  const r = entry.result;
  let j: string | null = null;
  if (r) j = entry.exportsJson ?? entry.exportsText?.() ?? JSON.stringify(r.exports);
  const rec: LogRecord = {
    p: path, h: entry.hash, s: entry.stat ?? '', e: entry.exportsHash, i: entry.imports, d,
    l: entry.links ? [...entry.links] : null, is: entry.issues,
    r: r ? { hits: r.hits, customHits: r.customHits, truncated: r.truncated } : null, j,
  };
  if (entry.extra !== undefined) rec.x = entry.extra;
  return rec;
}

/** A log line as the driver reads it (a plain entry; exports parsed on first read). */
function logView(o: LogRecord): CacheEntry {
  const deps = new Map<string, string>();
  for (let k = 0; k + 1 < o.d.length; k += 2) deps.set(o.d[k]!, o.d[k + 1]!);
  const text = o.j ?? undefined;
  const e: CacheEntry = { hash: o.h, imports: o.i, deps, exportsHash: o.e, issues: o.is };
  if (o.s !== '') e.stat = o.s;
  if (o.l) e.links = o.l;
  if (o.x !== undefined) e.extra = o.x;
  if (o.r) {
    e.result = new StoredFileResult(o.r, o.i, () => text) as unknown as FileResult;
    if (text !== undefined) {
      e.exportsJson = text;
      e.exportsText = () => text;
    }
  }
  return e;
}

function isLogRecord(v: unknown): v is LogRecord {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.p === 'string' && typeof o.h === 'string' && typeof o.s === 'string' && typeof o.e === 'string'
    && isStringList(o.i) && isStringList(o.d) && o.d.length % 2 === 0 && Array.isArray(o.is)
    && (o.l === null || (Array.isArray(o.l) && o.l.length === o.i.length && o.l.every((x) => x === null || typeof x === 'string')))
    && (o.r === null || isStoredResult(o.r)) && (o.j === null || typeof o.j === 'string') && (o.r === null) === (o.j === null);
}

/** Per import, the index of the path its link names (-1 resolved to nothing, -2 no link kept). */
function linkIndices(imports: string[], links: readonly (string | null)[], index: Map<string, number>): number[] {
  return imports.map((_, k) => {
    const to = links[k];
    return to === null || to === undefined ? -2 : to === '' ? -1 : (index.get(to) ?? -2);
  });
}

function emptyHeader(version: string): Header {
  return { version, paths: [], texts: [], files: [] };
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
  return typeof o.version === 'string' && Array.isArray(o.paths) && Array.isArray(o.texts) && Array.isArray(o.files)
    && o.paths.length === o.files.length && o.paths.every((p) => typeof p === 'string') && o.texts.every((t) => typeof t === 'string');
}

const isIndex = (v: unknown, n: number, none: number): boolean => Number.isSafeInteger(v) && (v as number) >= none && (v as number) < n;

/** A cheap shape check so a hand-edited or truncated entry is skipped rather than trusted. */
function isTuple(t: unknown, h: Header): t is Tuple {
  if (!Array.isArray(t) || t.length !== 11) return false;
  const n = h.texts.length;
  if (typeof t[0] !== 'string' || typeof t[1] !== 'string' || typeof t[2] !== 'string') return false;
  if (!isIndex(t[3], n, 0) || !isIndex(t[6], n, 0) || !isIndex(t[7], n, -1) || !isIndex(t[8], n, -1)) return false;
  if (!Number.isSafeInteger(t[9]) || !Number.isSafeInteger(t[10]) || t[9] < -1 || t[10] < 0) return false;
  const deps = t[4] as unknown;
  if (!Array.isArray(deps) || deps.length % 2 !== 0) return false;
  for (let k = 0; k < deps.length; k += 2) {
    const f = deps[k];
    const hash = deps[k + 1];
    if (!(typeof f === 'string' || isIndex(f, h.paths.length, 0)) || !(typeof hash === 'string' || (hash === 0 && typeof f === 'number'))) return false;
  }
  const links = t[5] as unknown;
  return links === 0 || (Array.isArray(links) && links.every((x) => isIndex(x, h.paths.length, -2)));
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function isStoredResult(v: unknown): v is StoredResult {
  if (!v || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return Array.isArray(r.hits) && Array.isArray(r.customHits) && Array.isArray(r.truncated);
}

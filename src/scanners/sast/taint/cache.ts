/**
 * The per-project taint cache: one JSON file holding, per source file, its content hash, what the
 * analysis produced (FileResult, or why the file was refused), the issues it raised, and the
 * hashes of the exports of the project files it imported. A file whose content and consumed exports
 * are unchanged is reused without parsing. The file is written atomically (temp + rename) and only
 * holds entries of files present in the last scan, so its size follows the project's.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScanIssue } from '../../../core/scanner.js';
import type { FileExports, FileResult } from './summary.js';

/** Bump when the engine's output for the same input changes, so old caches are dropped. */
export const ENGINE_VERSION = 'sast-taint-1';
const CACHE_FORMAT = 2;
const CACHE_FILE = 'sast-taint.json';

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
}

/**
 * An entry as written: the exports (the bulk of the file, and needed only when an importer is
 * re-analysed) stay a JSON string inside the cache file, parsed on first use.
 */
interface StoredEntry {
  hash: string;
  imports: string[];
  deps: Record<string, string>;
  exportsHash: string;
  issues: ScanIssue[];
  extra?: unknown;
  /** FileResult without `exports`. */
  result?: Omit<FileResult, 'exports'>;
  exports?: string;
}

interface CacheFile {
  format: number;
  version: string;
  entries: Record<string, StoredEntry>;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The hash dependents compare: stable for equal exports (the engine emits keys in a fixed order).
 * Exports with nothing in them hash like no exports, so a file that exports nothing does not make
 * an import cycle take another round.
 */
export function exportsHash(exp: FileExports | undefined): string {
  if (!exp || (Object.keys(exp.functions).length === 0 && Object.keys(exp.values ?? {}).length === 0)) return '';
  return sha256(JSON.stringify(exp));
}

export class TaintCache {
  private readonly old: Record<string, StoredEntry>;
  private readonly next: Record<string, StoredEntry> = {};
  private dirty = false;

  private constructor(
    private readonly dir: string | undefined,
    private readonly version: string,
    old: Record<string, StoredEntry>,
  ) {
    this.old = old;
  }

  /** A cache with nothing in it that never writes (caching off). */
  static disabled(): TaintCache {
    return new TaintCache(undefined, '', {});
  }

  /**
   * Loads the project's cache from `dir`. A missing, corrupt, foreign or other-version file is an
   * empty cache (it is replaced on save), never an error.
   */
  static load(dir: string, version: string): TaintCache {
    let entries: Record<string, StoredEntry> = {};
    try {
      const parsed: unknown = JSON.parse(readFileSync(join(dir, CACHE_FILE), 'utf8'));
      if (isCacheFile(parsed) && parsed.format === CACHE_FORMAT && parsed.version === version) entries = parsed.entries;
    } catch {
      // Missing or unreadable: start empty.
    }
    return new TaintCache(dir, version, entries);
  }

  /** The entry for `path` if its content hash still matches; its exports are parsed when first read. */
  lookup(path: string, hash: string): CacheEntry | undefined {
    const e = Object.prototype.hasOwnProperty.call(this.old, path) ? this.old[path] : undefined;
    if (!e || e.hash !== hash || !isStored(e)) return undefined;
    const view: CacheEntry = { hash: e.hash, imports: e.imports, deps: e.deps, exportsHash: e.exportsHash, issues: e.issues };
    if (e.extra !== undefined) view.extra = e.extra;
    if (e.result) {
      const json = e.exports;
      let exports: FileExports | undefined;
      const result = { ...e.result } as FileResult;
      Object.defineProperty(result, 'exports', {
        enumerable: true,
        get: () => (exports ??= parseExports(json)),
      });
      view.result = result;
    }
    return view;
  }

  /**
   * Keeps `entry` for the next scan (reused entries too: files absent now are dropped). An
   * unchanged entry is kept in its stored form, so its exports are never parsed or re-encoded.
   */
  put(path: string, entry: CacheEntry, changed: boolean): void {
    if (!this.dir) return;
    const old = Object.prototype.hasOwnProperty.call(this.old, path) ? this.old[path] : undefined;
    if (!changed && old && old.hash === entry.hash) {
      this.next[path] = old;
      return;
    }
    this.dirty = true;
    const stored: StoredEntry = { hash: entry.hash, imports: entry.imports, deps: entry.deps, exportsHash: entry.exportsHash, issues: entry.issues };
    if (entry.extra !== undefined) stored.extra = entry.extra;
    if (entry.result) {
      const { exports, ...rest } = entry.result;
      stored.result = rest;
      stored.exports = JSON.stringify(exports);
    }
    this.next[path] = stored;
  }

  /** Writes the cache if anything changed (or files disappeared). Failures are ignored: a cache is optional. */
  save(): void {
    if (!this.dir) return;
    const gone = Object.keys(this.old).some((p) => !Object.prototype.hasOwnProperty.call(this.next, p));
    if (!this.dirty && !gone) return;
    const body: CacheFile = { format: CACHE_FORMAT, version: this.version, entries: this.next };
    const target = join(this.dir, CACHE_FILE);
    const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(tmp, JSON.stringify(body));
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

function isCacheFile(v: unknown): v is CacheFile {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.format === 'number' && typeof o.version === 'string' && !!o.entries && typeof o.entries === 'object' && !Array.isArray(o.entries);
}

/** A cheap shape check so a hand-edited or truncated entry is skipped rather than trusted. */
function isStored(e: unknown): e is StoredEntry {
  if (!e || typeof e !== 'object') return false;
  const o = e as Record<string, unknown>;
  if (typeof o.hash !== 'string' || typeof o.exportsHash !== 'string') return false;
  if (!Array.isArray(o.imports) || !Array.isArray(o.issues) || !o.deps || typeof o.deps !== 'object') return false;
  if (o.result === undefined) return true;
  const r = o.result as Record<string, unknown>;
  return !!r && typeof r === 'object' && Array.isArray(r.hits) && Array.isArray(r.customHits) && Array.isArray(r.truncated) && typeof o.exports === 'string';
}

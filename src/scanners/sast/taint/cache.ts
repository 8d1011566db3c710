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
const CACHE_FORMAT = 1;
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

interface CacheFile {
  format: number;
  version: string;
  entries: Record<string, CacheEntry>;
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
  private readonly old: Record<string, CacheEntry>;
  private readonly next: Record<string, CacheEntry> = {};
  private dirty = false;

  private constructor(
    private readonly dir: string | undefined,
    private readonly version: string,
    old: Record<string, CacheEntry>,
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
    let entries: Record<string, CacheEntry> = {};
    try {
      const parsed: unknown = JSON.parse(readFileSync(join(dir, CACHE_FILE), 'utf8'));
      if (isCacheFile(parsed) && parsed.format === CACHE_FORMAT && parsed.version === version) entries = parsed.entries;
    } catch {
      // Missing or unreadable: start empty.
    }
    return new TaintCache(dir, version, entries);
  }

  /** The entry for `path` if its content hash still matches. */
  lookup(path: string, hash: string): CacheEntry | undefined {
    const e = Object.prototype.hasOwnProperty.call(this.old, path) ? this.old[path] : undefined;
    return e && e.hash === hash && isEntry(e) ? e : undefined;
  }

  /** Keeps `entry` for the next scan (reused entries too: files absent now are dropped). */
  put(path: string, entry: CacheEntry, changed: boolean): void {
    this.next[path] = entry;
    if (changed) this.dirty = true;
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

function isCacheFile(v: unknown): v is CacheFile {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.format === 'number' && typeof o.version === 'string' && !!o.entries && typeof o.entries === 'object' && !Array.isArray(o.entries);
}

/** A cheap shape check so a hand-edited or truncated entry is skipped rather than trusted. */
function isEntry(e: unknown): e is CacheEntry {
  if (!e || typeof e !== 'object') return false;
  const o = e as Record<string, unknown>;
  if (typeof o.hash !== 'string' || typeof o.exportsHash !== 'string') return false;
  if (!Array.isArray(o.imports) || !Array.isArray(o.issues) || !o.deps || typeof o.deps !== 'object') return false;
  if (o.result === undefined) return true;
  const r = o.result as Record<string, unknown>;
  return !!r && typeof r === 'object' && Array.isArray(r.hits) && Array.isArray(r.customHits) && !!r.exports && typeof r.exports === 'object';
}

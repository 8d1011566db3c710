import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { RampartError, InputError } from '../core/errors.js';
import type { ScanIssue } from '../core/scanner.js';
import { importOsv } from './import.js';
import { defaultDbPath, getSources, openDbReadOnly, type SourceRow } from './store.js';
import { rebuildDb, workPath } from './swap.js';
import { trimEndChars } from '../core/trim.js';

export const DEFAULT_SOURCE = 'https://osv-vulnerabilities.storage.googleapis.com';

export interface UpdateProgress {
  ecosystem: string;
  phase: 'download' | 'not-modified' | 'import' | 'done';
  /** Bytes received so far (download) or records imported (import). */
  bytes: number;
  /** Content-Length when the server sent one. */
  total?: number;
}

export interface UpdateOptions {
  dbPath?: string;
  /** Mirror base URL; `<source>/<Ecosystem>/all.zip` is fetched. */
  source?: string;
  /** OSV ecosystem names (`PyPI`, `crates.io`, ...). */
  ecosystems: string[];
  onProgress?: (p: UpdateProgress) => void;
  /** Abort a download that receives nothing for this long (ms, default 60 s). */
  idleTimeoutMs?: number;
}

export interface EcosystemUpdate {
  ecosystem: string;
  status: 'updated' | 'not-modified';
  records?: number;
  bytes?: number;
}

export interface UpdateResult {
  dbPath: string;
  ecosystems: EcosystemUpdate[];
  issues: ScanIssue[];
}

/** A download or mirror problem; the existing database is unchanged. Exit 2. */
export class NetworkError extends RampartError {
  constructor(
    readonly url: string,
    message: string,
  ) {
    super('E_NETWORK', message);
    this.name = 'NetworkError';
  }
}

export function exportUrl(source: string, ecosystem: string): string {
  return `${trimEndChars(source, '/')}/${encodeURIComponent(ecosystem)}/all.zip`;
}

function currentSources(dbPath: string): Map<string, SourceRow> {
  if (!existsSync(dbPath)) return new Map();
  let db;
  try {
    db = openDbReadOnly(dbPath);
  } catch (err) {
    // An outdated file is rebuilt; a locked or corrupt one stops the update untouched.
    if (err instanceof InputError && err.code === 'E_VULNDB_SCHEMA') return new Map();
    throw err;
  }
  try {
    return new Map(getSources(db).map((s) => [s.ecosystem, s]));
  } finally {
    db.close();
  }
}

function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
  return err instanceof Error ? err.message : String(err);
}

interface Downloaded {
  ecosystem: string;
  url: string;
  file?: string;
  etag: string | null;
  lastModified: string | null;
  bytes: number;
}

async function download(ecosystem: string, url: string, prev: SourceRow | undefined, dbPath: string, opts: UpdateOptions): Promise<Downloaded> {
  const headers: Record<string, string> = {};
  // Validators only apply to the same URL (a different mirror has its own).
  if (prev && prev.url === url) {
    if (prev.etag) headers['If-None-Match'] = prev.etag;
    if (prev.last_modified) headers['If-Modified-Since'] = prev.last_modified;
  }
  const ctrl = new AbortController();
  const idle = opts.idleTimeoutMs ?? 60_000;
  let timer = setTimeout(() => ctrl.abort(new Error(`no data for ${idle} ms`)), idle);
  const poke = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => ctrl.abort(new Error(`no data for ${idle} ms`)), idle);
  };
  const unchanged = `; the vulnerability database at ${dbPath} is unchanged`;
  const file = workPath(dbPath, `${encodeURIComponent(ecosystem)}.zip`);
  try {
    let res: Response;
    try {
      res = await fetch(url, { headers, signal: ctrl.signal, redirect: 'follow' });
    } catch (err) {
      throw new NetworkError(url, `cannot download ${url} (${describe(err)})${unchanged}. Offline? Use \`rampart db import FILE\`.`);
    }
    if (res.status === 304) {
      await res.body?.cancel();
      opts.onProgress?.({ ecosystem, phase: 'not-modified', bytes: 0 });
      return { ecosystem, url, etag: prev?.etag ?? null, lastModified: prev?.last_modified ?? null, bytes: 0 };
    }
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel();
      const hint = res.status === 404 ? ` (is "${ecosystem}" an OSV ecosystem name? They are case-sensitive)` : '';
      throw new NetworkError(url, `cannot download ${url}: HTTP ${res.status} ${res.statusText}${hint}${unchanged}`);
    }
    const length = Number(res.headers.get('content-length'));
    const total = Number.isFinite(length) && length > 0 ? length : undefined;
    let bytes = 0;
    const fd = openSync(file, 'w');
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        poke();
        writeSync(fd, chunk);
        bytes += chunk.byteLength;
        opts.onProgress?.({ ecosystem, phase: 'download', bytes, ...(total ? { total } : {}) });
      }
    } catch (err) {
      throw new NetworkError(url, `download of ${url} failed after ${bytes} bytes (${describe(err)})${unchanged}`);
    } finally {
      closeSync(fd);
    }
    if (total !== undefined && bytes !== total) {
      throw new NetworkError(url, `download of ${url} was cut short (${bytes} of ${total} bytes)${unchanged}`);
    }
    return { ecosystem, url, file, etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified'), bytes };
  } catch (err) {
    rmSync(file, { force: true });
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Downloads `<source>/<Ecosystem>/all.zip` for each ecosystem (conditional on the stored ETag and
 * Last-Modified; 304 keeps the data) and swaps in a new database built from a copy of the current
 * one. All or nothing: any network, HTTP or zip failure leaves the previous database as it was.
 */
export async function updateDb(opts: UpdateOptions): Promise<UpdateResult> {
  const dbPath = opts.dbPath ?? defaultDbPath();
  const source = opts.source ?? DEFAULT_SOURCE;
  const ecosystems = [...new Set(opts.ecosystems)];
  if (ecosystems.length === 0) throw new RampartError('E_USAGE', 'no ecosystems to update');
  for (const e of ecosystems) {
    if (e.includes(':')) throw new RampartError('E_USAGE', `"${e}": update the whole ecosystem ("${e.slice(0, e.indexOf(':'))}"), releases are in its export`);
  }
  const prev = currentSources(dbPath);
  mkdirSync(dirname(dbPath), { recursive: true });
  const downloads: Downloaded[] = [];
  try {
    for (const eco of ecosystems) downloads.push(await download(eco, exportUrl(source, eco), prev.get(eco), dbPath, opts));
    return await rebuildDb(dbPath, async (db) => {
      const result: UpdateResult = { dbPath, ecosystems: [], issues: [] };
      const now = new Date().toISOString();
      for (const d of downloads) {
        if (!d.file) {
          if (prev.has(d.ecosystem)) {
            db.prepare('UPDATE sources SET checked_at = ? WHERE ecosystem = ?').run(now, d.ecosystem);
            result.ecosystems.push({ ecosystem: d.ecosystem, status: 'not-modified' });
            continue;
          }
          throw new NetworkError(d.url, `${d.url} answered 304 Not Modified but ${dbPath} holds no ${d.ecosystem} data; the database is unchanged`);
        }
        const r = await importOsv(db, d.file, {
          ecosystem: d.ecosystem,
          source: { url: d.url, etag: d.etag, lastModified: d.lastModified },
          onProgress: (p) => opts.onProgress?.({ ecosystem: d.ecosystem, phase: 'import', bytes: p.records }),
        });
        result.issues.push(...r.issues.map((i) => ({ ...i, path: i.path.replace(d.file!, d.url) })));
        result.ecosystems.push({ ecosystem: d.ecosystem, status: 'updated', records: r.records, bytes: d.bytes });
        opts.onProgress?.({ ecosystem: d.ecosystem, phase: 'done', bytes: d.bytes });
      }
      return result;
    });
  } catch (err) {
    // A zip that fails to import names the temp file; name the URL instead.
    if (err instanceof InputError) {
      const d = downloads.find((x) => x.file && err.path === x.file);
      if (d) throw new InputError(d.url, `${err.message.slice(err.path.length + 2)}; the vulnerability database at ${dbPath} is unchanged`, undefined, err.code);
    }
    throw err;
  } finally {
    for (const d of downloads) if (d.file) rmSync(d.file, { force: true });
  }
}

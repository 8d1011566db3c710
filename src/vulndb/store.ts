import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import envPaths from 'env-paths';
import { InputError } from '../core/errors.js';

export type Db = Database.Database;

/** Bumped whenever the tables change; an older file is rebuilt by `rampart db update`. */
export const SCHEMA_VERSION = 1;

/** `<user cache dir>/vulndb.sqlite` (env-paths 'rampart'), overridden by `--db`. */
export function defaultDbPath(): string {
  return join(envPaths('rampart').cache, 'vulndb.sqlite');
}

/**
 * Tables. `advisories` holds one row per (import ecosystem, record id): a record that affects two
 * ecosystems is stored under each, so replacing one ecosystem never touches another. `affected`
 * holds one row per affected package, keyed for lookup by (ecosystem, normalised name), with its
 * ranges serialized as JSON. `raw` is the whole record, deflated.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sources (
  ecosystem TEXT PRIMARY KEY,
  url TEXT,
  etag TEXT,
  last_modified TEXT,
  imported_at TEXT NOT NULL,
  checked_at TEXT,
  records INTEGER NOT NULL,
  withdrawn INTEGER NOT NULL,
  skipped INTEGER NOT NULL,
  affected INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS advisories (
  rid INTEGER PRIMARY KEY,
  ecosystem TEXT NOT NULL,
  id TEXT NOT NULL,
  modified TEXT,
  published TEXT,
  withdrawn TEXT,
  summary TEXT,
  details TEXT,
  severity_score REAL,
  severity_bucket TEXT,
  severity_vector TEXT,
  severity_source TEXT,
  aliases TEXT NOT NULL,
  related TEXT NOT NULL,
  raw BLOB NOT NULL,
  UNIQUE (ecosystem, id)
);
CREATE TABLE IF NOT EXISTS affected (
  rid INTEGER NOT NULL,
  ecosystem TEXT NOT NULL,
  release TEXT,
  name TEXT NOT NULL,
  package TEXT NOT NULL,
  purl TEXT,
  ranges TEXT NOT NULL,
  versions TEXT,
  severity_score REAL,
  severity_bucket TEXT,
  severity_vector TEXT,
  severity_source TEXT,
  ecosystem_specific TEXT
);
CREATE INDEX IF NOT EXISTS affected_by_package ON affected (ecosystem, name);
CREATE INDEX IF NOT EXISTS affected_by_advisory ON affected (rid);
CREATE TABLE IF NOT EXISTS aliases (
  ecosystem TEXT NOT NULL,
  alias TEXT NOT NULL,
  id TEXT NOT NULL,
  PRIMARY KEY (ecosystem, alias, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS aliases_by_alias ON aliases (alias);
`;

export interface OpenOptions {
  /** How long to wait for another process's lock before failing (ms). */
  timeoutMs?: number;
}

const MISSING_HINT = 'run `rampart db update` (online) or `rampart db import FILE` (offline) to create it';

/** Turns a SQLite failure on `path` into a typed error that names the file. */
export function dbError(path: string, err: unknown): Error {
  const code = (err as { code?: string }).code ?? '';
  const msg = err instanceof Error ? err.message : String(err);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new InputError(path, `vulnerability database is locked by another process (${msg}); try again when it is done`, undefined, 'E_VULNDB_LOCKED');
  }
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new InputError(path, `vulnerability database is corrupt or not a database (${msg}); delete it and ${MISSING_HINT}`, undefined, 'E_VULNDB_CORRUPT');
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_READONLY')) {
    return new InputError(path, `cannot open vulnerability database (${msg})`, undefined, 'E_VULNDB_UNREADABLE');
  }
  return err instanceof Error ? err : new Error(msg);
}

/** Reads and checks `meta.schema_version`; throws a typed error for a foreign, corrupt or older file. */
export function checkSchema(db: Db, path: string): void {
  let row: { value: string } | undefined;
  try {
    const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
    if (!hasMeta) {
      throw new InputError(path, `not a Rampart vulnerability database (no meta table); delete it or pick another --db, then ${MISSING_HINT}`, undefined, 'E_VULNDB_CORRUPT');
    }
    row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw dbError(path, err);
  }
  const version = Number(row?.value);
  if (version !== SCHEMA_VERSION) {
    throw new InputError(
      path,
      `vulnerability database has schema version ${row?.value ?? 'none'}, this Rampart reads version ${SCHEMA_VERSION}; run \`rampart db update\` to rebuild it`,
      undefined,
      'E_VULNDB_SCHEMA',
    );
  }
}

/**
 * Opens an existing database read-only (scans, status). Never writes to the file: a locked,
 * corrupt, foreign or outdated file gives an InputError naming it (exit 2 in the CLI).
 */
export function openDbReadOnly(path: string, opts: OpenOptions = {}): Db {
  if (!existsSync(path)) {
    throw new InputError(path, `no vulnerability database here; ${MISSING_HINT}`, undefined, 'E_VULNDB_MISSING');
  }
  if (!statSync(path).isFile()) throw new InputError(path, 'vulnerability database path is not a file', undefined, 'E_VULNDB_UNREADABLE');
  let db: Db;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: opts.timeoutMs ?? 5000 });
  } catch (err) {
    throw dbError(path, err);
  }
  try {
    checkSchema(db, path);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * Opens (creating if needed) a database for writing. Only ever used on a private working copy
 * (`<db>.tmp-<pid>`, see swap.ts): the live file is replaced by rename, never written in place.
 */
export function openDbForBuild(path: string): Db {
  const db = new Database(path, { timeout: 5000 });
  try {
    // Rollback journal, not WAL: the live file is never written in place (see swap.ts), and a
    // WAL file cannot be opened read-only from a read-only directory (it needs its -shm file).
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -65536');
    db.exec(DDL);
    db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
    db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('created_at', ?)").run(new Date().toISOString());
  } catch (err) {
    db.close();
    throw dbError(path, err);
  }
  return db;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function getMeta(db: Db, key: string): string | undefined {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export interface SourceRow {
  ecosystem: string;
  url: string | null;
  etag: string | null;
  last_modified: string | null;
  imported_at: string;
  checked_at: string | null;
  records: number;
  withdrawn: number;
  skipped: number;
  affected: number;
}

export function getSources(db: Db): SourceRow[] {
  return db.prepare('SELECT * FROM sources ORDER BY ecosystem').all() as SourceRow[];
}

import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type Driver, type Transaction } from 'kysely';
import { RampartError } from '../core/errors.js';
import { migrateToLatest } from './migrations/index.js';
import type { Schema } from './schema.js';

export type StoreDialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Schema>;
  dialect: StoreDialect;
  /**
   * SQLite only. `reader`: a second, read-only connection for hot read paths that run prepared
   * statements (a Kysely query is compiled on every call). It is not Kysely's connection on
   * purpose: that one may be inside another request's open transaction, and a reader must only
   * ever see committed rows. `file`: for the writer thread's connection (server/writer/).
   */
  sqlite?: { reader: import('better-sqlite3').Database; file: string };
  /**
   * How the audit entries of reads and deployment decisions are committed (server.auditSync):
   * `batched` (default) written before the response, fsynced within ~100 ms or by the next
   * durable commit; `full` fsynced before the response. Every other write is always fsynced.
   */
  auditSync?: AuditSync;
  close(): Promise<void>;
}

export type AuditSync = 'batched' | 'full';

export type StoreOptions = ({ dataDir: string; databaseUrl?: undefined } | { databaseUrl: string; dataDir?: string }) & { auditSync?: AuditSync };

/** The SQLite file inside a data directory. */
export const SQLITE_FILE = 'rampart.db';

/**
 * Opens the server's database and migrates it to the latest schema.
 * `databaseUrl` (postgres://...) selects PostgreSQL; otherwise SQLite in `<dataDir>/rampart.db`.
 */
export async function openStore(opts: StoreOptions): Promise<Store> {
  const store = opts.databaseUrl ? await openPostgres(opts.databaseUrl) : await openSqlite(opts.dataDir!);
  if (opts.auditSync) store.auditSync = opts.auditSync;
  try {
    await migrateToLatest(store.db, store.dialect);
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}

async function openSqlite(dataDir: string): Promise<Store> {
  if (!dataDir) throw new RampartError('E_STORE_CONFIG', 'no data directory given (--data-dir) and no DATABASE_URL set');
  ensurePrivateDir(dataDir);
  const { default: Database } = await import('better-sqlite3');
  const path = join(dataDir, SQLITE_FILE);
  let sqlite: import('better-sqlite3').Database;
  try {
    sqlite = new Database(path);
  } catch (e) {
    throw new RampartError('E_STORE_OPEN', `cannot open ${path}: ${(e as Error).message}`);
  }
  applySqlitePragmas(sqlite);
  // SQLite's automatic checkpoint runs inside the commit that crosses the limit, here on the event
  // loop (copying the WAL and two fsyncs). In the server the WAL sync thread checkpoints every
  // 500 ms (server/writer/syncer.ts), so this connection's rare commits should not: the limit
  // (default 1,000 pages) is raised to 10,000 pages (~40 MB), still a bound where no sync thread runs.
  sqlite.pragma('wal_autocheckpoint = 10000');
  const db = new Kysely<Schema>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  // Opened lazily: the file must exist and be in WAL mode first (the connection above did both).
  let reader: import('better-sqlite3').Database | undefined;
  const store: Store = {
    db,
    dialect: 'sqlite',
    close: async () => {
      reader?.close();
      await db.destroy();
    },
  };
  Object.defineProperty(store, 'sqlite', {
    enumerable: true,
    get: () => {
      if (!reader) {
        reader = new Database(path, { readonly: true });
        reader.pragma('busy_timeout = 5000');
      }
      return { reader, file: path };
    },
  });
  return store;
}

/**
 * Kysely's SQLite transactions, begun IMMEDIATE instead of DEFERRED. In WAL mode a deferred
 * transaction that reads and then writes fails at once with SQLITE_BUSY when another connection
 * (the writer thread) committed in between: busy_timeout does not apply to that case. Taking the
 * write lock first makes such a transaction wait its turn instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly cfg: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(cfg);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.cfg);
  }
}

/** The settings every connection to the server's SQLite file uses (this one and the writer thread's). */
export function applySqlitePragmas(sqlite: import('better-sqlite3').Database): void {
  // WAL lets readers run beside the writer; synchronous=FULL fsyncs the WAL on every commit, so a
  // write acknowledged to a client survives SIGKILL and power loss (NORMAL alone would not promise
  // that). The server's hot writes go through the writer thread instead, which commits with NORMAL
  // and acknowledges a write only after the sync thread's fsync (server/writer/syncer.ts explains
  // why that keeps the same promise); every connection keeps synchronous >= NORMAL, so every
  // checkpoint fsyncs the WAL and the database file before the WAL may be restarted.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
}

async function openPostgres(databaseUrl: string): Promise<Store> {
  const pg = await import('pg');
  const { Pool, types } = pg.default;
  // int8 (bigint, e.g. audit seq) arrives as text by default; our values stay below 2^53.
  const getTypeParser = ((oid: number, format?: 'text' | 'binary') => {
    if (oid === types.builtins.INT8 && format !== 'binary') return parseSafeInt;
    return types.getTypeParser(oid, format as 'text');
  }) as typeof types.getTypeParser;
  // Bounded waits: an unreachable server or a stuck statement becomes an error, never a hang.
  const pool = new Pool({
    connectionString: databaseUrl,
    max: 10,
    connectionTimeoutMillis: 10_000,
    statement_timeout: 30_000,
    types: { getTypeParser },
  });
  // An idle client's network error is emitted on the pool; without a listener it would crash.
  pool.on('error', () => {});
  try {
    const c = await pool.connect();
    c.release();
  } catch (e) {
    await pool.end().catch(() => {});
    // The URL may hold a password: name only the host.
    throw new RampartError('E_STORE_OPEN', `cannot connect to PostgreSQL at ${redactUrl(databaseUrl)}: ${(e as Error).message}`);
  }
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

function parseSafeInt(s: string): number {
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new RampartError('E_STORE_RANGE', `integer ${s} is beyond 2^53`);
  return n;
}

/** `postgres://user:pw@host:5432/db` -> `postgres://host:5432/db`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

/**
 * Creates the data directory readable by its owner only (it holds the database and the master
 * key). An existing directory others can read or enter is refused rather than silently chmodded:
 * it may be a directory the user shares on purpose, and the key must not land there.
 */
export function ensurePrivateDir(dir: string): void {
  let st;
  try {
    st = statSync(dir);
  } catch {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700); // mkdir's mode is reduced by the umask; make it exact
      return;
    } catch (e) {
      throw new RampartError('E_STORE_CONFIG', `cannot create data directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  if (!st.isDirectory()) throw new RampartError('E_STORE_CONFIG', `data directory ${dir} exists and is not a directory`);
  if ((st.mode & 0o077) !== 0) {
    throw new RampartError('E_STORE_CONFIG', `data directory ${dir} is accessible to other users: run \`chmod 700 ${dir}\` or choose another --data-dir`);
  }
}

/** A connection or transaction of the store: what a write transaction's callback gets. */
export type StoreDb = Kysely<Schema> | Transaction<Schema>;

/**
 * A write transaction. SQLite: BEGIN IMMEDIATE takes the write lock before anything is read, so a
 * second process on the same file waits (busy_timeout) instead of failing at commit on a stale
 * snapshot. PostgreSQL: an ordinary transaction (callers add row or advisory locks).
 */
export async function writeTx<T>(store: Store, fn: (db: StoreDb) => Promise<T>): Promise<T> {
  if (store.dialect !== 'sqlite') return store.db.transaction().execute(fn);
  return store.db.connection().execute(async (c) => {
    await sql`begin immediate`.execute(c);
    try {
      const r = await fn(c);
      await sql`commit`.execute(c);
      return r;
    } catch (e) {
      await sql`rollback`.execute(c).catch(() => undefined);
      throw e;
    }
  });
}

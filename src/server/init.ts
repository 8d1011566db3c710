import { randomUUID } from 'node:crypto';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, rmdirSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RampartError } from '../core/errors.js';
import { ensurePrivateDir, openStore, SQLITE_FILE, type Store, type StoreDb } from '../store/db.js';
import { isoAt, isoNow } from '../store/schema.js';
import { BUILTIN_ROLES } from './identity/rbac.js';
import { newToken } from './identity/tokens.js';
import { USERNAME_RE } from './identity/usernames.js';
import { generateMasterKey, MASTER_KEY_FILE, masterKeyCheck, masterKeyIdOf, split, writeKeyFile } from './vault/master-key.js';

// The key primitives live with the vault (the one owner of the master key); re-exported for callers of init.
export { MASTER_KEY_FILE, masterKeyCheck, masterKeyIdOf, verifyMasterKeyCheck } from './vault/master-key.js';

export interface InitOptions {
  dataDir: string;
  /** PostgreSQL instead of SQLite in dataDir; the master key still lives in dataDir. */
  databaseUrl?: string;
  adminName?: string;
  /**
   * Shamir split instead of a key file: `keyShares` shares, any `keyThreshold` of which rebuild the
   * key (1 < threshold <= shares <= 255). Give both or neither.
   */
  keyShares?: number;
  keyThreshold?: number;
  /** How long the bootstrap token lives (seconds, 60 s to 30 d); default BOOTSTRAP_TTL_S. */
  bootstrapTtlSeconds?: number;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * The bootstrap token lives 24 hours by default: long enough to set the server up and make a
 * long-lived token of one's own with it (it alone may issue tokens that outlive it), short enough
 * that a token printed into a terminal's scrollback or a CI log is dead by the next day.
 */
export const BOOTSTRAP_TTL_S = 24 * 3600;
export const MAX_BOOTSTRAP_TTL_S = 30 * 24 * 3600;

export interface InitResult {
  dataDir: string;
  /** The key file; undefined when the key was split into shares. */
  masterKeyPath?: string;
  masterKeyId: string;
  /** The key shares (with keyShares): print them once, never store or log them. */
  shares?: string[];
  adminId: string;
  adminName: string;
  tokenId: string;
  /** The bootstrap token: print it once, never store or log it. */
  token: string;
  /** When the bootstrap token stops working (ISO time). */
  tokenExpiresAt: string;
}

/**
 * `rampart server init`: data directory (0700), master key file (0600) or key shares, schema,
 * built-in roles, the first admin (bound to the admin role globally) and a bootstrap token stored
 * only as its hash, which expires after `bootstrapTtlSeconds` (BOOTSTRAP_TTL_S). Refuses to run twice: an existing master key or existing users mean "already
 * initialised". With shares no key is written anywhere: only its check value is stored.
 */
export async function initServer(o: InitOptions): Promise<InitResult> {
  const adminName = o.adminName ?? 'admin';
  if (!USERNAME_RE.test(adminName)) {
    throw new RampartError('E_USAGE', `admin name ${JSON.stringify(adminName.slice(0, 80))}: use lowercase letters, digits, . _ - (up to 64)`);
  }
  const sharing = checkShareOptions(o.keyShares, o.keyThreshold);
  const ttl = o.bootstrapTtlSeconds ?? BOOTSTRAP_TTL_S;
  if (!Number.isInteger(ttl) || ttl < 60 || ttl > MAX_BOOTSTRAP_TTL_S) {
    throw new RampartError('E_USAGE', `bootstrap token lifetime ${ttl} s: expected 60 s to ${MAX_BOOTSTRAP_TTL_S / 86400} days`);
  }
  const masterKeyPath = join(o.dataDir, MASTER_KEY_FILE);
  if (existsSync(masterKeyPath)) {
    throw new RampartError('E_ALREADY_INITIALIZED', `${o.dataDir} is already initialised (${MASTER_KEY_FILE} exists); refusing to overwrite it`);
  }
  // A failed init (database unreachable, folder not writable) leaves no half-made data directory:
  // the folders made here are removed again with what init put in them. In a folder that was
  // there before, what a failed init left (a database without users, no master key) is resumed
  // by running init again. Only what this run made is removed: another init running at the same
  // time on the same folder keeps its files (the data directory itself is made exclusively).
  const made = makeDataDir(o.dataDir);
  ensurePrivateDir(o.dataDir);
  // The SQLite files not there yet are this run's if a failure has to remove them (the master key
  // is removed by initIn itself, and only when this run wrote it).
  const ours = o.databaseUrl ? [] : SQLITE_FILES.filter((f) => !existsSync(join(o.dataDir, f)));
  try {
    assertWritable(o.dataDir);
    return await initIn(o, adminName, ttl, sharing, masterKeyPath);
  } catch (e) {
    if (made.length > 0) undoDirs(o.dataDir, made, ours);
    else if (e instanceof RampartError && e.code !== 'E_ALREADY_INITIALIZED' && e.code !== 'E_USAGE') e.message += '; once that is fixed, rampart server init can be run again: it resumes';
    throw e;
  }
}

async function initIn(o: InitOptions, adminName: string, ttl: number, sharing: { shares: number; threshold: number } | undefined, masterKeyPath: string): Promise<InitResult> {
  const store = await openStore(o.databaseUrl ? { databaseUrl: o.databaseUrl } : { dataDir: o.dataDir });
  try {
    const users = await store.db.selectFrom('users').select('id').limit(1).execute();
    if (users.length > 0) {
      throw new RampartError('E_ALREADY_INITIALIZED', 'the database already has users: this server is initialised; refusing to create another admin');
    }
    const key = generateMasterKey();
    try {
      if (sharing) {
        // Split before seeding: a database must never record a key nobody holds.
        const shares = await split(key, sharing.shares, sharing.threshold);
        return { ...(await seed(store, key, { dataDir: o.dataDir, adminName, split: sharing, ttl, now: o.now })), shares };
      }
      try {
        writeKeyFile(masterKeyPath, key);
      } catch (e) {
        if (e instanceof RampartError && e.code === 'E_KEY_EXISTS') throw new RampartError('E_ALREADY_INITIALIZED', `${masterKeyPath} exists; refusing to overwrite it`);
        throw e;
      }
      try {
        return { ...(await seed(store, key, { dataDir: o.dataDir, adminName, ttl, now: o.now })), masterKeyPath };
      } catch (e) {
        // Leave no key behind for a database that never recorded it, so init can be retried.
        unlinkSync(masterKeyPath);
        throw e;
      }
    } finally {
      key.fill(0);
    }
  } finally {
    await store.close();
  }
}

/** The folders of `dir` that do not exist yet, deepest first (what ensurePrivateDir will make). */
function missingDirs(dir: string): string[] {
  const out: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    out.push(d);
    if (dirname(d) === d) break;
  }
  return out;
}

const SQLITE_FILES = [SQLITE_FILE, `${SQLITE_FILE}-wal`, `${SQLITE_FILE}-shm`, `${SQLITE_FILE}-journal`];

/**
 * Makes the data directory: missing parents recursively, the directory itself exclusively (no
 * `recursive`), so that of two inits at once only one owns it. Returns the folders this call
 * made, deepest first; none when the directory existed, or another process made it first (EEXIST:
 * an existing folder, never removed by this run). Exported for tests.
 */
export function makeDataDir(dataDir: string): string[] {
  const missing = missingDirs(dataDir);
  if (missing.length === 0) return [];
  const leaf = resolve(dataDir);
  try {
    if (missing.length > 1) mkdirSync(dirname(leaf), { recursive: true, mode: 0o700 });
    mkdirSync(leaf, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return [];
    throw new RampartError('E_STORE_CONFIG', `cannot create data directory ${dataDir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  chmodSync(leaf, 0o700); // mkdir's mode is reduced by the umask; make it exact
  return missing;
}

/**
 * Removes the files this run created in a data directory (`ours`), then the folders it made (each
 * only if empty). Exported for tests.
 */
export function undoDirs(dataDir: string, made: string[], ours: readonly string[]): void {
  for (const f of ours) {
    try {
      unlinkSync(join(dataDir, f));
    } catch {
      // not there
    }
  }
  for (const d of made) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty (something else is in it) or not ours to remove: leave it and what is above
    }
  }
}

/** A data directory this user cannot write is named as such, before SQLite says "unable to open database file". */
function assertWritable(dir: string): void {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw new RampartError('E_STORE_CONFIG', `data directory ${dir} is not writable by this user${typeof process.getuid === 'function' ? ` (uid ${process.getuid()})` : ''}: fix its owner or mode, or choose another --data-dir`);
  }
}

/** Both share options or neither; validated before anything is created. */
function checkShareOptions(shares: number | undefined, threshold: number | undefined): { shares: number; threshold: number } | undefined {
  if (shares === undefined && threshold === undefined) return undefined;
  if (shares === undefined || threshold === undefined) throw new RampartError('E_USAGE', '--key-shares and --key-threshold go together');
  if (!Number.isInteger(shares) || !Number.isInteger(threshold) || threshold < 2 || threshold > shares || shares > 255) {
    throw new RampartError('E_USAGE', `key shares ${shares} / threshold ${threshold}: need 1 < threshold <= shares <= 255`);
  }
  return { shares, threshold };
}

/** The five built-in roles as rows (ids are their names); rows already there are kept. */
export async function seedBuiltinRoles(db: StoreDb, now = isoNow()): Promise<void> {
  for (const r of BUILTIN_ROLES) {
    await db
      .insertInto('roles')
      .values({ id: r.id, name: r.name, project_id: null, permissions: JSON.stringify(r.permissions), description: r.description ?? null, builtin: 1, created_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

async function seed(
  store: Store,
  key: Buffer,
  o: { dataDir: string; adminName: string; split?: { shares: number; threshold: number }; ttl: number; now?: () => number },
): Promise<InitResult> {
  const at = o.now?.() ?? Date.now();
  const now = isoAt(at);
  const tokenExpiresAt = isoAt(at + o.ttl * 1000);
  const masterKeyId = masterKeyIdOf(key);
  const adminId = randomUUID();
  const t = newToken('user');
  await store.db.transaction().execute(async (tx) => {
    // A split's t and n are kept for seal-status (never the shares or their set id).
    await tx
      .insertInto('master_keys')
      .values({ id: masterKeyId, check_value: masterKeyCheck(key), created_at: now, retired_at: null, ...(o.split ? { key_shares: o.split.shares, key_threshold: o.split.threshold } : {}) })
      .execute();
    await seedBuiltinRoles(tx, now);
    await tx.insertInto('users').values({ id: adminId, username: o.adminName, display_name: null, password_hash: null, disabled_at: null, created_at: now }).execute();
    await tx
      .insertInto('role_bindings')
      .values({ id: randomUUID(), principal_kind: 'user', principal_id: adminId, role_id: 'admin', project_id: null, created_by: null, created_at: now })
      .execute();
    await tx
      .insertInto('api_tokens')
      .values({
        id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'user', owner_id: adminId, name: 'bootstrap', role_id: null, project_id: null,
        expires_at: tokenExpiresAt, revoked_at: null, last_used_at: null, created_at: now, bootstrap: 1,
      })
      .execute();
  });
  return { dataDir: o.dataDir, masterKeyId, adminId, adminName: o.adminName, tokenId: t.id, token: t.token, tokenExpiresAt };
}

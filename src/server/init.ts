import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, openSync, closeSync, writeSync, fsyncSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { RampartError } from '../core/errors.js';
import { ensurePrivateDir, openStore, type Store } from '../store/db.js';
import { isoNow } from '../store/schema.js';
import { BUILTIN_ROLES } from './identity/rbac.js';
import { newToken } from './identity/tokens.js';

export const MASTER_KEY_FILE = 'master.key';
const KEY_BYTES = 32;
const CHECK_PLAINTEXT = Buffer.from('rampart master key check v1', 'utf8');

export interface InitOptions {
  dataDir: string;
  /** PostgreSQL instead of SQLite in dataDir; the master key still lives in dataDir. */
  databaseUrl?: string;
  adminName?: string;
}

export interface InitResult {
  dataDir: string;
  masterKeyPath: string;
  masterKeyId: string;
  adminId: string;
  adminName: string;
  tokenId: string;
  /** The bootstrap token: print it once, never store or log it. */
  token: string;
}

/**
 * `rampart server init`: data directory (0700), master key file (0600), schema, built-in roles,
 * the first admin (bound to the admin role globally) and a bootstrap token stored only as its
 * hash. Refuses to run twice: an existing master key or existing users mean "already initialised".
 */
export async function initServer(o: InitOptions): Promise<InitResult> {
  const adminName = o.adminName ?? 'admin';
  if (!/^[a-z][a-z0-9._-]{0,63}$/.test(adminName)) {
    throw new RampartError('E_USAGE', `admin name ${JSON.stringify(adminName.slice(0, 80))}: use lowercase letters, digits, . _ - (up to 64)`);
  }
  ensurePrivateDir(o.dataDir);
  const masterKeyPath = join(o.dataDir, MASTER_KEY_FILE);
  if (existsSync(masterKeyPath)) {
    throw new RampartError('E_ALREADY_INITIALIZED', `${o.dataDir} is already initialised (${MASTER_KEY_FILE} exists); refusing to overwrite it`);
  }
  const store = await openStore(o.databaseUrl ? { databaseUrl: o.databaseUrl } : { dataDir: o.dataDir });
  try {
    const users = await store.db.selectFrom('users').select('id').limit(1).execute();
    if (users.length > 0) {
      throw new RampartError('E_ALREADY_INITIALIZED', 'the database already has users: this server is initialised; refusing to create another admin');
    }
    const key = createMasterKeyFile(masterKeyPath);
    try {
      return await seed(store, key, { dataDir: o.dataDir, masterKeyPath, adminName });
    } catch (e) {
      // Leave no key behind for a database that never recorded it, so init can be retried.
      unlinkSync(masterKeyPath);
      throw e;
    } finally {
      key.fill(0);
    }
  } finally {
    await store.close();
  }
}

async function seed(store: Store, key: Buffer, o: { dataDir: string; masterKeyPath: string; adminName: string }): Promise<InitResult> {
  const now = isoNow();
  const masterKeyId = masterKeyIdOf(key);
  const adminId = randomUUID();
  const t = newToken('user');
  await store.db.transaction().execute(async (tx) => {
    await tx.insertInto('master_keys').values({ id: masterKeyId, check_value: masterKeyCheck(key), created_at: now, retired_at: null }).execute();
    for (const r of BUILTIN_ROLES) {
      await tx
        .insertInto('roles')
        .values({ id: r.id, name: r.name, project_id: null, permissions: JSON.stringify(r.permissions), description: r.description ?? null, builtin: 1, created_at: now })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
    await tx.insertInto('users').values({ id: adminId, username: o.adminName, display_name: null, password_hash: null, disabled_at: null, created_at: now }).execute();
    await tx
      .insertInto('role_bindings')
      .values({ id: randomUUID(), principal_kind: 'user', principal_id: adminId, role_id: 'admin', project_id: null, created_by: null, created_at: now })
      .execute();
    await tx
      .insertInto('api_tokens')
      .values({
        id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'user', owner_id: adminId, name: 'bootstrap', role_id: null, project_id: null,
        expires_at: null, revoked_at: null, last_used_at: null, created_at: now,
      })
      .execute();
  });
  return { dataDir: o.dataDir, masterKeyPath: o.masterKeyPath, masterKeyId, adminId, adminName: o.adminName, tokenId: t.id, token: t.token };
}

// ---- master key handling: kept together so the vault can take it over in one place ----

/** Writes 32 fresh random bytes to a new 0600 file (never overwrites) and fsyncs it. */
export function createMasterKeyFile(path: string): Buffer {
  const key = randomBytes(KEY_BYTES);
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new RampartError('E_ALREADY_INITIALIZED', `${path} exists; refusing to overwrite it`);
    throw e;
  }
  try {
    writeSync(fd, key);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return key;
}

/** Reads the master key file, refusing a wrong size or a file others may read. */
export function loadMasterKey(dataDir: string): Buffer {
  const path = join(dataDir, MASTER_KEY_FILE);
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new RampartError('E_NOT_INITIALIZED', `${path} not found: run \`rampart server init --data-dir ${dataDir}\` first`);
  }
  if ((st.mode & 0o077) !== 0) throw new RampartError('E_KEY_PERMISSIONS', `${path} is readable by others: run \`chmod 600 ${path}\``);
  const key = readFileSync(path);
  if (key.length !== KEY_BYTES) throw new RampartError('E_KEY_INVALID', `${path} must hold exactly ${KEY_BYTES} bytes`);
  return key;
}

/** A stable, non-secret id for a key (a hash of it under a fixed label). */
export function masterKeyIdOf(key: Buffer): string {
  return 'mk_' + createHash('sha256').update('rampart master key id\0').update(key).digest('hex').slice(0, 16);
}

/** AES-256-GCM of a fixed text under the key: iv(12) || ciphertext || tag(16). */
export function masterKeyCheck(key: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([c.update(CHECK_PLAINTEXT), c.final()]);
  return Buffer.concat([iv, ct, c.getAuthTag()]);
}

/** True when `check` was made by masterKeyCheck with this key. */
export function verifyMasterKeyCheck(key: Buffer, check: Buffer): boolean {
  if (check.length !== 12 + CHECK_PLAINTEXT.length + 16) return false;
  try {
    const d = createDecipheriv('aes-256-gcm', key, check.subarray(0, 12));
    d.setAuthTag(check.subarray(check.length - 16));
    const pt = Buffer.concat([d.update(check.subarray(12, check.length - 16)), d.final()]);
    return pt.equals(CHECK_PLAINTEXT);
  } catch {
    return false;
  }
}

/** Confirms the loaded key is the store's current master key (not a stray or another server's). */
export async function checkMasterKey(store: Store, key: Buffer): Promise<string> {
  const id = masterKeyIdOf(key);
  const row = await store.db.selectFrom('master_keys').select(['check_value', 'retired_at']).where('id', '=', id).executeTakeFirst();
  if (!row || row.retired_at !== null || !verifyMasterKeyCheck(key, row.check_value)) {
    throw new RampartError('E_KEY_MISMATCH', 'the master key does not match this database (wrong data directory or DATABASE_URL?)');
  }
  return id;
}

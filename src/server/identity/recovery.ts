import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { RampartError } from '../../core/errors.js';
import { openStore, SQLITE_FILE, type Store } from '../../store/db.js';
import { isoAt } from '../../store/schema.js';
import { AuditLog, loadSigningKey } from '../audit/log.js';
import { combine, Keyring, loadDataDirKeys, MASTER_KEY_ENV, MASTER_KEY_FILE } from '../vault/master-key.js';
import { raiseIdentityEpoch } from './epoch.js';
import { IDENTITY_LOCK, IDENTITY_LOCK_CLASS } from './routes.js';
import { newToken } from './tokens.js';
import { USERNAME_RE } from './usernames.js';

/**
 * `rampart server admin-token`: the way back in for an operator locked out of every admin token
 * (all expired or revoked; an expired token cannot renew and `server init` runs once), as Vault's
 * `operator generate-root` or a GitLab rails console are. It runs on the server host, against the
 * database the server uses, and asks for what only the server's operator holds: the data
 * directory and the master key (master.key, RAMPART_MASTER_KEY, or the threshold of key shares),
 * checked against the database before anything is written. It mints one short-lived token for a
 * global admin, a named user that is one or a new user it binds to `admin`, and writes that in one
 * transaction with an audit entry (actor `local:recovery`; never the token). The token is marked
 * like the bootstrap token: it may issue a lasting token that outlives it (its purpose) and is not
 * renewed. A running server sees it on the next request (SQLite WAL, PostgreSQL).
 */

export const RECOVERY_TTL_S = 3600;
export const MAX_RECOVERY_TTL_S = 24 * 3600;
export const RECOVERY_USER = 'recovery';
/** The audit entry's actor: no principal, the host's operator. */
export const RECOVERY_ACTOR = 'local:recovery';

export interface RecoveryOptions {
  dataDir: string;
  databaseUrl?: string;
  /** The admin to mint for: an existing global admin, or a user made now (default RECOVERY_USER). */
  name?: string;
  /** Token lifetime in seconds (60 s to MAX_RECOVERY_TTL_S; default RECOVERY_TTL_S). */
  ttlSeconds?: number;
  /** Key shares (a split master key): at least the threshold. */
  shares?: string[];
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

export interface RecoveryResult {
  /** Print once; never store or log it. */
  token: string;
  tokenId: string;
  userId: string;
  username: string;
  /** The user was made now (and bound to admin globally). */
  userCreated: boolean;
  expiresAt: string;
  /** The master key id that vouched for the operator. */
  keyId: string;
}

const fail = (code: string, msg: string) => new RampartError(code, msg);

export async function mintRecoveryToken(o: RecoveryOptions): Promise<RecoveryResult> {
  const name = o.name ?? RECOVERY_USER;
  if (!USERNAME_RE.test(name)) throw fail('E_USAGE', `--name ${JSON.stringify(name.slice(0, 80))}: use lowercase letters, digits, . _ - (up to 64)`);
  const ttl = o.ttlSeconds ?? RECOVERY_TTL_S;
  if (!Number.isInteger(ttl) || ttl < 60 || ttl > MAX_RECOVERY_TTL_S) throw fail('E_USAGE', `--expires: a recovery token lives 60 s to ${MAX_RECOVERY_TTL_S / 3600} h (it is for making a lasting token)`);
  checkDataDir(o.dataDir, o.databaseUrl);
  const store = await openStore(o.databaseUrl ? { databaseUrl: o.databaseUrl } : { dataDir: o.dataDir });
  let keyring: Keyring | undefined;
  let audit: AuditLog | undefined;
  try {
    keyring = await Keyring.load(store);
    const keyId = await proveKey(store, keyring, o);
    // The server's audit key: made here only for a log with no entries yet (a server initialised
    // but never started, its bootstrap token lapsed); otherwise a new key would sign entries that
    // nobody can verify against the published one, so a missing key is refused.
    const empty = (await store.db.selectFrom('audit_entries').select('seq').limit(1).execute()).length === 0;
    audit = await AuditLog.open(store, { signingKey: loadSigningKey(o.dataDir, { create: empty }), checkpoints: false });
    const t = newToken('user');
    const at = o.now?.() ?? Date.now();
    const expiresAt = isoAt(at + ttl * 1000);
    const out = await store.db.transaction().execute(async (trx) => {
      // Serialised with the running server's identity changes (PostgreSQL; SQLite: BEGIN IMMEDIATE).
      if (store.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${IDENTITY_LOCK_CLASS}, ${IDENTITY_LOCK})`.execute(trx);
      const user = await trx.selectFrom('users').select(['id', 'disabled_at']).where('username', '=', name).executeTakeFirst();
      let userId: string;
      if (user) {
        if (user.disabled_at !== null) throw fail('E_RECOVERY_USER', `user ${name} is disabled: choose another --name (a new user is made admin)`);
        const admin = await trx.selectFrom('role_bindings').select('id').where('principal_kind', '=', 'user').where('principal_id', '=', user.id).where('role_id', '=', 'admin').where('project_id', 'is', null).executeTakeFirst();
        // Making an existing account admin is a grant nobody reviewed: a new, visible user instead.
        if (!admin) throw fail('E_RECOVERY_USER', `user ${name} exists but is not a global admin: choose another --name (a new user is made admin), e.g. --name ${RECOVERY_USER}-${isoAt(at).slice(0, 10).replace(/-/g, '')}`);
        userId = user.id;
      } else {
        userId = randomUUID();
        await trx.insertInto('users').values({ id: userId, username: name, display_name: 'local recovery', password_hash: null, disabled_at: null, created_at: isoAt(at) }).execute();
        await trx
          .insertInto('role_bindings')
          .values({ id: randomUUID(), principal_kind: 'user', principal_id: userId, role_id: 'admin', project_id: null, created_by: RECOVERY_ACTOR, created_at: isoAt(at), paths: null })
          .execute();
      }
      await trx
        .insertInto('api_tokens')
        .values({
          id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'user', owner_id: userId, name: 'recovery', role_id: null, project_id: null,
          expires_at: expiresAt, revoked_at: null, last_used_at: null, created_at: isoAt(at), bootstrap: 1, issued_by: null, not_after: null,
        })
        .execute();
      await raiseIdentityEpoch(trx);
      await audit!.appendIn(trx, {
        actor: RECOVERY_ACTOR,
        action: 'token.recover',
        resource: `user:${userId}`,
        outcome: 'allow',
        detail: { who: 'local recovery', username: name, userCreated: !user, tokenId: t.id, expiresAt, keyId, host: hostname(), osUser: safeUser() },
      });
      return { userId, userCreated: !user };
    });
    return { token: t.token, tokenId: t.id, userId: out.userId, username: name, userCreated: out.userCreated, expiresAt, keyId };
  } finally {
    await audit?.close();
    keyring?.seal();
    await store.close();
  }
}

/**
 * The data directory must be there (and the SQLite database in it): recovery never creates a
 * server. Run as another user than its owner, SQLite would make WAL files the server cannot open.
 */
function checkDataDir(dataDir: string, databaseUrl: string | undefined): void {
  let st;
  try {
    st = statSync(dataDir);
  } catch {
    throw fail('E_NOT_INITIALIZED', `data directory ${dataDir} not found: run this on the server host with the server's --data-dir (or RAMPART_DATA_DIR)`);
  }
  if (!st.isDirectory()) throw fail('E_NOT_INITIALIZED', `${dataDir} is not a directory`);
  if (typeof process.getuid === 'function' && process.getuid() !== st.uid) {
    throw fail('E_RECOVERY_OWNER', `data directory ${dataDir} belongs to uid ${st.uid}, this is uid ${process.getuid()}: run as the server's user (e.g. sudo -u <user> rampart server admin-token ...)`);
  }
  if (!databaseUrl && !existsSync(join(dataDir, SQLITE_FILE))) {
    throw fail('E_NOT_INITIALIZED', `no database ${join(dataDir, SQLITE_FILE)}: not an initialised data directory (a PostgreSQL server needs DATABASE_URL set as for the server)`);
  }
}

/** Loads the master key as the server would and checks it against the database; returns its id. */
async function proveKey(store: Store, keyring: Keyring, o: RecoveryOptions): Promise<string> {
  const rows = await store.db.selectFrom('master_keys').select('id').limit(1).execute();
  if (rows.length === 0) throw fail('E_NOT_INITIALIZED', 'the database has no master key: not an initialised server (run rampart server init)');
  loadDataDirKeys(keyring, { dataDir: o.dataDir, env: o.env ?? process.env });
  if (keyring.sealed && o.shares && o.shares.length > 0) {
    const key = await combine(o.shares);
    try {
      keyring.add(key);
    } finally {
      key.fill(0);
    }
  }
  if (keyring.sealed) {
    throw fail(
      'E_KEY_MISSING',
      `no master key: neither ${MASTER_KEY_ENV} nor ${join(o.dataDir, MASTER_KEY_FILE)}` +
        (o.shares?.length ? '' : '; a key split into shares: give the threshold of them on stdin, one a line, with --shares -') +
        ' (recovery needs the key the server uses)',
    );
  }
  return keyring.currentId;
}

function safeUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

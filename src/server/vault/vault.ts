import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { RampartError } from '../../core/errors.js';
import { writeTx, type Store, type StoreDb } from '../../store/db.js';
import { isoAt } from '../../store/schema.js';
import type { Transaction } from 'kysely';
import type { Schema } from '../../store/schema.js';
import { normaliseInput, type AuditInput, type JsonObject } from '../audit/entry.js';
import type { AuditLog } from '../audit/log.js';
import { principalNames } from '../identity/principal-names.js';
import { JobError, type SqliteWriter } from '../writer/writer.js';
import { newDataKey, openValue, seal } from './envelope.js';
import type { Keyring } from './master-key.js';
import { rotationState, type RotationState } from './rotation.js';

/**
 * The secrets vault over the store (issue 7): versioned secrets per project and path, each version
 * sealed by envelope.ts under the keyring's current master key.
 *
 * - put: a new version; with `cas` only if the current version equals it. The version number is
 *   claimed by a conditional UPDATE of the secret's row (row lock on PostgreSQL, the write lock on
 *   SQLite), so of concurrent writers with the same `cas` exactly one wins and the rest get
 *   VaultConflictError. The (secret_id, version) primary key backs this up.
 * - keeps at most `max_versions` versions: older ones are destroyed (ciphertext and wrapped key
 *   wiped, the metadata kept for history).
 * - delete / undelete are soft (reversible); destroy is not.
 *
 * Access control and audit belong to the caller: every operation returns an `audit` record (actor,
 * action, resource, versions) that never holds the value.
 */

export const DEFAULT_MAX_VERSIONS = 10;
/** Versions listed in a secret's metadata (and its audit entry), newest first. */
export const METADATA_VERSIONS = 100;
export const DEFAULT_MAX_VALUE_BYTES = 64 * 1024;
const MAX_PATH = 256;
const MAX_PROJECT = 128;
// Segments of safe characters separated by single slashes; the separator is outside the class, so
// matching is linear.
const PATH_RE = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;
const PREFIX_RE = /^[A-Za-z0-9._/-]*$/;
/** A `.` or `..` segment (one or two dots between slashes or the ends); no nesting, linear. */
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

export type VaultAction = 'secret.write' | 'secret.read' | 'secret.list' | 'secret.history' | 'secret.delete' | 'secret.undelete' | 'secret.destroy' | 'secret.policy' | 'secret.metadata';

/** What an audit entry needs; never the value. */
export interface VaultAudit {
  actor: string;
  action: VaultAction;
  /** `projects/<project>/secrets/<path>` (or `.../secrets/<prefix>*` for a listing). */
  resource: string;
  project: string;
  path: string;
  versions: number[];
}

export interface VaultOptions {
  /** Versions kept for a new secret unless put says otherwise (default 10). */
  defaultMaxVersions?: number;
  /** Largest value accepted (default 64 KiB). */
  maxValueBytes?: number;
  /** Clock (tests). */
  now?: () => Date;
  /** SQLite: writes go through the writer thread (group commit), reads use prepared statements. */
  writer?: SqliteWriter;
  /**
   * false: no cache of encrypted rows, every read reads its row (several server processes on one
   * database, `rampart server --http-workers N`: a write made by another process is seen at once,
   * not after the cache's TTL). Default true.
   */
  rowCache?: boolean;
}

export interface PutOptions {
  actor: string;
  /** Check-and-set: write only if the current version is this (0 = the secret must not exist yet). */
  cas?: number;
  /** Changes how many versions are kept. */
  maxVersions?: number;
  /** Changes the rotation policy: the current version is due for rotation after this many seconds (null = never). */
  rotationMaxAgeS?: number | null;
  /**
   * The write's audit entry, committed in the same transaction as the write (both or neither).
   * The vault adds `detail.versions` (the new version, then any destroyed).
   */
  audit?: { log: AuditLog; entry: AuditInput };
}

export interface PutResult {
  project: string;
  path: string;
  version: number;
  /** Older versions destroyed by this write to stay within max_versions. */
  destroyed: number[];
  audit: VaultAudit;
}

export interface GetResult {
  /** The plaintext. The caller should zero it (`value.fill(0)`) when done. */
  value: Buffer;
  version: number;
  createdAt: string;
  createdBy: string;
  /** The secret's rotation max age (null = none) and whether `version` is its current version. */
  rotationMaxAgeS: number | null;
  isCurrent: boolean;
  audit: VaultAudit;
}

export interface SecretSummary {
  path: string;
  currentVersion: number;
  maxVersions: number;
  rotationMaxAgeS: number | null;
  /** Every write must give cas. */
  casRequired: boolean;
  createdAt: string;
  updatedAt: string;
  /** The current version is soft-deleted or destroyed (a read without a version fails). */
  currentDeleted: boolean;
}

/** A secrets row's policy and times as list() and metadata() answer them. */
function summaryOf(
  path: string,
  r: { current_version: number; max_versions: number; rotation_max_age_s: number | null; cas_required: number; created_at: string; updated_at: string },
  currentDeleted: boolean,
): SecretSummary {
  return {
    path,
    currentVersion: r.current_version,
    maxVersions: r.max_versions,
    rotationMaxAgeS: r.rotation_max_age_s,
    casRequired: r.cas_required === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    currentDeleted,
  };
}

export interface VersionInfo {
  version: number;
  createdAt: string;
  createdBy: string;
  /** The writer's username, service account or trust policy name; null if deleted since. */
  createdByName: string | null;
  deletedAt: string | null;
  destroyed: boolean;
  keyId: string;
}

/**
 * One secret's metadata without its value (Vault's `kv metadata get`): the policy, the times, the
 * state of the current version, the rotation state and every version's metadata, newest first.
 */
export interface SecretMetadata extends SecretSummary {
  /** Lowest version that is neither destroyed nor soft-deleted (0: none). */
  oldestVersion: number;
  /** The current version's rotation state, when the secret has a rotation max age and a version. */
  rotation: RotationState | null;
  /** The newest METADATA_VERSIONS versions (destroyed ones keep their metadata: the list would grow for ever). */
  versions: VersionInfo[];
  /** Every version ever written, those left out of `versions` included. */
  versionCount: number;
}

export interface RotationDue {
  project: string;
  path: string;
  version: number;
  createdAt: string;
  ageS: number;
  maxAgeS: number;
}

/** A check-and-set write lost: the secret's current version is not the one the writer expected. */
export class VaultConflictError extends RampartError {
  constructor(
    readonly expected: number,
    readonly current: number,
  ) {
    super('E_VAULT_CONFLICT', `check-and-set failed: expected version ${expected}, the current version is ${current}`);
    this.name = 'VaultConflictError';
  }
}

export class Vault {
  private readonly defaultMaxVersions: number;
  private readonly maxValueBytes: number;
  private readonly now: () => Date;
  private readonly writer: SqliteWriter | undefined;
  private readonly reads: HotReads | undefined;

  private constructor(
    private readonly store: Store,
    private readonly keyring: Keyring,
    o: VaultOptions,
  ) {
    this.defaultMaxVersions = positiveInt(o.defaultMaxVersions ?? DEFAULT_MAX_VERSIONS, 'defaultMaxVersions');
    this.maxValueBytes = positiveInt(o.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES, 'maxValueBytes');
    this.now = o.now ?? (() => new Date());
    this.writer = o.writer;
    this.reads = store.sqlite ? hotReads(store.sqlite.reader, o.rowCache === false ? 0 : ROW_TTL_MS) : undefined;
  }

  static async open(store: Store, keyring: Keyring, o: VaultOptions = {}): Promise<Vault> {
    // SQLite keeps deleted or overwritten record bytes in free pages unless told to zero them:
    // destroyed versions must not be recoverable from the file.
    if (store.dialect === 'sqlite') await sql`pragma secure_delete = on`.execute(store.db);
    return new Vault(store, keyring, o);
  }

  /** Writes a new version; returns its number. */
  async put(project: string, path: string, value: Buffer | string, o: PutOptions): Promise<PutResult> {
    checkProject(project);
    checkPath(path);
    checkActor(o.actor);
    if (o.cas !== undefined && (!Number.isSafeInteger(o.cas) || o.cas < 0)) throw invalid('cas must be a version number (0 or more)');
    if (o.maxVersions !== undefined) positiveInt(o.maxVersions, 'maxVersions');
    if (o.rotationMaxAgeS != null) positiveInt(o.rotationMaxAgeS, 'rotationMaxAgeS');
    const size = typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length;
    if (size > this.maxValueBytes) throw invalid(`the value is ${size} bytes; at most ${this.maxValueBytes} are allowed`);
    const master = this.keyring.current();
    const now = isoAt(this.now());
    const entry = o.audit ? normaliseInput(o.audit.entry, this.now()) : undefined;
    if (this.writer) {
      try {
        const r = await this.putInWriter(this.writer, project, path, value, size, master, now, o, entry);
        return { project, path, ...r, audit: audit(o.actor, 'secret.write', project, path, [r.version, ...r.destroyed]) };
      } finally {
        // After the commit and before the answer: a read that starts later sees the new version.
        this.changed(project, path);
      }
    }

    const r = await writeTx(this.store, async (tx) => {
      const proj = await tx.selectFrom('projects').select('id').where('id', '=', project).executeTakeFirst();
      if (!proj) throw new RampartError('E_VAULT_NOT_FOUND', `project ${project} not found`);
      // Create the secret's row if missing; a concurrent creator's row wins and we use it.
      await tx
        .insertInto('secrets')
        .values({
          id: randomUUID(), project_id: project, path, current_version: 0, max_versions: o.maxVersions ?? this.defaultMaxVersions,
          rotation_max_age_s: o.rotationMaxAgeS ?? null, created_at: now, updated_at: now, deleted_at: null,
        })
        .onConflict((oc) => oc.columns(['project_id', 'path']).doNothing())
        .execute();
      const policy = {
        updated_at: now,
        ...(o.maxVersions !== undefined ? { max_versions: o.maxVersions } : {}),
        ...(o.rotationMaxAgeS !== undefined ? { rotation_max_age_s: o.rotationMaxAgeS } : {}),
      };
      let q = tx
        .updateTable('secrets')
        .set((eb) => ({ ...policy, current_version: eb('current_version', '+', 1) }))
        .where('project_id', '=', project)
        .where('path', '=', path);
      // A secret whose metadata requires check-and-set is claimed only by a write that gives cas.
      q = o.cas !== undefined ? q.where('current_version', '=', o.cas) : q.where('cas_required', '=', 0);
      const claimed = await q.returning(['id', 'current_version', 'max_versions']).executeTakeFirst();
      if (!claimed) {
        const cur = await tx.selectFrom('secrets').select('current_version').where('project_id', '=', project).where('path', '=', path).executeTakeFirst();
        if (o.cas === undefined) throw casRequired(path);
        throw new VaultConflictError(o.cas, cur?.current_version ?? 0);
      }
      const version = claimed.current_version;
      const sealed = seal(value, { project, path, version }, master);
      try {
        await tx
          .insertInto('secret_versions')
          .values({
            secret_id: claimed.id, version, ciphertext: sealed.ciphertext, wrapped_data_key: sealed.wrappedKey, key_id: sealed.keyId,
            created_at: now, created_by: o.actor, deleted_at: null, destroyed: 0,
          })
          .execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw new VaultConflictError(o.cas ?? version - 1, version);
        throw e;
      }
      // Only the version that just fell out can be live below keepFrom, unless this write lowers
      // max_versions (see the writer thread's put for why).
      const keepFrom = version - claimed.max_versions + 1;
      const destroyed = await destroyBelow(tx, claimed.id, keepFrom, o.maxVersions === undefined ? keepFrom - 1 : 1);
      if (o.audit) {
        const { entry: e } = o.audit;
        await o.audit.log.appendIn(tx as Transaction<Schema>, { ...e, detail: { ...e.detail, versions: [version, ...destroyed] } });
      }
      return { version, destroyed };
    }).finally(() => this.changed(project, path));
    return { project, path, ...r, audit: audit(o.actor, 'secret.write', project, path, [r.version, ...r.destroyed]) };
  }

  /** put() through the writer thread: the data key is made and wrapped here, the value sealed there. */
  private async putInWriter(
    writer: SqliteWriter,
    project: string,
    path: string,
    value: Buffer | string,
    size: number,
    master: ReturnType<Keyring['current']>,
    now: string,
    o: PutOptions,
    entry: ReturnType<typeof normaliseInput> | undefined,
  ): Promise<{ version: number; destroyed: number[] }> {
    const dk = newDataKey(master);
    // Copies with buffers of their own, handed over (transferred) to the worker: none stays here.
    const plain = new Uint8Array(size);
    if (typeof value === 'string') plain.set(Buffer.from(value, 'utf8'));
    else plain.set(value);
    const dataKey = new Uint8Array(dk.dataKey);
    dk.dataKey.fill(0);
    try {
      const r = await writer.submit(
        {
          kind: 'vault.put',
          project,
          path,
          value: plain,
          dataKey,
          // A copy of its own: a pooled Buffer's view would carry its whole pool slab across.
          wrappedKey: new Uint8Array(dk.wrappedKey),
          keyId: dk.keyId,
          actor: o.actor,
          ...(o.cas !== undefined ? { cas: o.cas } : {}),
          ...(o.maxVersions !== undefined ? { maxVersions: o.maxVersions } : {}),
          ...(o.rotationMaxAgeS !== undefined ? { rotationMaxAgeS: o.rotationMaxAgeS } : {}),
          defaultMaxVersions: this.defaultMaxVersions,
          now,
          ...(entry ? { audit: { ...entry, detail: entry.detail as JsonObject } } : {}),
        },
        [plain.buffer as ArrayBuffer, dataKey.buffer as ArrayBuffer],
      );
      if (o.audit) o.audit.log.afterWrite(r.entries);
      return r.put!;
    } catch (e) {
      if (e instanceof JobError && e.code === 'E_VAULT_CONFLICT') throw new VaultConflictError(e.wire.expected ?? 0, e.wire.current ?? 0);
      if (e instanceof JobError && e.code === 'E_VAULT_CAS_REQUIRED') throw casRequired(path);
      throw e;
    } finally {
      // Only reached non-empty when the transfer did not happen (postMessage failed).
      if (plain.byteLength) plain.fill(0);
      if (dataKey.byteLength) dataKey.fill(0);
    }
  }

  /** The arguments of a read, and the vault unsealed (get and getNow). */
  private checkRead(project: string, path: string, o: { actor: string; version?: number }): void {
    checkProject(project);
    checkPath(path);
    checkActor(o.actor);
    if (o.version !== undefined && (!Number.isSafeInteger(o.version) || o.version < 1)) throw invalid('version must be a positive integer');
    if (this.keyring.sealed) this.keyring.current(); // throws E_SEALED
  }

  /** Reads the current version, or `version`. Deleted and destroyed versions are refused. */
  async get(project: string, path: string, o: { actor: string; version?: number }): Promise<GetResult> {
    if (this.reads) return this.getNow(project, path, o)!;
    this.checkRead(project, path, o);
    const key = secretKey(project, path);
    const stamp = this.keyring.dataKeys.stamp;
    const secret = await this.secretRow(project, path);
    const row = await this.store.db
      .selectFrom('secret_versions')
      .selectAll()
      .where('secret_id', '=', secret.id)
      .where('version', '=', o.version ?? secret.current_version)
      .executeTakeFirst();
    const version = o.version ?? secret.current_version;
    const usable = usableRow(path, version, row);
    const value = this.keyring.openValue(key, version, usable.key_id, usable.wrapped_data_key, usable.ciphertext, (dk) => openValue(usable.ciphertext, { project, path, version }, dk), stamp);
    return readResult(value, version, usable, secret, o.actor, project, path);
  }

  /** Whether getNow can answer at all (SQLite's synchronous reader; PostgreSQL has none). */
  get readsNow(): boolean {
    return this.reads !== undefined;
  }

  /**
   * get() without a promise where the rows are read synchronously (SQLite: prepared statements
   * behind the encrypted-row cache); undefined elsewhere (PostgreSQL: use get()). Errors are thrown.
   */
  getNow(project: string, path: string, o: { actor: string; version?: number }): GetResult | undefined {
    const reads = this.reads;
    if (!reads) return undefined;
    this.checkRead(project, path, o);
    const key = secretKey(project, path);
    const stamp = this.keyring.dataKeys.stamp;
    const r = reads.read(key, project, path, o.version);
    if (!r) throw notFound(path);
    if (r.current_version === 0) throw noVersions(path);
    const version = o.version ?? r.current_version;
    const usable = usableRow(path, version, r.v);
    let value: Buffer;
    try {
      value = this.keyring.openValue(key, version, usable.key_id, usable.wrapped_data_key, usable.ciphertext, (dk) => openValue(usable.ciphertext, { project, path, version }, dk), stamp);
    } catch (e) {
      // A cached row may predate a master key rotation (rewrapped under the new key, the old one
      // retired since): read the row again once (the second read is not from the cache).
      if (!r.cached) throw e;
      this.changed(project, path);
      return this.getNow(project, path, o);
    }
    return readResult(value, version, usable, r, o.actor, project, path);
  }

  /** Secrets of a project whose path starts with `prefix`, in path order. */
  async list(project: string, prefix = '', o: { limit?: number } = {}): Promise<SecretSummary[]> {
    checkProject(project);
    if (prefix.length > MAX_PATH || !PREFIX_RE.test(prefix)) throw invalid('prefix: use letters, digits, . _ - and /');
    const limit = positiveInt(o.limit ?? 1000, 'limit');
    let q = this.store.db
      .selectFrom('secrets as s')
      .leftJoin('secret_versions as v', (j) => j.onRef('v.secret_id', '=', 's.id').onRef('v.version', '=', 's.current_version'))
      .select(['s.path', 's.current_version', 's.max_versions', 's.rotation_max_age_s', 's.cas_required', 's.created_at', 's.updated_at', 'v.deleted_at', 'v.destroyed'])
      // Metadata set before the first write is listed too (currentVersion 0), as Vault lists it.
      .where('s.project_id', '=', project);
    // substr instead of LIKE: no wildcard escaping, same meaning on SQLite and PostgreSQL.
    if (prefix) q = q.where(sql<string>`substr(s.path, 1, ${prefix.length})`, '=', prefix);
    const rows = await q.orderBy('s.path').limit(limit).execute();
    return rows.map((r) => summaryOf(r.path, r, r.deleted_at !== null || Boolean(r.destroyed)));
  }

  /** Every version's metadata, newest first (never values). */
  async history(project: string, path: string): Promise<VersionInfo[]> {
    checkProject(project);
    checkPath(path);
    const secret = await this.secretRow(project, path, { metadataOnly: true });
    return versionsOf(this.store.db, secret.id);
  }

  /**
   * A secret's metadata and every version's (never values); a secret with only its policy set has
   * no versions yet. E_VAULT_NOT_FOUND for a path never written nor given a policy.
   */
  async metadata(project: string, path: string): Promise<SecretMetadata> {
    checkProject(project);
    checkPath(path);
    // One snapshot: the row, its versions and their writers' names as of one moment (a write or
    // destroy between separate reads could pair a current_version with versions lacking it).
    const { s, versions, versionCount, oldestLive } = await readSnapshot(this.store, async (db) => {
      const s = await db
        .selectFrom('secrets')
        .select(['id', 'current_version', 'max_versions', 'rotation_max_age_s', 'cas_required', 'created_at', 'updated_at'])
        .where('project_id', '=', project)
        .where('path', '=', path)
        .executeTakeFirst();
      if (!s) throw notFound(path);
      const versions = await versionsOf(db, s.id, METADATA_VERSIONS);
      const agg = await db
        .selectFrom('secret_versions')
        .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min(sql<number>`case when destroyed = 0 and deleted_at is null then version end`).as('oldest')])
        .where('secret_id', '=', s.id)
        .executeTakeFirst();
      return { s, versions, versionCount: Number(agg?.n ?? 0), oldestLive: Number(agg?.oldest ?? 0) };
    });
    const current = versions.find((v) => v.version === s.current_version);
    const rotation = s.rotation_max_age_s !== null && current ? rotationState(current.createdAt, s.rotation_max_age_s, this.now()) : null;
    return {
      ...summaryOf(path, s, current !== undefined && (current.destroyed || current.deletedAt !== null)),
      oldestVersion: oldestLive,
      rotation,
      versions,
      versionCount,
    };
  }

  /** Soft-deletes versions (default: the current one). Returns the versions that changed. */
  async delete(project: string, path: string, o: { actor: string; versions?: number[] }): Promise<{ versions: number[]; audit: VaultAudit }> {
    return this.changeVersions('secret.delete', project, path, o, (tx, id, vs, now) =>
      tx.updateTable('secret_versions').set({ deleted_at: now }).where('secret_id', '=', id).where('version', 'in', vs).where('deleted_at', 'is', null).where('destroyed', '=', 0).returning('version').execute(),
    );
  }

  /** Reverses delete. */
  async undelete(project: string, path: string, o: { actor: string; versions?: number[] }): Promise<{ versions: number[]; audit: VaultAudit }> {
    return this.changeVersions('secret.undelete', project, path, o, (tx, id, vs) =>
      tx.updateTable('secret_versions').set({ deleted_at: null }).where('secret_id', '=', id).where('version', 'in', vs).where('deleted_at', 'is not', null).where('destroyed', '=', 0).returning('version').execute(),
    );
  }

  /** Wipes versions' ciphertext and wrapped key for good (metadata stays for history). */
  async destroy(project: string, path: string, o: { actor: string; versions?: number[] }): Promise<{ versions: number[]; audit: VaultAudit }> {
    return this.changeVersions('secret.destroy', project, path, o, (tx, id, vs) =>
      tx.updateTable('secret_versions').set(WIPE).where('secret_id', '=', id).where('version', 'in', vs).where('destroyed', '=', 0).returning('version').execute(),
    );
  }

  /**
   * Changes how many versions are kept (destroying any beyond it), the rotation policy and whether
   * writes must give cas. A secret not written yet gets its metadata now (no versions: reads are a
   * 404 until the first write, which obeys it), as Vault lets metadata come before data. With
   * `mayDestroy: false` (a caller without secrets:destroy) a change that would destroy a live
   * version is refused (E_VAULT_DESTROY_FORBIDDEN) and nothing changes: the check runs inside the
   * transaction, so a version written meanwhile cannot slip through.
   */
  async setPolicy(
    project: string,
    path: string,
    o: { actor: string; maxVersions?: number; rotationMaxAgeS?: number | null; casRequired?: boolean; mayDestroy?: boolean },
  ): Promise<{ destroyed: number[]; created: boolean; audit: VaultAudit }> {
    checkProject(project);
    checkPath(path);
    checkActor(o.actor);
    if (o.maxVersions !== undefined) positiveInt(o.maxVersions, 'maxVersions');
    if (o.rotationMaxAgeS != null) positiveInt(o.rotationMaxAgeS, 'rotationMaxAgeS');
    if (o.casRequired !== undefined && typeof o.casRequired !== 'boolean') throw invalid('casRequired must be true or false');
    const now = isoAt(this.now());
    let created = false;
    const destroyed = await writeTx(this.store, async (tx) => {
      const proj = await tx.selectFrom('projects').select('id').where('id', '=', project).executeTakeFirst();
      if (!proj) throw new RampartError('E_VAULT_NOT_FOUND', `project ${project} not found`);
      // Metadata before data: the row is made with the policy and no versions (a concurrent
      // creator's row wins, and the update below applies to it).
      const made = await tx
        .insertInto('secrets')
        .values({
          id: randomUUID(), project_id: project, path, current_version: 0, max_versions: o.maxVersions ?? this.defaultMaxVersions,
          rotation_max_age_s: o.rotationMaxAgeS ?? null, cas_required: o.casRequired ? 1 : 0, created_at: now, updated_at: now, deleted_at: null,
        })
        .onConflict((oc) => oc.columns(['project_id', 'path']).doNothing())
        .returning('id')
        .executeTakeFirst();
      created = made !== undefined;
      const s = await tx
        .updateTable('secrets')
        .set({
          updated_at: now,
          ...(o.maxVersions !== undefined ? { max_versions: o.maxVersions } : {}),
          ...(o.rotationMaxAgeS !== undefined ? { rotation_max_age_s: o.rotationMaxAgeS } : {}),
          ...(o.casRequired !== undefined ? { cas_required: o.casRequired ? 1 : 0 } : {}),
        })
        .where('project_id', '=', project)
        .where('path', '=', path)
        .returning(['id', 'current_version', 'max_versions'])
        .executeTakeFirst();
      if (!s) throw new RampartError('E_VAULT_NOT_FOUND', `secret ${path} not found`);
      const keepFrom = s.current_version - s.max_versions + 1;
      if (o.mayDestroy === false) {
        const live = await liveBelow(tx, s.id, keepFrom);
        if (live.length > 0) {
          throw new RampartError(
            'E_VAULT_DESTROY_FORBIDDEN',
            `maxVersions ${s.max_versions} would destroy version${live.length > 1 ? 's' : ''} ${live.join(', ')} of ${path}, which needs secrets:destroy: ask someone who holds it, or keep maxVersions at ${s.current_version - live[0]! + 1}`,
          );
        }
      }
      return destroyBelow(tx, s.id, keepFrom);
    }).finally(() => this.changed(project, path));
    return { destroyed, created, audit: audit(o.actor, 'secret.policy', project, path, destroyed) };
  }

  /** The rotation state of a version just read, on this vault's clock: when it is current and its secret has a max age. */
  rotationOf(r: { createdAt: string; rotationMaxAgeS: number | null; isCurrent: boolean }): RotationState | undefined {
    return r.rotationMaxAgeS === null || !r.isCurrent ? undefined : rotationState(r.createdAt, r.rotationMaxAgeS, this.now());
  }

  /** Secrets whose current version is older than their rotation_max_age_s (optionally one project). */
  async dueForRotation(o: { now?: Date; project?: string } = {}): Promise<RotationDue[]> {
    const now = o.now ?? this.now();
    let q = this.store.db
      .selectFrom('secrets as s')
      .innerJoin('secret_versions as v', (j) => j.onRef('v.secret_id', '=', 's.id').onRef('v.version', '=', 's.current_version'))
      .select(['s.project_id', 's.path', 's.current_version', 's.rotation_max_age_s', 'v.created_at'])
      .where('s.rotation_max_age_s', 'is not', null);
    if (o.project !== undefined) q = q.where('s.project_id', '=', o.project);
    const rows = await q.orderBy('s.project_id').orderBy('s.path').execute();
    const due: RotationDue[] = [];
    for (const r of rows) {
      const st = r.rotation_max_age_s !== null ? rotationState(r.created_at, r.rotation_max_age_s, now) : undefined;
      if (st?.due) due.push({ project: r.project_id, path: r.path, version: r.current_version, createdAt: r.created_at, ageS: st.ageS, maxAgeS: st.maxAgeS });
    }
    return due;
  }

  /** After any change to a secret (or a row that no longer opens): its cached rows and data keys go. */
  private changed(project: string, path: string): void {
    this.reads?.forget(project, path);
    this.keyring.dataKeys.forgetSecret(secretKey(project, path));
  }

  /** The secret's row; one with no versions yet (metadata only) is refused unless `metadataOnly`. */
  private async secretRow(project: string, path: string, o: { metadataOnly?: boolean } = {}): Promise<SecretRow> {
    const s = await this.store.db.selectFrom('secrets').select(['id', 'current_version', 'rotation_max_age_s']).where('project_id', '=', project).where('path', '=', path).executeTakeFirst();
    if (!s) throw notFound(path);
    if (s.current_version === 0 && !o.metadataOnly) throw noVersions(path);
    return s;
  }

  private async changeVersions(
    action: VaultAction,
    project: string,
    path: string,
    o: { actor: string; versions?: number[] },
    update: (tx: Tx, secretId: string, versions: number[], now: string) => Promise<{ version: number }[]>,
  ): Promise<{ versions: number[]; audit: VaultAudit }> {
    checkProject(project);
    checkPath(path);
    checkActor(o.actor);
    if (o.versions !== undefined) {
      if (o.versions.length === 0 || o.versions.length > 1000) throw invalid('versions: give 1 to 1000 version numbers');
      for (const v of o.versions) if (!Number.isSafeInteger(v) || v < 1) throw invalid('versions must be positive integers');
    }
    const now = isoAt(this.now());
    const versions = await writeTx(this.store, async (tx) => {
      const s = await tx.selectFrom('secrets').select(['id', 'current_version']).where('project_id', '=', project).where('path', '=', path).executeTakeFirst();
      if (!s) throw notFound(path);
      if (s.current_version === 0) throw noVersions(path);
      const rows = await update(tx, s.id, o.versions ?? [s.current_version], now);
      return rows.map((r) => r.version).sort((a, b) => a - b);
    }).finally(() => this.changed(project, path));
    return { versions, audit: audit(o.actor, action, project, path, versions) };
  }
}

type Tx = Parameters<Parameters<typeof writeTx>[1]>[0];

interface SecretRow {
  id: string;
  current_version: number;
  rotation_max_age_s: number | null;
}

interface VersionRow {
  ciphertext: Buffer | null;
  wrapped_data_key: Buffer | null;
  key_id: string;
  created_at: string;
  created_by: string;
  deleted_at: string | null;
  destroyed: number;
}

/** The read path as prepared statements on the store's read connection (SQLite; compiled once). */
interface HotReads {
  /** The secret and the wanted version (default: its current one) in one statement, one snapshot. */
  read(key: string, project: string, path: string, version: number | undefined): HotRow | undefined;
  /** Drops what is cached of a secret (every write, delete, undelete, destroy and policy change). */
  forget(project: string, path: string): void;
}

/** How long a cached row is used without reading it again (a change made by another process). */
const ROW_TTL_MS = 1_000;
const ROW_CACHE_MAX = 10_000;

/** `cached`: the row came from the cache (it may predate a change made by another process). */
type HotRow = SecretRow & { v: VersionRow | undefined; cached: boolean };

/**
 * The read statement, behind a small cache of ENCRYPTED rows (ciphertext and wrapped data key as
 * stored; plaintext is never cached, it exists only inside one get()). On SQLite this process
 * makes every change to secrets, and each one forgets the secret's rows after its commit and
 * before its answer; the short TTL covers another process writing the same file. A row cached
 * before a master key rotation that no longer opens is read again (get()).
 */
function hotReads(db: NonNullable<Store['sqlite']>['reader'], ttlMs: number): HotReads {
  const cache = new Map<string, { at: number; rows: Map<number, HotRow> }>();
  const keyOf = secretKey;
  const q = db.prepare(
    `select s.id, s.current_version, s.rotation_max_age_s, v.version as v_version, v.ciphertext, v.wrapped_data_key, v.key_id, v.created_at, v.created_by, v.deleted_at, v.destroyed
       from secrets s left join secret_versions v on v.secret_id = s.id and v.version = coalesce(?, s.current_version)
      where s.project_id = ? and s.path = ?`,
  );
  const fromDb = (project: string, path: string, version: number | undefined): HotRow | undefined => {
    const r = q.get(version ?? null, project, path) as (SecretRow & VersionRow & { v_version: number | null }) | undefined;
    if (!r) return undefined;
    const v: VersionRow | undefined =
      r.v_version === null
        ? undefined
        : { ciphertext: r.ciphertext, wrapped_data_key: r.wrapped_data_key, key_id: r.key_id, created_at: r.created_at, created_by: r.created_by, deleted_at: r.deleted_at, destroyed: r.destroyed };
    return { id: r.id, current_version: r.current_version, rotation_max_age_s: r.rotation_max_age_s, v, cached: false };
  };
  return {
    /** `key` is secretKey(project, path), made once by the caller. */
    read: (key, project, path, version) => {
      const now = Date.now();
      let entry = cache.get(key);
      if (entry && now - entry.at >= ttlMs) {
        cache.delete(key);
        entry = undefined;
      }
      // 0 = "the current version"; explicit versions are cached under their number.
      const hit = entry?.rows.get(version ?? 0);
      if (hit) return hit;
      const row = fromDb(project, path, version);
      // Only rows that exist are kept: a secret created later must be found at once.
      if (row?.v && ttlMs > 0) {
        if (!entry) {
          if (cache.size >= ROW_CACHE_MAX) cache.clear();
          entry = { at: now, rows: new Map() };
          cache.set(key, entry);
        }
        // The cache's own copy says it is cached (read-only: get() never changes a row).
        entry.rows.set(version ?? 0, { ...row, cached: true });
      }
      return row;
    },
    forget: (project, path) => {
      cache.delete(keyOf(project, path));
    },
  };
}

/** One secret's key in the read caches (project ids and paths never hold NUL). */
/** A version row that can be opened: present, not destroyed, not deleted (else the error a read gets). */
function usableRow(path: string, version: number, row: VersionRow | undefined): VersionRow & { ciphertext: Buffer; wrapped_data_key: Buffer } {
  if (!row) throw new RampartError('E_VAULT_NOT_FOUND', `secret ${path} has no version ${version}`);
  if (row.destroyed || row.ciphertext === null || row.wrapped_data_key === null) {
    throw new RampartError('E_VAULT_DESTROYED', `version ${version} of secret ${path} was destroyed`);
  }
  if (row.deleted_at !== null) throw new RampartError('E_VAULT_DELETED', `version ${version} of secret ${path} is deleted (undelete it to read it)`);
  return row as VersionRow & { ciphertext: Buffer; wrapped_data_key: Buffer };
}

function readResult(value: Buffer, version: number, row: VersionRow, secret: SecretRow, actor: string, project: string, path: string): GetResult {
  return {
    value,
    version,
    createdAt: row.created_at,
    createdBy: row.created_by,
    rotationMaxAgeS: secret.rotation_max_age_s,
    isCurrent: version === secret.current_version,
    audit: audit(actor, 'secret.read', project, path, [version]),
  };
}

function secretKey(project: string, path: string): string {
  return `${project}\u0000${path}`;
}

const WIPE = { ciphertext: null, wrapped_data_key: null, destroyed: 1 } as const;

/** The live (not destroyed) versions below keepFrom, ascending. */
async function liveBelow(tx: Tx, secretId: string, keepFrom: number): Promise<number[]> {
  if (keepFrom <= 1) return [];
  const rows = await tx.selectFrom('secret_versions').select('version').where('secret_id', '=', secretId).where('version', '<', keepFrom).where('destroyed', '=', 0).execute();
  return rows.map((r) => r.version).sort((a, b) => a - b);
}

/** Destroys every live version in [from, keepFrom); returns their numbers. */
async function destroyBelow(tx: Tx, secretId: string, keepFrom: number, from = 1): Promise<number[]> {
  if (keepFrom <= 1) return [];
  const rows = await tx
    .updateTable('secret_versions')
    .set(WIPE)
    .where('secret_id', '=', secretId)
    .where('version', '>=', from)
    .where('version', '<', keepFrom)
    .where('destroyed', '=', 0)
    .returning('version')
    .execute();
  return rows.map((r) => r.version).sort((a, b) => a - b);
}

function audit(actor: string, action: VaultAction, project: string, path: string, versions: number[]): VaultAudit {
  return { actor, action, resource: `projects/${project}/secrets/${path}`, project, path, versions };
}

function notFound(path: string): RampartError {
  return new RampartError('E_VAULT_NOT_FOUND', `secret ${path} not found`);
}

/** Metadata was set (secrets-policy) but nothing written yet. */
function noVersions(path: string): RampartError {
  return new RampartError('E_VAULT_NOT_FOUND', `secret ${path} has no versions yet (only its metadata is set)`);
}

/** The secret's metadata says every write gives cas (Vault's cas_required). */
function casRequired(path: string): RampartError {
  return new RampartError('E_VAULT_CAS_REQUIRED', `secret ${path} requires check-and-set: give cas (the current version, 0 for the first write; rampart secrets put --cas N)`);
}

function invalid(msg: string): RampartError {
  return new RampartError('E_VAULT_INVALID', msg);
}

function positiveInt(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 1) throw invalid(`${what} must be a positive integer`);
  return n;
}

function checkProject(project: string): void {
  if (typeof project !== 'string' || project.length === 0 || project.length > MAX_PROJECT) throw invalid('project id: 1 to 128 characters');
}

function checkActor(actor: string): void {
  if (typeof actor !== 'string' || actor.length === 0 || actor.length > 256) throw invalid('actor: 1 to 256 characters');
}

/** Paths are `segment/segment`: letters, digits, `.`, `_`, `-`; no empty, `.` or `..` segment. */
export function checkPath(path: string): void {
  if (typeof path !== 'string' || path.length === 0 || path.length > MAX_PATH || !PATH_RE.test(path)) {
    throw invalid(`secret path: 1 to ${MAX_PATH} characters of letters, digits, . _ - in segments separated by /`);
  }
  if (DOT_SEGMENT.test(path)) throw invalid('secret path: no . or .. segments');
}

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Versions' metadata, newest first, with their writers' names (never values). */
async function versionsOf(db: StoreDb, secretId: string, limit?: number): Promise<VersionInfo[]> {
  let q = db
    .selectFrom('secret_versions')
    .select(['version', 'created_at', 'created_by', 'deleted_at', 'destroyed', 'key_id'])
    .where('secret_id', '=', secretId)
    .orderBy('version', 'desc');
  if (limit !== undefined) q = q.limit(limit);
  const rows = await q.execute();
  // Who wrote each version by name (the row keeps the principal id, which stays the reference).
  const names = await principalNames(db, new Set(rows.map((r) => r.created_by)));
  return rows.map((r) => ({
    version: r.version,
    createdAt: r.created_at,
    createdBy: r.created_by,
    createdByName: names.get(r.created_by) ?? null,
    deletedAt: r.deleted_at,
    destroyed: Boolean(r.destroyed),
    keyId: r.key_id,
  }));
}

/**
 * Reads in one snapshot without taking the write lock: SQLite a deferred transaction (its first
 * read fixes the snapshot, WAL), PostgreSQL REPEATABLE READ.
 */
async function readSnapshot<T>(store: Store, fn: (db: StoreDb) => Promise<T>): Promise<T> {
  if (store.dialect !== 'sqlite') return store.db.transaction().setIsolationLevel('repeatable read').execute(fn);
  return store.db.connection().execute(async (c) => {
    await sql`begin`.execute(c);
    try {
      return await fn(c);
    } finally {
      await sql`commit`.execute(c).catch(() => undefined);
    }
  });
}

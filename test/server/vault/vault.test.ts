import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { masterKeyIdOf } from '../../../src/server/init.js';
import { Keyring, loadDataDirKeys, MASTER_KEY_ENV, NEXT_KEY_FILE, readKeyFile, rotateKeyFile, rotateMaster, writeKeyFile } from '../../../src/server/vault/master-key.js';
import { Vault, VaultConflictError } from '../../../src/server/vault/vault.js';
import { openStore, SQLITE_FILE, type Store } from '../../../src/store/db.js';
import { startPostgres, type PrivatePostgres } from '../../helpers/postgres.js';
import { recordMasterKey } from '../../helpers/master-key.js';

const BACKENDS = ['sqlite', 'postgres'] as const;
type Backend = (typeof BACKENDS)[number];

let pg: PrivatePostgres | undefined;
const dirs: string[] = [];
/** One migrated database per backend, shared by the tests (migrating per test is the slow part). */
const shared = new Map<Backend, { store: Store; dataDir: string; databaseUrl?: string }>();
/** Stores opened by one test (second pools, fresh files), closed after it. */
const extra: Store[] = [];
afterEach(async () => {
  for (const s of extra.splice(0)) await s.close().catch(() => undefined);
});
afterAll(async () => {
  for (const { store } of shared.values()) await store.close().catch(() => undefined);
  await pg?.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Env {
  store: Store;
  dataDir: string;
  key: Buffer;
  keyring: Keyring;
  vault: Vault;
  project: string;
  /**
   * Another vault for concurrent writers. PostgreSQL: a second pool with its own keyring, as another
   * server process would have. SQLite: the same store, because better-sqlite3 waits for a file lock
   * synchronously, so two connections in one process would block the event loop that should commit
   * the lock holder; one process's writes are serialised on its one connection instead.
   */
  again(): Promise<{ store: Store; vault: Vault }>;
}

async function openDb(kind: Backend): Promise<{ store: Store; dataDir: string; databaseUrl?: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-vault-'));
  dirs.push(dataDir);
  if (kind === 'sqlite') return { store: await openStore({ dataDir }), dataDir };
  pg ??= await startPostgres();
  const databaseUrl = await pg.createDatabase();
  return { store: await openStore({ databaseUrl, dataDir }), dataDir, databaseUrl };
}

/**
 * An empty vault with two projects and one registered master key, unsealed: the backend's shared
 * database emptied, or (fresh) a database of its own.
 */
async function setup(kind: Backend, o: { now?: () => Date; fresh?: boolean } = {}): Promise<Env> {
  let db = o.fresh ? undefined : shared.get(kind);
  if (!db) {
    db = await openDb(kind);
    if (o.fresh) extra.push(db.store);
    else shared.set(kind, db);
  }
  const { store, dataDir, databaseUrl } = db;
  for (const t of ['secret_versions', 'secrets', 'master_keys', 'projects'] as const) await store.db.deleteFrom(t).execute();
  const key = randomBytes(32);
  await recordMasterKey(store, key);
  const project = 'p1';
  for (const id of [project, 'p2']) await store.db.insertInto('projects').values({ id, name: id, description: null, created_at: '2026-01-01T00:00:00.000Z' }).execute();
  const keyring = await Keyring.load(store);
  keyring.add(key);
  const vault = await Vault.open(store, keyring, o.now ? { now: o.now } : {});
  const again = async () => {
    if (!databaseUrl) return { store, vault };
    const s = await openStore({ databaseUrl, dataDir });
    extra.push(s);
    const ring = await Keyring.load(s);
    ring.add(key);
    return { store: s, vault: await Vault.open(s, ring) };
  };
  return { store, dataDir, key, keyring, vault, project, again };
}

const actor = 'user:alice';
const text = (b: Buffer) => b.toString('utf8');

async function versionRows(store: Store) {
  return store.db.selectFrom('secret_versions').selectAll().orderBy('secret_id').orderBy('version').execute();
}

describe.each(BACKENDS)('Vault on %s', (kind) => {
  it('writes versions and reads the current one or any earlier one', async () => {
    const { vault, project } = await setup(kind);
    const a = await vault.put(project, 'db/password', 'one', { actor });
    expect(a).toMatchObject({ version: 1, destroyed: [] });
    expect(a.audit).toEqual({ actor, action: 'secret.write', resource: 'projects/p1/secrets/db/password', project, path: 'db/password', versions: [1] });
    await vault.put(project, 'db/password', 'two', { actor: 'user:bob' });
    await vault.put(project, 'db/password', Buffer.from([0, 1, 2, 255]), { actor });
    const cur = await vault.get(project, 'db/password', { actor });
    expect(cur.version).toBe(3);
    expect([...cur.value]).toEqual([0, 1, 2, 255]);
    expect(cur.audit).toEqual({ actor, action: 'secret.read', resource: 'projects/p1/secrets/db/password', project, path: 'db/password', versions: [3] });
    expect(JSON.stringify(cur.audit)).not.toContain('two');
    const v2 = await vault.get(project, 'db/password', { actor, version: 2 });
    expect(text(v2.value)).toBe('two');
    expect(v2.createdBy).toBe('user:bob');
    const h = await vault.history(project, 'db/password');
    expect(h.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(h.every((v) => !v.destroyed && v.deletedAt === null)).toBe(true);
    await expect(vault.get(project, 'db/password', { actor, version: 9 })).rejects.toMatchObject({ code: 'E_VAULT_NOT_FOUND' });
    await expect(vault.get(project, 'nope', { actor })).rejects.toMatchObject({ code: 'E_VAULT_NOT_FOUND' });
    // Same path in another project is another secret.
    await expect(vault.get('p2', 'db/password', { actor })).rejects.toMatchObject({ code: 'E_VAULT_NOT_FOUND' });
  });

  it('check-and-set: cas 0 creates, a stale cas conflicts', async () => {
    const { vault, project } = await setup(kind);
    expect((await vault.put(project, 'k', 'a', { actor, cas: 0 })).version).toBe(1);
    const err = await vault.put(project, 'k', 'b', { actor, cas: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VaultConflictError);
    expect(err).toMatchObject({ code: 'E_VAULT_CONFLICT', expected: 0, current: 1 });
    expect((await vault.put(project, 'k', 'b', { actor, cas: 1 })).version).toBe(2);
    await expect(vault.put(project, 'k', 'c', { actor, cas: 5 })).rejects.toMatchObject({ code: 'E_VAULT_CONFLICT', current: 2 });
    expect(text((await vault.get(project, 'k', { actor })).value)).toBe('b');
  });

  it('20 concurrent CAS writers (two pools on PostgreSQL): exactly one wins per round', async () => {
    const env = await setup(kind);
    const other = await env.again();
    const vaults = [env.vault, other.vault];
    for (let round = 0; round < 4; round++) {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => vaults[i % 2]!.put(env.project, 'race', `round ${round} writer ${i}`, { actor: `w${i}`, cas: round })),
      );
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [{ i, v: r.value.version }] : []));
      expect(won).toHaveLength(1);
      expect(won[0]!.v).toBe(round + 1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(VaultConflictError);
      const cur = await env.vault.get(env.project, 'race', { actor });
      expect(cur.version).toBe(round + 1);
      expect(text(cur.value)).toBe(`round ${round} writer ${won[0]!.i}`);
    }
    expect((await versionRows(env.store)).map((r) => r.version)).toEqual([1, 2, 3, 4]);
  });

  it('concurrent writers without cas each get their own version', async () => {
    const env = await setup(kind);
    const other = await env.again();
    const res = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? other.vault : env.vault).put(env.project, 'counter', `w${i}`, { actor, maxVersions: 50 })));
    expect(res.map((r) => r.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const r of res) expect(text((await env.vault.get(env.project, 'counter', { actor, version: r.version })).value)).toMatch(/^w\d+$/);
  });

  it('keeps at most N versions: older ones are destroyed and wiped', async () => {
    const { vault, project, store } = await setup(kind);
    await vault.put(project, 'keep', 'v1', { actor, maxVersions: 3 });
    await vault.put(project, 'keep', 'v2', { actor });
    await vault.put(project, 'keep', 'v3', { actor });
    const p4 = await vault.put(project, 'keep', 'v4', { actor });
    expect(p4.destroyed).toEqual([1]);
    expect(p4.audit.versions).toEqual([4, 1]);
    expect((await vault.put(project, 'keep', 'v5', { actor })).destroyed).toEqual([2]);
    await expect(vault.get(project, 'keep', { actor, version: 1 })).rejects.toMatchObject({ code: 'E_VAULT_DESTROYED' });
    expect(text((await vault.get(project, 'keep', { actor, version: 3 })).value)).toBe('v3');
    const rows = await versionRows(store);
    expect(rows.map((r) => [r.version, r.destroyed, r.ciphertext === null, r.wrapped_data_key === null])).toEqual([
      [1, 1, true, true],
      [2, 1, true, true],
      [3, 0, false, false],
      [4, 0, false, false],
      [5, 0, false, false],
    ]);
    // Lowering the limit destroys the excess at once.
    const pol = await vault.setPolicy(project, 'keep', { actor, maxVersions: 1 });
    expect(pol.destroyed).toEqual([3, 4]);
    expect((await vault.history(project, 'keep')).map((v) => [v.version, v.destroyed])).toEqual([
      [5, false],
      [4, true],
      [3, true],
      [2, true],
      [1, true],
    ]);
  });

  it('soft delete and undelete are reversible; destroy is not', async () => {
    const { vault, project, store } = await setup(kind);
    await vault.put(project, 'svc/token', 'a', { actor });
    await vault.put(project, 'svc/token', 'b', { actor });
    const d = await vault.delete(project, 'svc/token', { actor });
    expect(d.versions).toEqual([2]);
    expect(d.audit).toMatchObject({ action: 'secret.delete', versions: [2] });
    await expect(vault.get(project, 'svc/token', { actor })).rejects.toMatchObject({ code: 'E_VAULT_DELETED' });
    expect(text((await vault.get(project, 'svc/token', { actor, version: 1 })).value)).toBe('a');
    expect((await vault.list(project))[0]).toMatchObject({ path: 'svc/token', currentDeleted: true });
    // Deleting again changes nothing.
    expect((await vault.delete(project, 'svc/token', { actor, versions: [2] })).versions).toEqual([]);
    expect((await vault.undelete(project, 'svc/token', { actor, versions: [2] })).versions).toEqual([2]);
    expect(text((await vault.get(project, 'svc/token', { actor })).value)).toBe('b');

    const x = await vault.destroy(project, 'svc/token', { actor, versions: [1, 2] });
    expect(x.versions).toEqual([1, 2]);
    await expect(vault.get(project, 'svc/token', { actor })).rejects.toMatchObject({ code: 'E_VAULT_DESTROYED' });
    expect((await vault.undelete(project, 'svc/token', { actor, versions: [1, 2] })).versions).toEqual([]);
    expect((await versionRows(store)).every((r) => r.ciphertext === null && r.wrapped_data_key === null && r.destroyed === 1)).toBe(true);
    // A write after a destroy is a new version that reads normally.
    expect((await vault.put(project, 'svc/token', 'c', { actor })).version).toBe(3);
    expect(text((await vault.get(project, 'svc/token', { actor })).value)).toBe('c');
    await expect(vault.delete(project, 'missing', { actor })).rejects.toMatchObject({ code: 'E_VAULT_NOT_FOUND' });
  });

  it('lists by prefix, treating _ literally', async () => {
    const { vault, project } = await setup(kind);
    for (const p of ['app/db', 'app/api_key', 'app_x/y', 'appXy/z', 'other/k', 'a.b/c']) await vault.put(project, p, 'v', { actor });
    await vault.put('p2', 'app/db', 'v', { actor });
    expect((await vault.list(project, 'app/')).map((s) => s.path)).toEqual(['app/api_key', 'app/db']);
    expect((await vault.list(project, 'app_')).map((s) => s.path)).toEqual(['app_x/y']);
    expect((await vault.list(project)).map((s) => s.path)).toEqual(['a.b/c', 'app/api_key', 'app/db', 'appXy/z', 'app_x/y', 'other/k'].sort());
    expect((await vault.list(project, '', { limit: 2 })).length).toBe(2);
    expect((await vault.list('p2')).map((s) => s.path)).toEqual(['app/db']);
    await expect(vault.list(project, 'a%')).rejects.toMatchObject({ code: 'E_VAULT_INVALID' });
    await expect(vault.list(project, "x' or 1=1")).rejects.toMatchObject({ code: 'E_VAULT_INVALID' });
  });

  it('refuses bad input clearly', async () => {
    const { vault, project, store, keyring } = await setup(kind);
    for (const p of ['', '/a', 'a/', 'a//b', '../x', 'a/./b', 'a b', 'x'.repeat(257), 'ä']) {
      await expect(vault.put(project, p, 'v', { actor })).rejects.toMatchObject({ code: 'E_VAULT_INVALID' });
    }
    await expect(vault.put(project, 'big', Buffer.alloc(64 * 1024 + 1), { actor })).rejects.toMatchObject({ code: 'E_VAULT_INVALID' });
    await expect(vault.put('no-such-project', 'k', 'v', { actor })).rejects.toMatchObject({ code: 'E_VAULT_NOT_FOUND' });
    await expect(vault.put(project, 'k', 'v', { actor, cas: -1 })).rejects.toMatchObject({ code: 'E_VAULT_INVALID' });
    await expect(vault.put(project, 'k', 'v', { actor: '' })).rejects.toMatchObject({ code: 'E_VAULT_INVALID' });
    await expect(vault.put(project, 'k', 'v', { actor, maxVersions: 0 })).rejects.toMatchObject({ code: 'E_VAULT_INVALID' });
    expect(await store.db.selectFrom('secrets').select('id').execute()).toEqual([]);
    // A sealed keyring refuses reads and writes.
    await vault.put(project, 'k', 'v', { actor });
    keyring.seal();
    await expect(vault.put(project, 'k', 'v2', { actor })).rejects.toMatchObject({ code: 'E_SEALED' });
    await expect(vault.get(project, 'k', { actor })).rejects.toMatchObject({ code: 'E_SEALED' });
  });

  it('a ciphertext copied into another row does not open', async () => {
    const { vault, project, store } = await setup(kind);
    await vault.put(project, 'a', 'secret-a', { actor });
    await vault.put(project, 'b', 'secret-b', { actor });
    const ids = await store.db.selectFrom('secrets').select(['id', 'path']).execute();
    const idOf = (p: string) => ids.find((r) => r.path === p)!.id;
    const src = await store.db.selectFrom('secret_versions').selectAll().where('secret_id', '=', idOf('a')).executeTakeFirstOrThrow();
    await store.db
      .updateTable('secret_versions')
      .set({ ciphertext: src.ciphertext, wrapped_data_key: src.wrapped_data_key })
      .where('secret_id', '=', idOf('b'))
      .execute();
    await expect(vault.get(project, 'b', { actor })).rejects.toMatchObject({ code: 'E_VAULT_DECRYPT' });
    expect(text((await vault.get(project, 'a', { actor })).value)).toBe('secret-a');
  });

  it('reports secrets due for rotation by the age of their current version', async () => {
    let clock = Date.parse('2026-03-01T00:00:00.000Z');
    const { vault, project } = await setup(kind, { now: () => new Date(clock) });
    await vault.put(project, 'hourly', 'v', { actor, rotationMaxAgeS: 3600 });
    await vault.put(project, 'daily', 'v', { actor, rotationMaxAgeS: 86400 });
    await vault.put(project, 'never', 'v', { actor });
    expect(await vault.dueForRotation()).toEqual([]);
    clock += 3600 * 1000;
    expect(await vault.dueForRotation()).toEqual([
      { project, path: 'hourly', version: 1, createdAt: '2026-03-01T00:00:00.000Z', ageS: 3600, maxAgeS: 3600 },
    ]);
    // Rotating (a new version) resets the age.
    await vault.put(project, 'hourly', 'v2', { actor });
    expect(await vault.dueForRotation()).toEqual([]);
    clock += 86400 * 1000;
    expect((await vault.dueForRotation()).map((d) => [d.path, d.version])).toEqual([
      ['daily', 1],
      ['hourly', 2],
    ]);
    expect(await vault.dueForRotation({ project: 'p2' })).toEqual([]);
    await vault.setPolicy(project, 'daily', { actor, rotationMaxAgeS: null });
    expect((await vault.dueForRotation()).map((d) => d.path)).toEqual(['hourly']);
  });

  it('a read after any change sees it, and a row read before a key rotation still opens after it', async () => {
    const { vault, project, store, keyring } = await setup(kind);
    await vault.put(project, 'c/k', 'one', { actor });
    expect(text((await vault.get(project, 'c/k', { actor })).value)).toBe('one');
    await vault.put(project, 'c/k', 'two', { actor });
    expect(text((await vault.get(project, 'c/k', { actor })).value)).toBe('two');
    expect(text((await vault.get(project, 'c/k', { actor, version: 1 })).value)).toBe('one');
    await vault.delete(project, 'c/k', { actor });
    await expect(vault.get(project, 'c/k', { actor })).rejects.toMatchObject({ code: 'E_VAULT_DELETED' });
    await vault.undelete(project, 'c/k', { actor });
    expect(text((await vault.get(project, 'c/k', { actor })).value)).toBe('two');
    await vault.destroy(project, 'c/k', { actor, versions: [1] });
    await expect(vault.get(project, 'c/k', { actor, version: 1 })).rejects.toMatchObject({ code: 'E_VAULT_DESTROYED' });
    await vault.setPolicy(project, 'c/k', { actor, maxVersions: 1 });
    await vault.put(project, 'c/k', 'three', { actor });
    await expect(vault.get(project, 'c/k', { actor, version: 2 })).rejects.toMatchObject({ code: 'E_VAULT_DESTROYED' });
    // Read (and on SQLite cached) under the old key; rotation rewraps the row and forgets that key.
    expect(text((await vault.get(project, 'c/k', { actor })).value)).toBe('three');
    await rotateMaster(store, keyring, randomBytes(32));
    expect(text((await vault.get(project, 'c/k', { actor })).value)).toBe('three');
  });

  it('master key rotation rewraps every data key in batches; old values still read', async () => {
    const { vault, project, store, key, keyring } = await setup(kind);
    const oldId = masterKeyIdOf(key);
    for (let i = 0; i < 12; i++) await vault.put(project, `s${i % 4}`, `value ${i}`, { actor });
    await vault.destroy(project, 's0', { actor, versions: [1] });
    const newKey = randomBytes(32);
    const done: number[] = [];
    const r = await rotateMaster(store, keyring, newKey, { batchSize: 5, onBatch: (n) => void done.push(n) });
    expect(r).toEqual({ newKeyId: masterKeyIdOf(newKey), rewrapped: 12, batches: 3, retired: [oldId] });
    expect(done).toEqual([5, 10, 12]);
    expect(keyring.currentId).toBe(r.newKeyId);
    expect(keyring.get(oldId)).toBeUndefined(); // the retired key is forgotten
    const rows = await versionRows(store);
    expect(rows.every((x) => x.key_id === r.newKeyId)).toBe(true);
    // Every version still reads, and only the new key is needed.
    const fresh = await Keyring.load(store);
    fresh.add(newKey);
    expect(() => fresh.add(key)).toThrow(expect.objectContaining({ code: 'E_KEY_RETIRED' }));
    const v2 = await Vault.open(store, fresh);
    for (let i = 4; i < 12; i++) {
      expect(text((await v2.get(project, `s${i % 4}`, { actor, version: Math.floor(i / 4) + 1 })).value)).toBe(`value ${i}`);
    }
    // New writes use the new key.
    await v2.put(project, 'after', 'x', { actor });
    expect((await v2.history(project, 'after'))[0]!.keyId).toBe(r.newKeyId);
  });

  it('a rotation that stops halfway leaves every row readable and resumes', async () => {
    const { vault, project, store, key, keyring } = await setup(kind);
    for (let i = 0; i < 10; i++) await vault.put(project, `k${i}`, `v${i}`, { actor });
    const newKey = randomBytes(32);
    await expect(
      rotateMaster(store, keyring, newKey, {
        batchSize: 4,
        onBatch: () => {
          throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    const ids = (await versionRows(store)).map((x) => x.key_id);
    expect(ids.filter((x) => x === masterKeyIdOf(newKey))).toHaveLength(4);
    expect(ids.filter((x) => x === masterKeyIdOf(key))).toHaveLength(6);
    // Another process restarting now: the new key is current; with only it loaded the old rows
    // are unavailable (not garbage); with both loaded everything reads.
    const ring = await Keyring.load(store);
    ring.add(newKey);
    expect(ring.missing()).toEqual([masterKeyIdOf(key)]);
    const partial = await Vault.open(store, ring);
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => partial.get(project, `k${i}`, { actor })));
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(4);
    for (const x of results) if (x.status === 'rejected') expect(x.reason).toMatchObject({ code: 'E_VAULT_KEY_UNAVAILABLE' });
    ring.add(key);
    for (let i = 0; i < 10; i++) expect(text((await partial.get(project, `k${i}`, { actor })).value)).toBe(`v${i}`);
    // Resuming with only the new key loaded says which key it needs.
    const onlyNew = await Keyring.load(store);
    onlyNew.add(newKey);
    await expect(rotateMaster(store, onlyNew, newKey)).rejects.toMatchObject({ code: 'E_VAULT_KEY_UNAVAILABLE' });
    // Resuming with both finishes the job.
    const r = await rotateMaster(store, ring, newKey, { batchSize: 4 });
    expect(r.rewrapped).toBe(6);
    expect(r.retired).toEqual([masterKeyIdOf(key)]);
    for (let i = 0; i < 10; i++) expect(text((await partial.get(project, `k${i}`, { actor })).value)).toBe(`v${i}`);
  });

  it('rotation alongside writes and destroys: every live version reads, destroyed ones stay destroyed', async () => {
    const { vault, project, store, keyring } = await setup(kind);
    for (let i = 0; i < 20; i++) await vault.put(project, `c${i % 5}`, `first ${i}`, { actor, maxVersions: 100 });
    const newKey = randomBytes(32);
    await Promise.all([
      rotateMaster(store, keyring, newKey, { batchSize: 3 }),
      ...Array.from({ length: 10 }, (_, i) => vault.put(project, `c${i % 5}`, `during ${i}`, { actor })),
      ...Array.from({ length: 5 }, (_, i) => vault.destroy(project, `c${i}`, { actor, versions: [2] })),
    ]);
    const rows = await versionRows(store);
    expect(rows).toHaveLength(30);
    const secrets = await store.db.selectFrom('secrets').select(['id', 'path']).execute();
    const pathOf = new Map(secrets.map((x) => [x.id, x.path]));
    for (const r of rows) {
      if (r.version === 2) {
        expect([r.destroyed, r.ciphertext, r.wrapped_data_key]).toEqual([1, null, null]);
        continue;
      }
      const got = await vault.get(project, pathOf.get(r.secret_id)!, { actor, version: r.version });
      expect(text(got.value)).toMatch(/^(first|during) \d+$/);
    }
  });

  it('key-file rotation: a crash leaves both files loadable; a rerun finishes and replaces master.key', async () => {
    const { vault, project, store, key } = await setup(kind);
    const keyDir = mkdtempSync(join(tmpdir(), 'rampart-vault-keys-'));
    dirs.push(keyDir);
    const mainPath = join(keyDir, 'master.key');
    writeKeyFile(mainPath, key);
    for (let i = 0; i < 6; i++) await vault.put(project, `f${i}`, `file ${i}`, { actor });
    const ring0 = await Keyring.load(store);
    expect(loadDataDirKeys(ring0, { dataDir: keyDir, env: {} })).toEqual({ source: 'file', loaded: [masterKeyIdOf(key)] });
    const crash = () => {
      throw new Error('simulated crash');
    };
    await expect(rotateKeyFile(store, ring0, keyDir, { batchSize: 4, onBatch: crash })).rejects.toThrow('simulated crash');
    const next = readKeyFile(join(keyDir, NEXT_KEY_FILE));
    expect(readKeyFile(mainPath).equals(key)).toBe(true);

    // A restarted server loads both files and reads everything.
    const ring = await Keyring.load(store);
    expect(loadDataDirKeys(ring, { dataDir: keyDir, env: {} }).loaded.sort()).toEqual([masterKeyIdOf(key), masterKeyIdOf(next)].sort());
    expect(ring.sealed).toBe(false);
    const v = await Vault.open(store, ring);
    for (let i = 0; i < 6; i++) expect(text((await v.get(project, `f${i}`, { actor })).value)).toBe(`file ${i}`);

    // The rerun continues with the same next key, then renames it over master.key.
    const r = await rotateKeyFile(store, ring, keyDir, { batchSize: 4 });
    expect(r).toMatchObject({ newKeyId: masterKeyIdOf(next), rewrapped: 2, retired: [masterKeyIdOf(key)] });
    expect(existsSync(join(keyDir, NEXT_KEY_FILE))).toBe(false);
    expect(readKeyFile(mainPath).equals(next)).toBe(true);
    const after = await Keyring.load(store);
    expect(loadDataDirKeys(after, { dataDir: keyDir, env: {} }).loaded).toEqual([masterKeyIdOf(next)]);
    const v2 = await Vault.open(store, after);
    for (let i = 0; i < 6; i++) expect(text((await v2.get(project, `f${i}`, { actor })).value)).toBe(`file ${i}`);

    // Crash after the rewrap but before the rename: the retired master.key is skipped.
    const late = mkdtempSync(join(tmpdir(), 'rampart-vault-keys-'));
    dirs.push(late);
    writeKeyFile(join(late, 'master.key'), key);
    writeKeyFile(join(late, NEXT_KEY_FILE), next);
    expect(loadDataDirKeys(await Keyring.load(store), { dataDir: late, env: {} }).loaded).toEqual([masterKeyIdOf(next)]);
    // Crash before the rotation registered its next key: the unknown next key is skipped.
    const early = mkdtempSync(join(tmpdir(), 'rampart-vault-keys-'));
    dirs.push(early);
    writeKeyFile(join(early, 'master.key'), next);
    writeKeyFile(join(early, NEXT_KEY_FILE), randomBytes(32));
    expect(loadDataDirKeys(await Keyring.load(store), { dataDir: early, env: {} }).loaded).toEqual([masterKeyIdOf(next)]);
    // The environment wins over files; with nothing at all the keyring stays sealed.
    const envRing = await Keyring.load(store);
    expect(loadDataDirKeys(envRing, { dataDir: early, env: { [MASTER_KEY_ENV]: next.toString('base64') } })).toEqual({ source: 'env', loaded: [masterKeyIdOf(next)] });
    const empty = mkdtempSync(join(tmpdir(), 'rampart-vault-keys-'));
    dirs.push(empty);
    const sealedRing = await Keyring.load(store);
    expect(loadDataDirKeys(sealedRing, { dataDir: empty, env: {} })).toEqual({ source: 'none', loaded: [] });
    expect(sealedRing.sealed).toBe(true);
    // A key file of another database is an error, not a silent skip.
    writeKeyFile(join(empty, 'master.key'), randomBytes(32));
    expect(() => loadDataDirKeys(sealedRing, { dataDir: empty, env: {} })).toThrow(expect.objectContaining({ code: 'E_KEY_MISMATCH' }));
  });
});

describe('Vault on sqlite: the database file', () => {
  it('never holds a value in plaintext, and destroyed ciphertext leaves the file', async () => {
    const { vault, project, store, dataDir } = await setup('sqlite', { fresh: true });
    const marker = `PLAINTEXT-MARKER-${randomBytes(8).toString('hex')}`;
    for (let i = 0; i < 5; i++) await vault.put(project, `m${i}`, `${marker}-${i}`, { actor });
    const m0 = await store.db.selectFrom('secrets').select('id').where('path', '=', 'm0').executeTakeFirstOrThrow();
    const ct = (await versionRows(store)).find((r) => r.secret_id === m0.id)!.ciphertext!;
    await vault.destroy(project, 'm0', { actor, versions: [1] });
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(store.db);
    const files = [SQLITE_FILE, `${SQLITE_FILE}-wal`].map((f) => join(dataDir, f)).filter((f) => existsSync(f));
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(Buffer.from(marker))).toBe(false);
    expect(bytes.includes(ct)).toBe(false);
    // The check is meaningful: the live ciphertext of another secret is in the file.
    const live = (await versionRows(store)).find((r) => r.ciphertext !== null)!.ciphertext!;
    expect(bytes.includes(live)).toBe(true);
  });
});

describe('Vault on postgres: stored rows', () => {
  it('never hold a value in plaintext', async () => {
    const { vault, project, store } = await setup('postgres');
    const marker = `PLAINTEXT-MARKER-${randomBytes(8).toString('hex')}`;
    await vault.put(project, 'm', marker, { actor });
    const hit = await sql<{ n: number }>`select count(*)::int as n from secret_versions where position(convert_to(${marker}, 'UTF8') in ciphertext) > 0`.execute(store.db);
    expect(hit.rows[0]!.n).toBe(0);
    const all = JSON.stringify(await store.db.selectFrom('secrets').selectAll().execute());
    expect(all).not.toContain(marker);
  });
});

import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, redactUrl, type Store } from '../../src/store/db.js';
import { migrateToLatest, migrations } from '../../src/store/migrations/index.js';
import { TABLES, isoAt, type NewRow, type TableName } from '../../src/store/schema.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';

const T0 = isoAt(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
const T1 = isoAt(Date.UTC(2026, 5, 1));

/** One row per table, in foreign-key order, covering nulls, JSON text, blobs and big integers. */
function sampleRows(): { [K in TableName]: NewRow<K> } {
  return {
    projects: { id: 'p1', name: 'shop', description: null, created_at: T0 },
    users: { id: 'u1', username: 'alice', display_name: 'Alice', password_hash: null, disabled_at: null, created_at: T0 },
    service_accounts: { id: 'sa1', name: 'ci-bot', project_id: 'p1', description: 'CI', disabled_at: null, created_at: T0 },
    roles: { id: 'r1', name: 'deployer', project_id: null, permissions: JSON.stringify(['deploy:check']), description: null, builtin: 1, created_at: T0, paths: '["app/**"]' },
    role_bindings: { id: 'b1', principal_kind: 'user', principal_id: 'u1', role_id: 'r1', project_id: 'p1', created_by: null, created_at: T0, paths: '["db/*"]' },
    api_tokens: {
      id: 't1', prefix: 'rmp_u_', hash: 'a'.repeat(64), owner_kind: 'user', owner_id: 'u1', name: 'laptop', role_id: null,
      project_id: null, expires_at: T1, revoked_at: null, last_used_at: null, created_at: T0, issued_by: 'user:u2', ci_sha: null, bootstrap: 0, not_after: null,
    },
    oidc_trust_policies: {
      id: 'o1', project_id: 'p1', name: 'gha-main', issuer: 'https://token.actions.githubusercontent.com', audience: 'rampart',
      conditions: JSON.stringify({ repository: 'acme/shop', ref: 'refs/heads/main' }), role_id: 'r1', max_ttl_s: 600, disabled_at: null, created_at: T0,
    },
    oidc_seen_jti: { issuer: 'https://token.actions.githubusercontent.com', jti: 'j-1', expires_at: T1 },
    master_keys: { id: 'mk1', check_value: Buffer.from([0, 1, 2, 255, 0]), created_at: T0, retired_at: null, key_shares: 5, key_threshold: 3 },
    secrets: {
      id: 's1', project_id: 'p1', path: 'db/password', current_version: 1, max_versions: 10, rotation_max_age_s: 86_400, cas_required: 1,
      created_at: T0, updated_at: T0, deleted_at: null,
    },
    secret_versions: {
      secret_id: 's1', version: 1, ciphertext: Buffer.from('00ff10', 'hex'), wrapped_data_key: Buffer.alloc(60, 7), key_id: 'mk1',
      created_at: T0, created_by: 'u1', deleted_at: null, destroyed: 0,
    },
    audit_entries: {
      seq: 2 ** 40, ts: T0, actor: 'user:u1', action: 'secrets.read', resource: 'p1/db/password', outcome: 'allow',
      detail: JSON.stringify({ version: 1 }), prev_hash: '0'.repeat(64), hash: 'f'.repeat(64),
    },
    audit_checkpoints: { id: 'c1', tree_size: 2 ** 40, root_hash: 'e'.repeat(64), signature: 'c2lnbmF0dXJl', key_id: 'ed1', ts: T0 },
    scans: { id: 'sc1', project_id: 'p1', commit: 'abc123', image_digest: 'sha256:' + 'd'.repeat(64), scanners: '["secrets","deps"]', uploaded_by: 'u1', created_at: T0,
      uploader_kind: 'oidc_policy', uploader_name: 'gha', uploader_token_id: 't1', uploader_policy_id: 'o1', uploader_sha: 'a'.repeat(40) },
    findings: {
      id: 'f1', project_id: 'p1', fingerprint: 'fp1', rule_id: 'secrets/github/classic-pat', scanner: 'secrets', severity: 'high',
      state: 'open', first_seen: T0, last_seen: T1, fixed_at: null, reintroduced_at: null, last_scan_id: 'sc1', data: '{"title":"x"}',
    },
    waivers: {
      id: 'w1', project_id: 'p1', fingerprint: 'fp1', rule_id: null, reason: 'false positive', expires_at: T1, requested_by: 'u1',
      approved_by: 'u2', approved_at: T0, revoked_at: null, created_at: T0, requested_token_id: 't1',
    },
    scan_findings: { scan_id: 'sc1', fingerprint: 'fp1', rule_id: 'secrets/github/classic-pat', scanner: 'secrets', severity: 'high' },
    policies: { id: 'pol1', project_id: null, name: 'strict', document: '{"maxSeverity":{"deps":"high"}}', created_at: T0, updated_at: T0 },
    environments: { id: 'e1', project_id: 'p1', name: 'prod', policy_id: 'pol1', fail_closed: 1, created_at: T0 },
    deployment_decisions: {
      id: 'd1', project_id: 'p1', environment: 'prod', image_digest: 'sha256:' + 'd'.repeat(64), commit: null, decision: 'deny',
      reasons: '[{"code":"severity"}]', actor: 'sa1', ts: T0,
    },
    image_signatures: {
      id: 'is1', project_id: 'p1', image_digest: 'sha256:' + 'd'.repeat(64), bundle: '{"mediaType":"x"}', bundle_sha256: 'b'.repeat(64), uploaded_by: 'user:u1', created_at: T0,
    },
  };
}

function contract(name: string, open: () => Promise<Store>) {
  describe(name, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('creates every table of the data model', async () => {
      const tables = (await store.db.introspection.getTables()).map((t) => t.name);
      for (const t of TABLES) expect(tables).toContain(t);
    });

    it('round-trips a row through every table', async () => {
      const rows = sampleRows();
      expect(Object.keys(rows).sort()).toEqual([...TABLES].sort());
      for (const t of TABLES) {
        await store.db.insertInto(t).values(rows[t] as never).execute();
      }
      for (const t of TABLES) {
        const got = await store.db.selectFrom(t).selectAll().execute();
        expect(got, t).toHaveLength(1);
        const row = got[0] as Record<string, unknown>;
        for (const [k, v] of Object.entries(rows[t])) {
          if (Buffer.isBuffer(v)) {
            expect(Buffer.isBuffer(row[k]), `${t}.${k} is a Buffer`).toBe(true);
            expect((row[k] as Buffer).equals(v), `${t}.${k}`).toBe(true);
          } else {
            expect(row[k], `${t}.${k}`).toEqual(v);
          }
        }
        expect(Object.keys(row).sort(), `${t} columns`).toEqual(Object.keys(rows[t]).sort());
      }
    });

    it('enforces unique and foreign-key constraints', async () => {
      await expect(store.db.insertInto('projects').values({ id: 'p2', name: 'shop', description: null, created_at: T0 }).execute()).rejects.toThrow();
      await expect(
        store.db.insertInto('role_bindings').values({ id: 'b9', principal_kind: 'user', principal_id: 'u1', role_id: 'nope', project_id: null, created_by: null, created_at: T0 }).execute(),
      ).rejects.toThrow();
      // Two global roles may not share a name (NULL project ids would not collide in a plain unique constraint).
      await expect(
        store.db.insertInto('roles').values({ id: 'r9', name: 'deployer', project_id: null, permissions: '[]', description: null, builtin: 0, created_at: T0 }).execute(),
      ).rejects.toThrow();
      // A project-scoped role may reuse a global name.
      await store.db.insertInto('roles').values({ id: 'r8', name: 'deployer', project_id: 'p1', permissions: '[]', description: null, builtin: 0, created_at: T0 }).execute();
    });

    it('orders ISO timestamps in SQL the way time orders them', async () => {
      const rows = await store.db.selectFrom('api_tokens').select('id').where('expires_at', '>', isoAt(Date.UTC(2026, 4, 31, 23, 59, 59, 999))).execute();
      expect(rows.map((r) => r.id)).toEqual(['t1']);
      const none = await store.db.selectFrom('api_tokens').select('id').where('expires_at', '>', T1).execute();
      expect(none).toEqual([]);
    });

    it('cascades a project delete to what belongs to it', async () => {
      await store.db.deleteFrom('projects').where('id', '=', 'p1').execute();
      for (const t of ['secrets', 'secret_versions', 'findings', 'environments', 'deployment_decisions', 'oidc_trust_policies', 'image_signatures'] as const) {
        const n = await store.db.selectFrom(t).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
        expect(Number(n.n), t).toBe(0);
      }
      const users = await store.db.selectFrom('users').select('id').execute();
      expect(users).toEqual([{ id: 'u1' }]);
    });

    it('rolls a failed transaction back', async () => {
      await expect(
        store.db.transaction().execute(async (tx) => {
          await tx.insertInto('projects').values({ id: 'p3', name: 'tx', description: null, created_at: T0 }).execute();
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.db.selectFrom('projects').select('id').where('id', '=', 'p3').execute()).toEqual([]);
    });

    it('records the migration and does nothing on a second migrate', async () => {
      const names = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db)).rows.map((r) => r.name);
      expect(names).toEqual(Object.keys(migrations(store.dialect)));
      expect(await migrateToLatest(store.db, store.dialect)).toEqual([]);
    });
  });
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

contract('SQLite store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-store-'));
  dirs.push(dir);
  return openStore({ dataDir: join(dir, 'data') });
});

let pg: PrivatePostgres | undefined;
afterAll(async () => {
  await pg?.stop();
});

contract('PostgreSQL store', async () => {
  pg = await startPostgres();
  return openStore({ databaseUrl: pg.databaseUrl });
});

describe('SQLite specifics', () => {
  it('opens with WAL, synchronous=FULL, foreign keys and a private data dir; reopening keeps data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-store-'));
    dirs.push(dir);
    const dataDir = join(dir, 'data');
    const s = await openStore({ dataDir });
    expect(s.dialect).toBe('sqlite');
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const pragma = async (p: string) => Object.values((await sql.raw(`pragma ${p}`).execute(s.db)).rows[0] as object)[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(2); // FULL
    expect(await pragma('foreign_keys')).toBe(1);
    expect(Number(await pragma('busy_timeout'))).toBeGreaterThan(0);
    await s.db.insertInto('projects').values({ id: 'p1', name: 'kept', description: null, created_at: T0 }).execute();
    await s.close();
    const again = await openStore({ dataDir });
    expect(await again.db.selectFrom('projects').select('name').execute()).toEqual([{ name: 'kept' }]);
    await again.close();
  });

  it('refuses a data dir that is a file or open to other users', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-store-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'file'), 'x');
    await expect(openStore({ dataDir: join(dir, 'file') })).rejects.toThrow(/not a directory/);
    mkdirSync(join(dir, 'shared'), { mode: 0o755 });
    chmodSync(join(dir, 'shared'), 0o755);
    await expect(openStore({ dataDir: join(dir, 'shared') })).rejects.toThrow(/chmod 700/);
    expect(existsSync(join(dir, 'shared', 'rampart.db'))).toBe(false);
  });

  it('refuses to start without a data dir or database URL', async () => {
    await expect(openStore({ dataDir: '' })).rejects.toThrow(/data directory/);
  });
});

describe('PostgreSQL errors', () => {
  it('a bad URL fails clearly and never prints the password', async () => {
    const err = await openStore({ databaseUrl: 'postgres://me:hunter2-secret@127.0.0.1:1/x' }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/cannot connect to PostgreSQL/);
    expect((err as Error).message).not.toContain('hunter2-secret');
    expect(redactUrl('postgres://me:pw@db:5432/x?sslmode=require')).toBe('postgres://db:5432/x');
  });
});

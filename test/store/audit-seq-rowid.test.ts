import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/server/audit/log.js';
import { verifyAudit } from '../../src/server/audit/verify.js';
import type { Store } from '../../src/store/db.js';
import { migrateToLatest, migrations } from '../../src/store/migrations/index.js';
import { openDialectStore, type PrivatePostgres } from '../helpers/postgres.js';

/**
 * Migration 0010 on a database that already holds a signed audit chain: the rows (so every hash
 * and checkpoint) are unchanged, the chain still verifies and new entries continue it; on SQLite
 * seq is then the table's rowid (no second b-tree), and down() gives the 0001 table back.
 */

const entry = (i: number) => ({ actor: `user:u${i % 3}`, action: 'secret.read', resource: `project:p/secret:s${i}`, outcome: 'allow', detail: { i, path: `s${i}`, versions: [1] } });

/** The CREATE statement SQLite keeps for audit_entries, and its indexes (SQLite only). */
async function sqliteShape(db: Kysely<any>): Promise<{ table: string; indexes: string[] }> {
  const rows = (await sql<{ type: string; name: string; sql: string | null }>`select type, name, sql from sqlite_master where tbl_name = 'audit_entries'`.execute(db)).rows;
  return { table: rows.find((r) => r.type === 'table')?.sql ?? '', indexes: rows.filter((r) => r.type === 'index').map((r) => r.name) };
}

describe.each(['sqlite', 'postgres'] as const)('migration 0010 on %s', (dialect) => {
  let pg: PrivatePostgres | undefined;
  let dir: string;
  let store: Store;
  let db: Kysely<any>;
  let migrator: Migrator;
  const { privateKey: signingKey, publicKey } = generateKeyPairSync('ed25519');
  let before: unknown[];

  const rows = () => db.selectFrom('audit_entries').selectAll().orderBy('seq').execute();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-0010-'));
    ({ store, pg } = await openDialectStore(dialect, join(dir, 'data')));
    db = store.db as unknown as Kysely<any>;
    migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(store.dialect) } });
    const down = await migrator.migrateTo('0009_scan_evidence');
    expect(down.error).toBeUndefined();
    // A chain as a server before 0010 wrote it: two groups, checkpoints after each.
    const log = await AuditLog.open(store, { signingKey, checkpointEvery: 5 });
    await log.appendBatch(Array.from({ length: 7 }, (_, k) => entry(k + 1)));
    await log.appendBatch(Array.from({ length: 5 }, (_, k) => entry(k + 8)));
    await log.close();
    before = await rows();
    expect(before).toHaveLength(12);
    expect((await migrateToLatest(db, store.dialect))[0]).toBe('0010_audit_seq_rowid');
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every row as it was, and the chain verifies', async () => {
    expect(await rows()).toEqual(before);
    const v = await verifyAudit(store, publicKey);
    expect(v.ok).toBe(true);
    expect(v.entries).toBe(12);
  });

  it('new entries continue the chain after the copied ones', async () => {
    const log = await AuditLog.open(store, { signingKey, checkpointEvery: 5 });
    const [e] = await log.appendBatch([entry(13)]);
    await log.close();
    expect(e!.seq).toBe(13);
    expect(e!.prevHash).toBe((before.at(-1) as { hash: string }).hash);
    expect((await verifyAudit(store, publicKey)).ok).toBe(true);
  });

  it('still refuses a second entry at the same seq', async () => {
    const last = (await rows()).at(-1)!;
    await expect(db.insertInto('audit_entries').values({ ...last, hash: 'f'.repeat(64) }).execute()).rejects.toThrow();
  });

  it('leaves one b-tree keyed by seq: the rowid on SQLite, the primary key index alone on PostgreSQL', async () => {
    if (dialect === 'postgres') {
      const idx = (await sql<{ indexdef: string }>`select indexdef from pg_indexes where tablename = 'audit_entries'`.execute(db)).rows;
      expect(idx).toHaveLength(1);
      expect(idx[0]!.indexdef).toMatch(/UNIQUE INDEX .* \(seq\)/);
      return;
    }
    const shape = await sqliteShape(db);
    expect(shape.table).toMatch(/"seq" integer primary key/i);
    expect(shape.indexes).toEqual([]);
    // The rowid is seq itself.
    const r = (await sql<{ r: number; seq: number }>`select rowid as r, seq from audit_entries order by seq desc limit 1`.execute(db)).rows[0]!;
    expect(r.r).toBe(r.seq);
  });

  it('down() restores the 0001 table with its rows, and up() again keeps them', async () => {
    const now = await rows();
    expect((await migrator.migrateTo('0009_scan_evidence')).error).toBeUndefined();
    expect(await rows()).toEqual(now);
    if (dialect === 'sqlite') expect((await sqliteShape(db)).table).toMatch(/"seq" bigint primary key/i);
    expect((await migrateToLatest(db, store.dialect))[0]).toBe('0010_audit_seq_rowid');
    expect(await rows()).toEqual(now);
    expect((await verifyAudit(store, publicKey)).ok).toBe(true);
  });
});

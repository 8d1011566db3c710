import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../db.js';

/**
 * audit_entries.seq as SQLite's rowid (issue 7, read speed). 0001 declared it `bigint primary key`:
 * on SQLite only a column typed exactly INTEGER becomes the rowid, so the table had a hidden rowid
 * plus a separate unique index on seq, and every appended entry (one per request) updated two
 * b-trees and wrote both to the WAL. `integer primary key` makes seq the table's own key: one
 * b-tree, and the tail read (`order by seq desc limit 1`) is its last row.
 *
 * SQLite cannot change a column's type in place: the table is rebuilt (new table, rows copied in
 * seq order, old one dropped, new one renamed) in one transaction, so a crash leaves either the
 * old table or the new one. Rows, and therefore every hash and checkpoint, are unchanged.
 *
 * PostgreSQL: `bigint primary key` is already a heap plus one index, and INTEGER would narrow it
 * to 32 bits; nothing to do. Both schemas keep the same columns, types as read, and uniqueness.
 */

const COLUMNS = ['seq', 'ts', 'actor', 'action', 'resource', 'outcome', 'detail', 'prev_hash', 'hash'] as const;

/** audit_entries with `seq` typed `type` as its primary key, under `name`. */
async function createAuditTable(db: Kysely<any>, name: string, seqType: 'integer' | 'bigint'): Promise<void> {
  let t = db.schema.createTable(name).addColumn('seq', seqType, (c) => c.primaryKey());
  for (const c of COLUMNS.slice(1)) t = t.addColumn(c, 'text', (col) => col.notNull());
  await t.execute();
}

/** Rebuilds audit_entries with seq typed `seqType`, keeping every row (SQLite). */
async function rebuild(db: Kysely<any>, seqType: 'integer' | 'bigint'): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await createAuditTable(trx, 'audit_entries_rebuilt', seqType);
    const cols = sql.join(COLUMNS.map((c) => sql.ref(c)));
    await sql`insert into ${sql.table('audit_entries_rebuilt')} (${cols}) select ${cols} from ${sql.table('audit_entries')} order by ${sql.ref('seq')}`.execute(trx);
    await trx.schema.dropTable('audit_entries').execute();
    await trx.schema.alterTable('audit_entries_rebuilt').renameTo('audit_entries').execute();
  });
}

export function auditSeqRowidMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      if (dialect === 'sqlite') await rebuild(db, 'integer');
    },
    async down(db: Kysely<any>): Promise<void> {
      if (dialect === 'sqlite') await rebuild(db, 'bigint');
    },
  };
}

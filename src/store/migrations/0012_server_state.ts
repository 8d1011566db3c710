import { sql, type Kysely, type Migration } from 'kysely';

/**
 * State several server processes on one database must share (`rampart server --http-workers N`,
 * issue 7), instead of keeping it in one process's memory:
 * - server_state (one row, id 1): `identity_epoch`, raised in the same transaction as every
 *   identity change (tokens, users, service accounts, roles, bindings, projects, trust policies),
 *   so every process's caches of principals and grants see a change as soon as it commits;
 *   `login_blocked_until` (ms since the epoch), the end of the latest login block any process set,
 *   so the usual request reads one row instead of looking up its address.
 * - login_failures: failed authentication attempts per client key (identity/login-limit.ts).
 */
export function serverStateMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('server_state')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('identity_epoch', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('login_blocked_until', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`insert into server_state (id, identity_epoch, login_blocked_until) values (1, 0, 0)`.execute(db);
      await db.schema
        .createTable('login_failures')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('blocked_until', 'bigint', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('login_failures').execute();
      await db.schema.dropTable('server_state').execute();
    },
  };
}

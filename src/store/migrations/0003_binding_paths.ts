import type { Kysely, Migration } from 'kysely';

/**
 * Secret path scopes on role bindings (issue 7, "access controlled per path by role"): a JSON
 * array of path patterns (identity/secret-paths.ts), or NULL for an unscoped binding, which keeps
 * its old meaning. A text column, so one definition serves SQLite and PostgreSQL.
 */
export function bindingPathsMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('role_bindings').addColumn('paths', 'text').execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('role_bindings').dropColumn('paths').execute();
    },
  };
}

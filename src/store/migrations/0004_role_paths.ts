import type { Kysely, Migration } from 'kysely';

/**
 * Secret path scopes on custom roles (issue 7): a JSON array of path patterns
 * (identity/secret-paths.ts) the role's secrets permissions are limited to, or NULL for every path
 * (built-in roles and every role made before). A text column, so one definition serves SQLite
 * and PostgreSQL.
 */
export function rolePathsMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('roles').addColumn('paths', 'text').execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('roles').dropColumn('paths').execute();
    },
  };
}

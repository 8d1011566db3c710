import type { Kysely, Migration } from 'kysely';

/**
 * `api_tokens.bootstrap` (issue 7): 1 on the token `rampart server init` prints, 0 on every other.
 * The bootstrap token now lives a short time (24 h by default); the rule that a token issues none
 * that outlives it is lifted for it alone, so the first admin can still make a long-lived token of
 * their own with it before it lapses (identity/routes.ts issueToken). It cannot be renewed. An
 * integer flag, like roles.builtin, so one definition serves SQLite and PostgreSQL; tokens made
 * before (a bootstrap token that never expires included) read 0 and keep the usual rules.
 */
export function tokenBootstrapMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('api_tokens').addColumn('bootstrap', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('api_tokens').dropColumn('bootstrap').execute();
    },
  };
}

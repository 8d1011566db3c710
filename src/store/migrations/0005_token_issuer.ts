import type { Kysely, Migration } from 'kysely';

/**
 * Who issued a token for someone else (issue 7): the issuer's principal id (`user:<id>`,
 * `service_account:<id>`, `oidc_policy:<id>`), or NULL when the owner issued it themselves (and
 * for every token made before). A binding added to the owner later is checked against the
 * issuer's own rights (identity/routes.ts). A text column, so one definition serves SQLite and
 * PostgreSQL.
 */
export function tokenIssuerMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('api_tokens').addColumn('issued_by', 'text').execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('api_tokens').dropColumn('issued_by').execute();
    },
  };
}

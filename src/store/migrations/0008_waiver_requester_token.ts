import type { Kysely, Migration } from 'kysely';

/**
 * The token a waiver was requested with (issue 7, review M3): approval refuses the human who
 * issued that token (api_tokens.issued_by), so nobody approves a request they made through a
 * token they minted for a service account or another user. Null for waivers made before.
 */
export function waiverRequesterTokenMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('waivers').addColumn('requested_token_id', 'text').execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('waivers').dropColumn('requested_token_id').execute();
    },
  };
}

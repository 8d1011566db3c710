import type { Kysely, Migration } from 'kysely';

/**
 * `api_tokens.not_after` (issue 7 review): the latest a token may be renewed to, or null (no
 * ceiling). A token issued through another token with an expiry gets that token's expiry (or its
 * own ceiling, if earlier): the issuer capped it there, and renewing must not carry it past
 * (identity/routes.ts renewToken). Tokens made before read null, as before.
 */
export function tokenNotAfterMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('api_tokens').addColumn('not_after', 'text').execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('api_tokens').dropColumn('not_after').execute();
    },
  };
}

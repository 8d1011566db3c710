import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Tokens by issuer (issue 7): when an issuer loses rights, identity/routes.ts finds the live
 * tokens it issued for others (api_tokens.issued_by, 0005) inside the change's transaction.
 * A partial index: most tokens (every CI token, every self-issued one) have no issuer and stay
 * out of it. Partial indexes read the same on SQLite and PostgreSQL.
 */
export function tokenIssuerIndexMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createIndex('api_tokens_issued_by').on('api_tokens').column('issued_by').where(sql.ref('issued_by'), 'is not', null).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropIndex('api_tokens_issued_by').execute();
    },
  };
}

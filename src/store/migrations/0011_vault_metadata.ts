import type { Kysely, Migration } from 'kysely';

/**
 * Vault metadata the conformance sweep asked for (issue 7):
 * - secrets.cas_required: 1 = every write to the secret must give `cas` (Vault's cas_required);
 *   0 for every secret made before, so they write as they did.
 * - master_keys.key_shares / key_threshold: how a key was split at init (null for a key file or
 *   RAMPART_MASTER_KEY), so seal-status can say "t of n" before the first share arrives.
 */
export function vaultMetadataMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('secrets').addColumn('cas_required', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      await db.schema.alterTable('master_keys').addColumn('key_shares', 'integer').execute();
      await db.schema.alterTable('master_keys').addColumn('key_threshold', 'integer').execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('master_keys').dropColumn('key_threshold').execute();
      await db.schema.alterTable('master_keys').dropColumn('key_shares').execute();
      await db.schema.alterTable('secrets').dropColumn('cas_required').execute();
    },
  };
}

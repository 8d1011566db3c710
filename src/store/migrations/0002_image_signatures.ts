import type { Kysely, Migration } from 'kysely';

/**
 * Sigstore bundles stored per project and image digest, for the deployment gate's signature
 * check (see ../schema.ts ImageSignaturesTable). Text columns only, so one definition serves
 * SQLite and PostgreSQL.
 */
export function imageSignaturesMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('image_signatures')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('image_digest', 'text', (c) => c.notNull())
        .addColumn('bundle', 'text', (c) => c.notNull())
        .addColumn('bundle_sha256', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('image_signatures_project_digest_bundle', ['project_id', 'image_digest', 'bundle_sha256'])
        .execute();
      // The gate reads the newest bundles of one image.
      await db.schema.createIndex('image_signatures_lookup').on('image_signatures').columns(['project_id', 'image_digest', 'created_at']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('image_signatures').execute();
    },
  };
}

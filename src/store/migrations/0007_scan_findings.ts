import type { Kysely, Migration } from 'kysely';

/**
 * What each scan found (issue 7, review M1): one row per finding of a scan, with the rule,
 * scanner and severity as that scan reported them. The deployment gate judges the findings of
 * the latest scan per scanner of the image (or commit) being deployed, so an upload for another
 * commit or image — which moves the project-wide `findings.state` — cannot clear them.
 * Rows go with their scan (and the scan with its project).
 */
export function scanFindingsMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('scan_findings')
        .addColumn('scan_id', 'text', (c) => c.notNull().references('scans.id').onDelete('cascade'))
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('scanner', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('scan_findings_pk', ['scan_id', 'fingerprint'])
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('scan_findings').execute();
    },
  };
}

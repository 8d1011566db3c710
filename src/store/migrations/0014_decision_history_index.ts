import type { Kysely, Migration } from 'kysely';

/**
 * `rampart deploy history` pages through a project's decisions newest first (GET
 * …/deployments?before=): an index on (project_id, ts, id) serves each page as a range read,
 * backwards, instead of sorting every decision of the project per page. That holds for the order
 * (ts desc, id desc) and a (ts, id) < cursor bound (gate/routes.ts historyPage), the same on
 * SQLite and PostgreSQL; (ts desc, id asc) would still sort each time's ties.
 */
export function decisionHistoryIndexMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createIndex('deployment_decisions_history').on('deployment_decisions').columns(['project_id', 'ts', 'id']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropIndex('deployment_decisions_history').execute();
    },
  };
}

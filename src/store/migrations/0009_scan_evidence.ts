import type { Kysely, Migration } from 'kysely';

/**
 * Who uploaded each scan (issue 7): the deployment gate of an environment whose policy says
 * `evidence: "ci"` counts only scans a CI job of the project uploaded (gate/evidence.ts).
 *
 * - scans: the uploader's identity kind and name, the api_tokens row, the OIDC trust policy of a
 *   CI token, and the commit (`sha` claim) the CI token was issued for. Null on scans made before:
 *   they never count as CI evidence (nothing says who made them).
 * - api_tokens.ci_sha: the `sha` claim of the id token a CI token was exchanged for (GitHub
 *   Actions and GitLab CI carry the commit there); null for other tokens.
 * - Indexes on (project, image or commit, uploader kind, time) for the gate's CI-only reads.
 * - Stored policy documents: a document saved before this migration has no `evidence` field, and
 *   a missing field now means "ci" (the safe default for new policies). Writing `"any"` into the
 *   old ones keeps every existing environment deciding exactly as before. A document that does not
 *   parse is left alone (the gate denies it either way).
 */
const SCAN_COLUMNS = ['uploader_kind', 'uploader_name', 'uploader_token_id', 'uploader_policy_id', 'uploader_sha'] as const;

export function scanEvidenceMigration(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      for (const c of SCAN_COLUMNS) await db.schema.alterTable('scans').addColumn(c, 'text').execute();
      await db.schema.alterTable('api_tokens').addColumn('ci_sha', 'text').execute();
      // Under `ci` evidence the gate reads a target's CI uploads newest first (gate/facts.ts):
      // however many scans people upload, that read does not walk past them.
      await db.schema.createIndex('scans_image_uploader').on('scans').columns(['project_id', 'image_digest', 'uploader_kind', 'created_at']).execute();
      await db.schema.createIndex('scans_commit_uploader').on('scans').columns(['project_id', 'commit', 'uploader_kind', 'created_at']).execute();
      const rows: { id: string; document: string }[] = await db.selectFrom('policies').select(['id', 'document']).execute();
      for (const r of rows) {
        const doc = explicitAnyEvidence(r.document);
        if (doc !== null) await db.updateTable('policies').set({ document: doc }).where('id', '=', r.id).execute();
      }
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropIndex('scans_commit_uploader').execute();
      await db.schema.dropIndex('scans_image_uploader').execute();
      await db.schema.alterTable('api_tokens').dropColumn('ci_sha').execute();
      for (const c of SCAN_COLUMNS) await db.schema.alterTable('scans').dropColumn(c).execute();
    },
  };
}

/** The document with `"evidence": "any"` added, or null when it needs no change (or is not a JSON object). */
export function explicitAnyEvidence(document: string): string | null {
  let v: unknown;
  try {
    v = JSON.parse(document);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.hasOwn(v, 'evidence')) return null;
  return JSON.stringify({ ...v, evidence: 'any' });
}

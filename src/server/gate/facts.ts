import { sql, type Kysely } from 'kysely';
import type { Store } from '../../store/db.js';
import type { OwnerKind, Schema } from '../../store/schema.js';
import { MAX_NAMED_IGNORED } from './evidence.js';

/**
 * The reads a deployment check makes, each one indexed query. SQLite: prepared statements on the
 * store's read-only connection (committed rows only, no Kysely compile per call, never waits for
 * the write lock). PostgreSQL: the same queries through Kysely. Nothing is cached across checks,
 * so an uploaded scan, a waiver change or a policy change is seen by the very next check.
 */

export interface EnvironmentRow {
  /** The environment's policy document; null when it names none (or it was deleted). */
  document: string | null;
}

export interface ScanRow {
  id: string;
  scanners: string;
  commit: string | null;
  image_digest: string | null;
  created_at: string;
  /** Who uploaded it (migration 0009; null on older scans). */
  uploader_kind: OwnerKind | null;
  uploader_name: string | null;
  uploader_policy_id: string | null;
  uploader_sha: string | null;
  /** The uploader's trust policy now (left join): its project, null when it is gone. */
  policy_project: string | null;
  policy_disabled_at: string | null;
}

export interface FindingRow {
  scan_id: string;
  fingerprint: string;
  rule_id: string;
  scanner: string;
  severity: string;
}

export interface WaiverRow {
  id: string;
  fingerprint: string | null;
  rule_id: string | null;
  expires_at: string;
  approved_by: string | null;
  revoked_at: string | null;
}

export interface GateReads {
  environment(projectId: string, env: string): Promise<EnvironmentRow | undefined>;
  /**
   * The deployment's own scans, newest first (at most MAX_TARGET_SCANS of each kind): those that
   * name this image, and, when a commit is given, the commit's scans that name no image. A scan
   * of another image never counts, even on the same commit (review H2).
   *
   * `ciOnly` (policy evidence `ci`): CI uploads up to that limit, plus only the newest few other
   * uploads (MAX_OTHER_SCANS of each kind, to name them in the decision). So however many scans
   * people upload, they can neither stand in for nor crowd out the pipeline's (indexes of 0009).
   */
  scans(projectId: string, imageDigest: string, commit: string | null, ciOnly: boolean): Promise<ScanRow[]>;
  /** What one scan found, severity ranked above `aboveRank` (-1: all); unknown severities rank as critical. */
  scanFindings(scanId: string, aboveRank: number): Promise<FindingRow[]>;
  /** Waivers not revoked. */
  waivers(projectId: string): Promise<WaiverRow[]>;
}

// core/severity.ts's ranks, in SQL, so the database returns only findings a limit can catch.
// An unknown severity ranks as critical, as the gate treats it (fail closed).
const RANK_SQL = `(case severity when 'critical' then 4 when 'high' then 3 when 'medium' then 2 when 'low' then 1 when 'info' then 0 else 4 end)`;

const ENV_SQL = 'select p.document as document from environments e left join policies p on p.id = e.policy_id where e.project_id = ? and e.name = ?';
/** Enough for every scanner's latest scan of one image or commit; older ones do not matter. */
export const MAX_TARGET_SCANS = 1000;
/** Non-CI uploads read under `ci` evidence, per kind: enough to name MAX_NAMED_IGNORED and say there are more. */
export const MAX_OTHER_SCANS = MAX_NAMED_IGNORED + 1;
const CI = `s.uploader_kind = 'oidc_policy'`;
const NOT_CI = `(s.uploader_kind is null or s.uploader_kind <> 'oidc_policy')`;
// A scan with the trust policy it was uploaded under (by primary key), for the evidence rule.
const SCAN_SELECT =
  'select s.id, s.scanners, s."commit", s.image_digest, s.created_at, s.uploader_kind, s.uploader_name, s.uploader_policy_id, s.uploader_sha, ' +
  't.project_id as policy_project, t.disabled_at as policy_disabled_at from scans s left join oidc_trust_policies t on t.id = s.uploader_policy_id';
const FINDINGS_SQL = `select scan_id, fingerprint, rule_id, scanner, severity from scan_findings where scan_id = ? and ${RANK_SQL} > ?`;
const WAIVERS_SQL = 'select id, fingerprint, rule_id, expires_at, approved_by, revoked_at from waivers where project_id = ? and revoked_at is null';

export function gateReads(store: Store): GateReads {
  return store.sqlite ? sqliteReads(store.sqlite.reader) : kyselyReads(store.db);
}

function sqliteReads(db: NonNullable<Store['sqlite']>['reader']): GateReads {
  const env = db.prepare(ENV_SQL);
  const image = (where: string, limit: number) => db.prepare(`${SCAN_SELECT} where s.project_id = ? and s.image_digest = ?${where} order by s.created_at desc limit ${limit}`);
  const commit = (where: string, limit: number) => db.prepare(`${SCAN_SELECT} where s.project_id = ? and s."commit" = ? and s.image_digest is null${where} order by s.created_at desc limit ${limit}`);
  const any = { image: [image('', MAX_TARGET_SCANS)], commit: [commit('', MAX_TARGET_SCANS)] };
  const ci = { image: [image(` and ${CI}`, MAX_TARGET_SCANS), image(` and ${NOT_CI}`, MAX_OTHER_SCANS)], commit: [commit(` and ${CI}`, MAX_TARGET_SCANS), commit(` and ${NOT_CI}`, MAX_OTHER_SCANS)] };
  const findings = db.prepare(FINDINGS_SQL);
  const waivers = db.prepare(WAIVERS_SQL);
  return {
    environment: async (projectId, name) => env.get(projectId, name) as EnvironmentRow | undefined,
    scans: async (projectId, imageDigest, commitId, ciOnly) => {
      const q = ciOnly ? ci : any;
      const rows: ScanRow[] = [];
      for (const st of q.image) rows.push(...(st.all(projectId, imageDigest) as ScanRow[]));
      if (commitId !== null) for (const st of q.commit) rows.push(...(st.all(projectId, commitId) as ScanRow[]));
      return rows;
    },
    scanFindings: async (scanId, aboveRank) => findings.all(scanId, aboveRank) as FindingRow[],
    waivers: async (projectId) => waivers.all(projectId) as WaiverRow[],
  };
}

function kyselyReads(db: Kysely<Schema>): GateReads {
  return {
    environment: (projectId, name) =>
      db
        .selectFrom('environments as e')
        .leftJoin('policies as p', 'p.id', 'e.policy_id')
        .select('p.document as document')
        .where('e.project_id', '=', projectId)
        .where('e.name', '=', name)
        .executeTakeFirst()
        .then((r) => (r ? { document: r.document ?? null } : undefined)),
    scans: async (projectId, imageDigest, commit, ciOnly) => {
      const base = (limit: number) =>
        db
          .selectFrom('scans as s')
          .leftJoin('oidc_trust_policies as t', 't.id', 's.uploader_policy_id')
          .select([
            's.id', 's.scanners', 's.commit', 's.image_digest', 's.created_at', 's.uploader_kind', 's.uploader_name', 's.uploader_policy_id', 's.uploader_sha',
            't.project_id as policy_project', 't.disabled_at as policy_disabled_at',
          ])
          .where('s.project_id', '=', projectId)
          .orderBy('s.created_at', 'desc')
          .limit(limit);
      // Each kind of target: every upload, or CI uploads and the newest few others.
      const parts: [string | null, number][] = ciOnly ? [[CI, MAX_TARGET_SCANS], [NOT_CI, MAX_OTHER_SCANS]] : [[null, MAX_TARGET_SCANS]];
      const rows: ScanRow[] = [];
      for (const [cond, limit] of parts) {
        const q = cond === null ? base(limit) : base(limit).where(sql.raw<boolean>(cond));
        rows.push(...(await q.where('s.image_digest', '=', imageDigest).execute()));
      }
      if (commit !== null) {
        for (const [cond, limit] of parts) {
          const q = cond === null ? base(limit) : base(limit).where(sql.raw<boolean>(cond));
          rows.push(...(await q.where('s.commit', '=', commit).where('s.image_digest', 'is', null).execute()));
        }
      }
      return rows;
    },
    scanFindings: (scanId, aboveRank) =>
      db
        .selectFrom('scan_findings')
        .select(['scan_id', 'fingerprint', 'rule_id', 'scanner', 'severity'])
        .where('scan_id', '=', scanId)
        .where(sql<number>`${sql.raw(RANK_SQL)}`, '>', aboveRank)
        .execute(),
    waivers: (projectId) =>
      db.selectFrom('waivers').select(['id', 'fingerprint', 'rule_id', 'expires_at', 'approved_by', 'revoked_at']).where('project_id', '=', projectId).where('revoked_at', 'is', null).execute(),
  };
}

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isSeverity, severityRank } from '../../core/severity.js';
import type { Store } from '../../store/db.js';
import type { Schema } from '../../store/schema.js';
import { HttpError } from '../app.js';
import type { JsonObject } from '../audit/entry.js';
import type { AuditLog } from '../audit/log.js';
import { judgeEvidence, type EvidenceScan } from './evidence.js';
import type { FindingRow, GateReads, ScanRow, WaiverRow } from './facts.js';
import { evaluate, latestScans, parsePolicy, type GateFacts, type Policy, type Verdict, type WaiverFact } from './policy.js';
import { MAX_STORED_BUNDLES_CHECKED, verifyImageSignature, type BundleCandidate, type SignatureOutcome, type TrustedRoots } from './signature-verify.js';

/**
 * One deployment check: read the facts (committed rows, no lock held), decide, then store the
 * decision and its audit entry together (AuditLog.insertWithEntry: on SQLite a job of the writer
 * thread, group-committed off the event loop; on PostgreSQL one transaction). Signature bundles are
 * verified before anything is written, so that CPU work never holds a write lock.
 *
 * The decision and its entry are `read` durability (audit/log.ts): committed before the answer,
 * fsynced within 100 ms (server.auditSync=full: before the answer). A decision lost to a power
 * cut in that window fails safe: the admission webhook only trusts stored allow decisions.
 */

export interface CheckInput {
  projectId: string;
  project: string;
  env: string;
  imageDigest: string;
  commit: string | null;
  actor: string;
  requestId: string;
  /** The request's own audit fields (audit/plugin.ts requestDetail): the decision's entry is the request's one entry. */
  requestDetail?: JsonObject;
  now: Date;
  /** Sigstore bundles sent with the request (stored ones are read here). */
  signatureBundles?: unknown[];
  trustedRoots?: TrustedRoots;
}

export interface CheckResult extends Verdict {
  id: string;
}

export async function checkDeployment(store: Store, reads: GateReads, audit: AuditLog, i: CheckInput): Promise<CheckResult> {
  const env = await reads.environment(i.projectId, i.env);
  if (!env) throw new HttpError(404, 'E_NOT_FOUND', `project ${i.project} has no environment ${i.env}`);
  let verdict: Verdict;
  if (env.document === null) {
    verdict = { allow: false, reasons: [{ code: 'no-policy', message: `environment ${i.env} has no policy: nothing can be allowed` }] };
  } else {
    const policy = cachedPolicy(env.document);
    verdict = policy
      ? evaluate(policy, await gatherFacts(store.db, reads, i, policy))
      : { allow: false, reasons: [{ code: 'no-policy', message: `the policy of environment ${i.env} is unreadable` }] };
  }
  const id = randomUUID();
  await audit.insertWithEntry(
    'deployment_decisions',
    { id, project_id: i.projectId, environment: i.env, image_digest: i.imageDigest, commit: i.commit, decision: verdict.allow ? 'allow' : 'deny', reasons: JSON.stringify(verdict.reasons), actor: i.actor, ts: i.now.toISOString() },
    {
      actor: i.actor,
      action: 'deploy.check',
      resource: `project:${i.project}/env:${i.env}`,
      outcome: verdict.allow ? 'allow' : 'deny',
      detail: { decisionId: id, imageDigest: i.imageDigest, commit: i.commit, reasons: verdict.reasons.map((r) => ({ code: r.code, message: r.message })), ...i.requestDetail, requestId: i.requestId },
      ts: i.now,
    },
    { durability: 'read' },
  );
  return { id, ...verdict };
}

// Parsed policies by document text: zod parsing is most of a check's CPU, and the text is the
// whole input, so a changed policy is a new key (never stale). Bounded: cleared when full.
// Frozen, since every check shares the object.
const POLICY_CACHE_MAX = 256;
const policies = new Map<string, Policy | null>();

function cachedPolicy(document: string): Policy | null {
  let p = policies.get(document);
  if (p !== undefined) return p;
  try {
    p = deepFreeze(parsePolicy(JSON.parse(document)));
  } catch {
    p = null; // a stored document that no longer parses denies rather than guesses
  }
  if (policies.size >= POLICY_CACHE_MAX) policies.clear();
  policies.set(document, p);
  return p;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/**
 * The facts of one check. Findings are those of the deployment's own latest scan per scanner
 * (policy.ts latestScans: this image's scans, else this commit's scans that name no image), as
 * that scan reported them: the project-wide open/fixed state follows every upload of any commit,
 * so an unrelated (even empty) report could otherwise clear what this image was found to have.
 */
async function gatherFacts(db: Kysely<Schema>, reads: GateReads, i: CheckInput, policy: Policy): Promise<GateFacts> {
  const waivers = (await reads.waivers(i.projectId)).map(waiverFact);
  const above = findingsAbove(policy, waivers, i.now);
  const rows = policy.requiredScanners.length > 0 || above !== NONE ? await reads.scans(i.projectId, i.imageDigest, i.commit, policy.evidence === 'ci') : [];
  // Only evidence counts, for the required scans and for whose findings stand (evidence.ts).
  const { counted, ignored } = judgeEvidence(policy.evidence, rows.map(evidenceScan), i.projectId);
  const scans = counted.map((s) => ({ id: s.id, scanners: parseStrings(s.row.scanners), commit: s.commit, imageDigest: s.row.image_digest, createdAt: s.row.created_at }));
  const findings: FindingRow[] = [];
  if (above !== NONE) {
    const latest = latestScans(scans, i.now);
    for (const scanId of new Set(latest.values())) {
      // A scan that ran several scanners stands only for those it is the latest scan of.
      for (const f of await reads.scanFindings(scanId, above)) if (latest.get(f.scanner) === scanId) findings.push(f);
    }
  }
  return {
    now: i.now,
    imageDigest: i.imageDigest,
    commit: i.commit,
    scans: scans.map(({ scanners, commit, imageDigest, createdAt }) => ({ scanners, commit, imageDigest, createdAt })),
    openFindings: findings.map((f) => ({ fingerprint: f.fingerprint, ruleId: f.rule_id, scanner: f.scanner, severity: isSeverity(f.severity) ? f.severity : 'critical' })),
    waivers,
    signature: await signatureFact(db, i, policy),
    ignoredScans: ignored,
  };
}

function evidenceScan(row: ScanRow): EvidenceScan & { row: ScanRow } {
  return {
    id: row.id,
    commit: row.commit,
    uploaderKind: row.uploader_kind,
    uploaderName: row.uploader_name,
    uploaderPolicyId: row.uploader_policy_id,
    uploaderSha: row.uploader_sha,
    policyProject: row.policy_project,
    policyDisabled: row.policy_disabled_at !== null,
    row,
  };
}

const ALL = -1;
const NONE = Number.MAX_SAFE_INTEGER;

/**
 * The lowest severity rank the policy can act on, so the store returns only findings that matter:
 * above the loosest limit for the severity rule; every open finding while an approved waiver has
 * expired (the expired-waiver rule looks at any finding it covers).
 */
export function findingsAbove(policy: Policy, waivers: readonly WaiverFact[], now: Date): number {
  if (policy.denyExpiredWaivers && waivers.some((w) => w.approved && !w.revoked && Date.parse(w.expiresAt) <= now.getTime())) return ALL;
  const limits = Object.values(policy.maxOpenSeverity);
  if (limits.length === 0) return NONE;
  return Math.min(...limits.map((m) => (m === 'none' ? ALL : severityRank(m))));
}

function waiverFact(w: WaiverRow): WaiverFact {
  return { id: w.id, fingerprint: w.fingerprint, ruleId: w.rule_id, expiresAt: w.expires_at, approved: w.approved_by !== null, revoked: w.revoked_at !== null };
}

/** The signature check's outcome: the request's bundles first, then the newest stored ones. */
async function signatureFact(db: Kysely<Schema>, i: CheckInput, policy: Policy): Promise<SignatureOutcome | null> {
  if (!policy.signature?.required) return null;
  const candidates: BundleCandidate[] = (i.signatureBundles ?? []).map((bundle, n) => ({ source: `request bundle ${n + 1}`, bundle }));
  const stored = await db
    .selectFrom('image_signatures')
    .select(['id', 'bundle'])
    .where('project_id', '=', i.projectId)
    .where('image_digest', '=', i.imageDigest)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(MAX_STORED_BUNDLES_CHECKED)
    .execute();
  for (const r of stored) candidates.push({ source: `stored bundle ${r.id}`, bundle: r.bundle });
  return verifyImageSignature(policy.signature, i.imageDigest, candidates, i.trustedRoots ?? new Map());
}

function parseStrings(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

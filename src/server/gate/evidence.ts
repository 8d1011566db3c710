import type { OwnerKind } from '../../store/schema.js';

/**
 * Which uploaded scans count as evidence for an environment's gate (policy `evidence`).
 *
 * - `any`: every scan of the project counts, whoever uploaded it (the behaviour before 0009).
 * - `ci`: only a scan uploaded with a CI token (an OIDC exchange) under a trust policy of the
 *   deployment's own project that is still enabled; and when the job's id token named its commit
 *   (`sha`), only a scan of that commit. A person who may deploy can then no longer upload a
 *   clean report for what they deploy: the evidence comes from the pipeline.
 *
 * A scan that does not count is never dropped silently: `judgeEvidence` returns why, and the
 * decision lists it. Pure: the caller reads the rows (gate/facts.ts).
 */

export const EVIDENCE_MODES = ['any', 'ci'] as const;
export type EvidenceMode = (typeof EVIDENCE_MODES)[number];

export interface EvidenceScan {
  id: string;
  commit: string | null;
  uploaderKind: OwnerKind | null;
  uploaderName: string | null;
  uploaderPolicyId: string | null;
  uploaderSha: string | null;
  /** The uploader's trust policy as it is now: its project, or null when it no longer exists. */
  policyProject: string | null;
  policyDisabled: boolean;
}

const KIND_WORD: Record<OwnerKind, string> = { user: 'user', service_account: 'service account', oidc_policy: 'CI trust policy' };

/** Why a scan is not evidence under `mode` for a deployment of `projectId`; null when it counts. */
export function notEvidence(mode: EvidenceMode, s: EvidenceScan, projectId: string): string | null {
  if (mode === 'any') return null;
  if (s.uploaderKind === null) return `scan ${s.id} is not CI evidence: it was uploaded before Rampart recorded who uploads scans`;
  const who = `${KIND_WORD[s.uploaderKind]} ${s.uploaderName ?? '(unknown)'}`;
  if (s.uploaderKind !== 'oidc_policy' || s.uploaderPolicyId === null) {
    return `scan ${s.id} uploaded by ${who} is not CI evidence: this environment counts only scans a CI job of the project uploads (OIDC exchange)`;
  }
  if (s.policyProject === null) return `scan ${s.id} is not CI evidence: trust policy ${s.uploaderPolicyId} it was uploaded under no longer exists`;
  if (s.policyProject !== projectId) return `scan ${s.id} is not CI evidence: it was uploaded under ${who}, which is not a trust policy of this project`;
  if (s.policyDisabled) return `scan ${s.id} is not CI evidence: ${who} it was uploaded under is disabled`;
  if (s.uploaderSha !== null && s.commit !== s.uploaderSha) {
    return `scan ${s.id} is not CI evidence: it names commit ${s.commit ?? '(none)'}, but the CI job that uploaded it ran for commit ${s.uploaderSha}`;
  }
  return null;
}

/** At most this many ignored scans are named one by one; the rest are counted. */
export const MAX_NAMED_IGNORED = 10;

/** Splits scans into those that count and the reasons for those that do not (newest first, as given). */
export function judgeEvidence<T extends EvidenceScan>(mode: EvidenceMode, scans: readonly T[], projectId: string): { counted: T[]; ignored: string[] } {
  const counted: T[] = [];
  const ignored: string[] = [];
  let more = 0;
  for (const s of scans) {
    const why = notEvidence(mode, s, projectId);
    if (why === null) counted.push(s);
    else if (ignored.length < MAX_NAMED_IGNORED) ignored.push(why);
    else more++;
  }
  // The store reads only the newest few non-CI scans (facts.ts MAX_OTHER_SCANS): no count here.
  if (more > 0) ignored.push('older scans of this deployment are not counted as CI evidence either (only the newest are named)');
  return { counted, ignored };
}

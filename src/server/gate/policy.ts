import { z } from 'zod';
import { SEVERITIES, severityRank, type Severity } from '../../core/severity.js';
import { SignatureSchema, signatureProblems } from './signature-policy.js';
import type { SignatureOutcome } from './signature-verify.js';
import { EVIDENCE_MODES } from './evidence.js';

/**
 * An environment's deployment policy, as data, and its pure evaluation.
 *
 * The gate collects facts from the store (gate/routes.ts) and asks `evaluate`; nothing here
 * reads a clock or a database, so every rule is unit-tested with plain objects.
 */

const SCANNER = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'a scanner id: lowercase letters, digits and dashes');
/** The highest severity allowed to stay open; 'none' = no open finding at all. */
const MAX = z.enum([...SEVERITIES, 'none']);

const PolicyObject = z
  .object({
    version: z.literal(1).default(1),
    /**
     * Scanner id (or `*` for every scanner not listed) -> the highest severity that may stay open
     * and unwaived. A scanner absent with no `*` is not limited. Judged on what the latest scan
     * by that scanner of the image (or commit) being deployed found; an image nobody scanned has
     * nothing found, so name the scanner in requiredScanners too to demand the scan.
     */
    maxOpenSeverity: z
      .record(z.union([SCANNER, z.literal('*')]), MAX)
      .refine((r) => Object.keys(r).length <= 64, 'at most 64 entries')
      .default({}),
    /**
     * Scanners that must have run on this image digest, or on this commit in a scan that names
     * no image, within `scanWindowHours`.
     */
    requiredScanners: z.array(SCANNER).max(64).default([]),
    scanWindowHours: z.number().positive().max(24 * 366).default(168),
    /** Deny while an approved waiver that covers an open finding has expired and no active one covers it (renew or fix). */
    denyExpiredWaivers: z.boolean().default(true),
    /** Verified Sigstore signatures of the image (see signature-policy.ts); null = not checked. */
    signature: SignatureSchema.nullable().optional(),
    /** The older shorthand: `requireSignature: true` is `signature: { required: true }`. */
    requireSignature: z.boolean().optional(),
    /**
     * Which uploaded scans the gate counts (evidence.ts): `ci` (the default) only scans a CI job
     * of this project uploaded with a token from an OIDC exchange (and of the commit the job ran
     * for, when its id token names one); `any` also scans people and service accounts uploaded.
     * Policies stored before this field existed were given `"any"` (migration 0009), so they
     * decide as before; a new policy gets the safe default unless it says otherwise.
     */
    evidence: z.enum(EVIDENCE_MODES).default('ci'),
  })
  .strict();

export const PolicySchema = PolicyObject.superRefine((p, ctx) => {
  if (p.requireSignature !== undefined && p.signature) ctx.addIssue({ code: 'custom', path: ['requireSignature'], message: 'give signature.required instead of requireSignature when a signature section is present' });
}).transform(({ requireSignature, signature, ...rest }) => ({
  ...rest,
  signature: signature ?? (requireSignature ? SignatureSchema.parse({ required: true }) : null),
}));

export type Policy = z.infer<typeof PolicySchema>;

/** Parses a policy document; throws PolicyError listing every problem as `path: message`. */
export function parsePolicy(doc: unknown): Policy {
  const r = PolicySchema.safeParse(doc);
  if (!r.success) throw new PolicyError(r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'policy'}: ${i.message}`));
  return r.data;
}

/**
 * Parses a policy about to be saved: the shape, plus rules a stored policy is not re-checked
 * against (a signature requirement nobody can meet, trust that would skip a check silently).
 * `rootFiles` are the trusted-root files the server loaded at start.
 */
export function parsePolicyForSave(doc: unknown, rootFiles: ReadonlySet<string>): Policy {
  const policy = parsePolicy(doc);
  const problems = policy.signature ? signatureProblems(policy.signature, rootFiles) : [];
  if (problems.length > 0) throw new PolicyError(problems);
  return policy;
}

export class PolicyError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid policy: ${problems.join('; ')}`);
    this.name = 'PolicyError';
  }
}

export interface ScanFact {
  scanners: string[];
  commit: string | null;
  imageDigest: string | null;
  /** ISO time the scan was uploaded. */
  createdAt: string;
}

export interface FindingFact {
  fingerprint: string;
  ruleId: string;
  scanner: string;
  severity: Severity;
}

export interface WaiverFact {
  id: string;
  fingerprint: string | null;
  ruleId: string | null;
  expiresAt: string;
  approved: boolean;
  revoked: boolean;
}

export interface GateFacts {
  now: Date;
  imageDigest: string;
  commit: string | null;
  /** Scans of the project of this image digest, or of this commit naming no image (others are ignored). */
  scans: ScanFact[];
  /**
   * What the deployment's latest scan per scanner found (latestScans): not the project-wide
   * open state, which an upload for any other commit or image moves (review M1).
   */
  openFindings: FindingFact[];
  /** The project's waivers (any state). */
  waivers: WaiverFact[];
  /** The image signature check's outcome; null when the policy requires no signature. */
  signature: SignatureOutcome | null;
  /**
   * Why scans of the deployment were left out of `scans` and `openFindings` (evidence.ts): each
   * becomes a 'not-evidence' reason of the decision, allow or deny, so nothing is ignored silently.
   */
  ignoredScans?: readonly string[];
}

export type ReasonCode = 'severity' | 'missing-scan' | 'expired-waiver' | 'signature-missing' | 'signature-invalid' | 'not-evidence' | 'no-policy' | 'ok';

/** Every reason code, for the API description. */
export const REASON_CODES: readonly ReasonCode[] = ['ok', 'missing-scan', 'severity', 'expired-waiver', 'signature-missing', 'signature-invalid', 'not-evidence', 'no-policy'];

export interface Reason {
  code: ReasonCode;
  message: string;
}

export interface Verdict {
  allow: boolean;
  reasons: Reason[];
}

const HOUR_MS = 3_600_000;

/** Does the waiver name the finding: by its fingerprint or its rule (also the findings list's `waived`). */
export function waiverCovers(w: Pick<WaiverFact, 'fingerprint' | 'ruleId'>, f: Pick<FindingFact, 'fingerprint' | 'ruleId'>): boolean {
  return (w.fingerprint !== null && w.fingerprint === f.fingerprint) || (w.ruleId !== null && w.ruleId === f.ruleId);
}

/** Is the waiver in force at `now`: approved, not revoked, not yet expired. */
export function waiverActive(w: WaiverFact, now: Date): boolean {
  return w.approved && !w.revoked && Date.parse(w.expiresAt) > now.getTime();
}

export interface TargetScan {
  id: string;
  scanners: readonly string[];
  imageDigest: string | null;
  createdAt: string;
}

/**
 * The scan whose findings stand for each scanner on the deployment: the newest scan of the image
 * that ran it, else the newest commit-only scan that did. The image's own scans come first: the
 * image is what runs, while the commit is only what the caller says it was built from. Scans
 * dated after `now` (clock skew) are left out. Returns scanner -> scan id.
 */
export function latestScans(scans: readonly TargetScan[], now: Date): Map<string, string> {
  const best = new Map<string, { id: string; image: boolean; t: number }>();
  for (const s of scans) {
    const t = Date.parse(s.createdAt);
    if (!(t <= now.getTime())) continue;
    const image = s.imageDigest !== null;
    for (const scanner of s.scanners) {
      const b = best.get(scanner);
      if (!b || (image && !b.image) || (image === b.image && (t > b.t || (t === b.t && s.id > b.id)))) best.set(scanner, { id: s.id, image, t });
    }
  }
  return new Map([...best].map(([k, v]) => [k, v.id]));
}

/**
 * Decides a deployment. Deny reasons are all listed (not just the first), so one answer tells a
 * team everything to fix. An allow carries one 'ok' reason naming what was checked. Either also
 * names the scans that were not counted as evidence ('not-evidence', after the others).
 */
export function evaluate(policy: Policy, facts: GateFacts): Verdict {
  const reasons: Reason[] = [];
  const now = facts.now.getTime();

  // 1. Required scanners ran on this image, or on this commit without naming an image, within the
  // window. A scan that names an image speaks for that image only, even on the same commit.
  const since = now - policy.scanWindowHours * HOUR_MS;
  for (const scanner of policy.requiredScanners) {
    const hit = facts.scans.some((s) => {
      const t = Date.parse(s.createdAt);
      const target = s.imageDigest === facts.imageDigest || (s.imageDigest === null && facts.commit !== null && s.commit === facts.commit);
      return target && s.scanners.includes(scanner) && t >= since && t <= now;
    });
    if (!hit) {
      const what = facts.commit ? `commit ${facts.commit} or image ${facts.imageDigest}` : `image ${facts.imageDigest}`;
      reasons.push({ code: 'missing-scan', message: `no ${scanner} scan of ${what} in the last ${policy.scanWindowHours} h` });
    }
  }

  // 2. Unwaived findings of the deployment's latest scans above each scanner's limit (counted per
  // scanner and severity).
  const active = facts.waivers.filter((w) => waiverActive(w, facts.now));
  const over = new Map<string, number>();
  for (const f of facts.openFindings) {
    const max = policy.maxOpenSeverity[f.scanner] ?? policy.maxOpenSeverity['*'];
    if (max === undefined) continue;
    const limit = max === 'none' ? -1 : severityRank(max);
    if (severityRank(f.severity) <= limit) continue;
    if (active.some((w) => waiverCovers(w, f))) continue;
    const key = `${f.scanner}\u0000${f.severity}\u0000${max}`;
    over.set(key, (over.get(key) ?? 0) + 1);
  }
  for (const [key, n] of [...over].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [scanner, severity, max] = key.split('\u0000') as [string, Severity, string];
    const limit = max === 'none' ? 'none may stay open' : `at most ${max} may stay open`;
    reasons.push({ code: 'severity', message: `${n} open ${severity} ${scanner} finding${n === 1 ? '' : 's'} (${limit})` });
  }

  // 3. Expired waivers that still cover a finding of the deployment: the exception ran out. A
  // finding an active waiver also covers is excused: that waiver is the renewal the deny asks for.
  if (policy.denyExpiredWaivers) {
    for (const w of facts.waivers) {
      if (!w.approved || w.revoked || Date.parse(w.expiresAt) > now) continue;
      if (!facts.openFindings.some((f) => waiverCovers(w, f) && !active.some((a) => waiverCovers(a, f)))) continue;
      const target = w.fingerprint !== null ? `finding ${w.fingerprint}` : `rule ${w.ruleId}`;
      reasons.push({ code: 'expired-waiver', message: `waiver ${w.id} for ${target} expired at ${w.expiresAt}; renew it or fix the finding` });
    }
  }

  // 4. A verified signature of this image (verified by the caller: signature-verify.ts).
  const sig = policy.signature?.required ? facts.signature ?? { status: 'missing' as const } : null;
  if (sig?.status === 'missing') {
    reasons.push({ code: 'signature-missing', message: `the policy requires a signature of image ${facts.imageDigest}, and no bundle was sent or stored for it` });
  } else if (sig?.status === 'invalid') {
    for (const p of sig.problems) reasons.push({ code: 'signature-invalid', message: p });
  }

  // 5. Scans that did not count (not evidence under the policy): said, whatever the outcome.
  const ignored: Reason[] = (facts.ignoredScans ?? []).map((message) => ({ code: 'not-evidence', message }));

  if (reasons.length > 0) return { allow: false, reasons: [...reasons, ...ignored] };
  const checked = [
    policy.requiredScanners.length ? `required scans present (${policy.requiredScanners.join(', ')})` : null,
    Object.keys(policy.maxOpenSeverity).length ? 'open findings within limits' : null,
    sig?.status === 'verified' ? `signature verified: ${sig.signer} (${sig.source})` : null,
    policy.evidence === 'ci' && (policy.requiredScanners.length || Object.keys(policy.maxOpenSeverity).length) ? 'only scans uploaded by a CI job of the project counted' : null,
  ].filter((s): s is string => s !== null);
  return { allow: true, reasons: [{ code: 'ok', message: checked.length ? checked.join('; ') : 'the policy sets no requirements' }, ...ignored] };
}

import type { VerificationStatus } from '../../../core/finding.js';
import type { SecretHit } from '../hit.js';

/** Outcome of one live check. `detail` never holds a secret (verifyHits also scrubs it). */
export interface VerifyResult {
  status: VerificationStatus;
  detail: string;
}

/** What a check gets at run time: the resolved endpoint base and the HTTP client. */
export interface VerifyContext {
  /** Endpoint base URL without a trailing slash, e.g. `https://api.github.com`. */
  base: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

/** One request-worth of checking. Two hits whose checks share a key are checked once. */
export interface Check {
  /** Identifies the credential: every secret value the request uses, joined. */
  key: string;
  /** Secret values the check sends; scrubbed from any detail. */
  secrets: string[];
  run(ctx: VerifyContext): Promise<VerifyResult>;
}

/**
 * Live check for one kind of credential of one provider family (`secrets/<family>/<name>`).
 * Verifiers are listed in index.ts; a family may hold several (Slack tokens and webhooks).
 */
export interface Verifier {
  /** Unique name, e.g. 'github', 'slack-webhook'. */
  id: string;
  /** The `<family>` segment of the detector ids this verifier handles. */
  family: string;
  /**
   * Endpoint name for overrides: `endpoints[name]` in VerifyOptions, or the env var
   * `RAMPART_VERIFY_<NAME>_URL` (uppercased, non-alphanumerics as `_`).
   */
  endpoint: string;
  /** Base URL of the real service. */
  defaultUrl: string;
  /** Whether this verifier handles the hit (detector id name and secret shape). */
  accepts(hit: SecretHit): boolean;
  /**
   * The checks to run for a hit. Several checks (AWS: several candidate secret keys nearby):
   * verified if any is, invalid if all are, unknown otherwise. A VerifyResult means "no request":
   * e.g. unknown because a paired value is missing.
   */
  plan(hit: SecretHit): Check[] | VerifyResult;
}

export function unknown(detail: string): VerifyResult {
  return { status: 'unknown', detail };
}

/** The `<name>` part of `secrets/<family>/<name>`, or '' when the id has no such part. */
export function detectorName(id: string): string {
  const parts = id.split('/');
  return parts.length >= 3 ? parts.slice(2).join('/') : '';
}

/** A single-secret check keyed by the secret itself. */
export function singleCheck(secret: string, run: (ctx: VerifyContext) => Promise<VerifyResult>): Check[] {
  return [{ key: secret, secrets: [secret], run }];
}

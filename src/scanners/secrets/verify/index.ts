import type { VerificationStatus } from '../../../core/finding.js';
import type { SecretHit } from '../hit.js';
import { redact } from '../redact.js';
import { anthropicVerifier } from './anthropic.js';
import { awsVerifier } from './aws.js';
import { datadogVerifier } from './datadog.js';
import { digitaloceanVerifier } from './digitalocean.js';
import { githubVerifier } from './github.js';
import { gitlabVerifier } from './gitlab.js';
import { huggingfaceVerifier } from './huggingface.js';
import { npmVerifier } from './npm.js';
import { openaiVerifier } from './openai.js';
import { sendgridVerifier } from './sendgrid.js';
import { slackTokenVerifier, slackWebhookVerifier } from './slack.js';
import { stripeVerifier } from './stripe.js';
import type { Check, Verifier, VerifyContext, VerifyResult } from './types.js';
import { unknown } from './types.js';
import { trimEndChars } from '../../../core/trim.js';

export type { Check, Verifier, VerifyContext, VerifyResult } from './types.js';

/**
 * Every live check, by provider family (the `<family>` in `secrets/<family>/<name>`). Within a
 * family the first verifier whose `accepts` takes the hit checks it. To add a provider: write
 * `<provider>.ts` exporting a Verifier (see simple.ts for one-GET providers) and list it here.
 */
export const VERIFIERS: Record<string, Verifier[]> = {
  github: [githubVerifier],
  gitlab: [gitlabVerifier],
  slack: [slackWebhookVerifier, slackTokenVerifier],
  stripe: [stripeVerifier],
  aws: [awsVerifier],
  npm: [npmVerifier],
  openai: [openaiVerifier],
  anthropic: [anthropicVerifier],
  huggingface: [huggingfaceVerifier],
  digitalocean: [digitaloceanVerifier],
  sendgrid: [sendgridVerifier],
  datadog: [datadogVerifier],
};

export interface VerifyOptions {
  /**
   * Base URL per endpoint name (a verifier's `endpoint`: 'github', 'gitlab', 'slack',
   * 'slack-webhook', 'stripe', 'aws', …), e.g. from rampart.yaml. Wins over the environment.
   */
  endpoints?: Partial<Record<string, string>>;
  /** Per request, covering connect, headers and body. Default 5000. */
  timeoutMs?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  fetchImpl?: typeof fetch;
  /** Where `RAMPART_VERIFY_<ENDPOINT>_URL` overrides are read. Default process.env. */
  env?: Partial<Record<string, string>>;
}

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_CONCURRENCY = 4;

/** `RAMPART_VERIFY_<NAME>_URL`: 'slack-webhook' → RAMPART_VERIFY_SLACK_WEBHOOK_URL. */
export function endpointEnvVar(endpoint: string): string {
  return `RAMPART_VERIFY_${endpoint.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
}

/** The verifier for a hit, or undefined when its type has no live check. */
export function verifierFor(hit: SecretHit): Verifier | undefined {
  const family = hit.detector.id.split('/')[1] ?? '';
  const list = Object.hasOwn(VERIFIERS, family) ? VERIFIERS[family] : undefined;
  return list?.find((v) => {
    try {
      return v.accepts(hit);
    } catch {
      return false;
    }
  });
}

/**
 * Live-checks each hit's secret against its provider and records the outcome on
 * `hit.finding.evidence` (`verification`, `verificationDetail`). A secret found many times is
 * checked once. Never throws: anything that keeps a check from concluding (network, timeout, 5xx,
 * 429, odd answers) gives 'unknown' with the reason. No detail ever contains a secret.
 */
export async function verifyHits(hits: SecretHit[], opts: VerifyOptions = {}): Promise<void> {
  const timeoutMs = positiveInt(opts.timeoutMs, DEFAULT_TIMEOUT_MS);
  const limit = limiter(positiveInt(opts.concurrency, DEFAULT_CONCURRENCY));
  const doFetch = opts.fetchImpl ?? globalThis.fetch;
  const env = opts.env ?? process.env;
  const inflight = new Map<string, Promise<VerifyResult>>();

  const contextFor = (v: Verifier): VerifyContext | VerifyResult => {
    const name = v.endpoint;
    const fromOpts = opts.endpoints?.[name];
    const fromEnv = env[endpointEnvVar(name)];
    const raw = fromOpts ?? (fromEnv || undefined) ?? v.defaultUrl;
    const base = checkBase(raw);
    if (base === null) {
      const where = fromOpts !== undefined ? `endpoints.${name}` : endpointEnvVar(name);
      return unknown(`endpoint override ${where} is not an https URL (plain http only for loopback)`);
    }
    return { base, timeoutMs, fetch: doFetch };
  };

  const runOnce = (v: Verifier, check: Check, ctx: VerifyContext): Promise<VerifyResult> => {
    const key = `${v.id}\0${check.key}`;
    let p = inflight.get(key);
    if (!p) {
      p = limit(async () => {
        try {
          return await check.run(ctx);
        } catch {
          return unknown(`internal error while checking with ${v.id}`);
        }
      });
      inflight.set(key, p);
    }
    return p;
  };

  const verifyOne = async (hit: SecretHit): Promise<{ result: VerifyResult; secrets: string[] }> => {
    const secrets = [hit.match.secret];
    const v = verifierFor(hit);
    if (!v) return { result: unknown(`no live check for ${hit.detector.id}`), secrets };
    const plan = v.plan(hit);
    if (!Array.isArray(plan)) return { result: plan, secrets };
    if (plan.length === 0) return { result: unknown(`nothing to check for ${hit.detector.id}`), secrets };
    const ctx = contextFor(v);
    if (!('base' in ctx)) return { result: ctx, secrets };
    for (const c of plan) secrets.push(...c.secrets);
    const results = await Promise.all(plan.map((c) => runOnce(v, c, ctx)));
    return { result: combine(results), secrets };
  };

  await Promise.all(
    hits.map(async (hit) => {
      let result: VerifyResult;
      let secrets = [hit.match.secret];
      try {
        ({ result, secrets } = await verifyOne(hit));
      } catch {
        result = unknown('internal error during verification');
      }
      record(hit, result.status, scrub(result.detail, secrets));
    }),
  );
}

function record(hit: SecretHit, status: VerificationStatus, detail: string): void {
  const ev = (hit.finding.evidence ??= {});
  ev.verification = status;
  ev.verificationDetail = detail;
}

/** verified if any check verified; invalid if all were invalid; otherwise the first unknown. */
function combine(results: VerifyResult[]): VerifyResult {
  const verified = results.find((r) => r.status === 'verified');
  if (verified) return verified;
  const open = results.find((r) => r.status !== 'invalid');
  if (open) return open;
  return results[0]!;
}

/** Belt and braces: a detail never carries a secret, even if a server echoed it back. */
export function scrub(detail: string, secrets: string[]): string {
  let out = detail;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(redact(s));
  return out;
}

/** An https URL, or http on a loopback host (local test servers); no credentials, query or fragment. */
function checkBase(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  const loopback = u.hostname === 'localhost' || u.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) return null;
  if (u.username || u.password || u.search || u.hash) return null;
  return trimEndChars(`${u.origin}${u.pathname}`, '/');
}

function positiveInt(v: number | undefined, dflt: number): number {
  return v !== undefined && Number.isFinite(v) && v >= 1 ? Math.floor(v) : dflt;
}

/** At most n tasks running; a finished task hands its slot straight to the next waiter. */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

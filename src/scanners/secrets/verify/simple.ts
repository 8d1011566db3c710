import type { SecretHit } from '../hit.js';
import { inconclusive, parseJson, send, unexpected } from './http.js';
import type { Verifier, VerifyContext, VerifyResult } from './types.js';
import { singleCheck, unknown } from './types.js';

/** A provider whose check is one GET with the key in a header, read from the status and body. */
export interface SimpleSpec {
  id: string;
  family: string;
  /** Defaults to `id`. */
  endpoint?: string;
  defaultUrl: string;
  path: string;
  accepts(hit: SecretHit): boolean;
  headers(secret: string): Record<string, string>;
  /** Statuses that mean the key is rejected. Default [401]. */
  invalid?: number[];
  /** Statuses (besides 200) that prove the key authenticates, with a detail. */
  verifiedOther?: Record<number, string>;
  /** Detail for a 200 body, or null when the body is not the provider's answer (→ unknown). */
  describe(body: unknown): string | null;
}

export function simpleVerifier(spec: SimpleSpec): Verifier {
  return {
    id: spec.id,
    family: spec.family,
    endpoint: spec.endpoint ?? spec.id,
    defaultUrl: spec.defaultUrl,
    accepts: spec.accepts,
    plan(hit) {
      const secret = hit.match.secret;
      return singleCheck(secret, (ctx) => runSimple(spec, secret, ctx));
    },
  };
}

async function runSimple(spec: SimpleSpec, secret: string, ctx: VerifyContext): Promise<VerifyResult> {
  const out = await send(ctx, spec.path, { headers: { Accept: 'application/json', ...spec.headers(secret) } });
  if (!out.ok) return out.result;
  const res = out.res;
  const skip = inconclusive(res);
  if (skip) return skip;
  if ((spec.invalid ?? [401]).includes(res.status)) return { status: 'invalid', detail: `HTTP ${res.status} from ${res.host}` };
  const other = spec.verifiedOther?.[res.status];
  if (other !== undefined) return { status: 'verified', detail: `HTTP ${res.status} from ${res.host}: ${other}` };
  if (res.status !== 200) return unexpected(res);
  const body = parseJson(res.body);
  const detail = body === undefined ? null : spec.describe(body);
  if (detail === null) return unknown(`HTTP 200 from ${res.host} with an unexpected body`);
  return { status: 'verified', detail };
}

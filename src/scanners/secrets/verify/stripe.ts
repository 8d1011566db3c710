import type { SecretHit } from '../hit.js';
import { clean, inconclusive, isRecord, parseJson, send, unexpected } from './http.js';
import type { Verifier, VerifyContext, VerifyResult } from './types.js';
import { singleCheck, unknown } from './types.js';

/**
 * Stripe secret (sk_) and restricted (rk_) keys: GET {base}/v1/balance with Basic auth (key as
 * user). 200 → verified; 401 → invalid; 403 → verified (a restricted key without the balance
 * permission is still a working key). Publishable keys and webhook secrets are not checked.
 */
export const stripeVerifier: Verifier = {
  id: 'stripe',
  family: 'stripe',
  endpoint: 'stripe',
  defaultUrl: 'https://api.stripe.com',
  accepts(hit: SecretHit): boolean {
    return /^[sr]k_(live|test)_/.test(hit.match.secret);
  },
  plan(hit) {
    const key = hit.match.secret;
    return singleCheck(key, (ctx) => checkStripe(key, ctx));
  },
};

async function checkStripe(key: string, ctx: VerifyContext): Promise<VerifyResult> {
  const mode = key.slice(3, 7) === 'live' ? 'live' : 'test';
  const kind = key.startsWith('rk_') ? 'restricted key' : 'secret key';
  const out = await send(ctx, '/v1/balance', {
    headers: { Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
  });
  if (!out.ok) return out.result;
  const res = out.res;
  const skip = inconclusive(res);
  if (skip) return skip;
  if (res.status === 401) return { status: 'invalid', detail: `HTTP 401 from ${res.host}` };
  if (res.status === 403) {
    return { status: 'verified', detail: `Stripe ${mode}-mode ${kind}; HTTP 403 for /v1/balance (restricted)` };
  }
  if (res.status !== 200) return unexpected(res);
  const body = parseJson(res.body);
  if (!isRecord(body) || body.object !== 'balance') return unknown(`HTTP 200 from ${res.host} without a balance object`);
  const live = typeof body.livemode === 'boolean' ? (body.livemode ? 'live' : 'test') : mode;
  return { status: 'verified', detail: `Stripe ${clean(live)}-mode ${kind}` };
}

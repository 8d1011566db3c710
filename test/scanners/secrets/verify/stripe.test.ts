import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fake, json, makeHit, sleep, startServer, text, verify, type FakeServer } from './helpers.js';

const LIVE = fake('sk_live_', 107, 'Lv1x');
const TEST = fake('sk_test_', 107, 'Ts2y');
const RESTRICTED = fake('rk_live_', 107, 'Rs3z');
const REVOKED = fake('sk_live_', 107, 'Rv4w');
const SLOW = fake('sk_test_', 107, 'Sl5v');
const BROKEN = fake('sk_test_', 107, 'Br6u');

describe('stripe verifier', () => {
  let stripe: FakeServer;
  beforeAll(async () => {
    stripe = await startServer(async (req, res) => {
      const auth = String(req.headers.authorization ?? '');
      const key = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString().replace(/:$/, '') : '';
      if (req.url !== '/v1/balance') return json(res, 404, { error: { type: 'invalid_request_error' } });
      const balance = (livemode: boolean) => ({ object: 'balance', available: [{ amount: 0, currency: 'usd' }], livemode, pending: [] });
      switch (key) {
        case LIVE:
          return json(res, 200, balance(true));
        case TEST:
          return json(res, 200, balance(false));
        case RESTRICTED:
          return json(res, 403, { error: { type: 'invalid_request_error', message: 'The provided key does not have the required permissions' } });
        case SLOW:
          await sleep(1000);
          return json(res, 200, balance(false));
        case BROKEN:
          return text(res, 200, 'not json');
        default:
          return json(res, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
      }
    });
  });
  afterAll(() => stripe.close());

  it('verifies secret and restricted keys, rejects revoked ones, times out slow answers', async () => {
    // The fast answers get the default timeout: a 150 ms budget for them failed on a loaded CI machine.
    const evs = await verify(
      [
        makeHit('secrets/stripe/secret-key', LIVE),
        makeHit('secrets/stripe/secret-key', TEST),
        makeHit('secrets/stripe/restricted-key', RESTRICTED),
        makeHit('secrets/stripe/secret-key', REVOKED),
        makeHit('secrets/stripe/secret-key', BROKEN),
      ],
      { endpoints: { stripe: stripe.url } },
    );
    expect(evs.map((e) => e.verification)).toEqual(['verified', 'verified', 'verified', 'invalid', 'unknown']);
    expect(evs[0]!.verificationDetail).toBe('Stripe live-mode secret key');
    expect(evs[1]!.verificationDetail).toBe('Stripe test-mode secret key');
    expect(evs[2]!.verificationDetail).toContain('restricted key; HTTP 403');
    expect(evs[3]!.verificationDetail).toMatch(/^HTTP 401 from 127\.0\.0\.1:\d+$/);
    expect(evs[4]!.verificationDetail).toContain('without a balance object');
    // The slow answer (1 s) against a 150 ms budget.
    const [slow] = await verify([makeHit('secrets/stripe/secret-key', SLOW)], { endpoints: { stripe: stripe.url }, timeoutMs: 150 });
    expect(slow!.verification).toBe('unknown');
    expect(slow!.verificationDetail).toContain('within 150 ms');
  });

  it('leaves publishable keys and webhook secrets alone', async () => {
    const before = stripe.requests.length;
    const evs = await verify(
      [makeHit('secrets/stripe/publishable-key', fake('pk_live_', 50)), makeHit('secrets/stripe/webhook-secret', fake('whsec_', 38))],
      { endpoints: { stripe: stripe.url } },
    );
    expect(evs.map((e) => e.verification)).toEqual(['unknown', 'unknown']);
    expect(stripe.requests.length).toBe(before);
  });
});

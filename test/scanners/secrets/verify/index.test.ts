import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERIFIERS, endpointEnvVar, verifierFor, verifyHits, type Verifier } from '../../../../src/scanners/secrets/verify/index.js';
import { fake, json, makeHit, sleep, startServer, verify, verifyOne, type FakeServer } from './helpers.js';

describe('verifyHits', () => {
  let gh: FakeServer;
  beforeAll(async () => {
    gh = await startServer(async (req, res) => {
      await sleep(60);
      const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (token.startsWith('ghp_Good')) return json(res, 200, { login: 'octo' });
      return json(res, 401, { message: 'Bad credentials' });
    });
  });
  afterAll(() => gh.close());

  it('checks a secret found many times once and records the outcome on every hit', async () => {
    const token = fake('ghp_Good', 40, 'Dup1');
    const hits = ['a.env', 'b.env', 'c/d.yaml'].map((p) => makeHit('secrets/github/classic-pat', token, '', p));
    const before = gh.requests.length;
    const evs = await verify(hits, { endpoints: { github: gh.url } });
    expect(evs.map((e) => e.verification)).toEqual(['verified', 'verified', 'verified']);
    expect(gh.requests.length - before).toBe(1);
    // Existing evidence is kept.
    expect(evs[0]!.snippet).toBe('ghp_…(40)');
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    for (const [concurrency, expected] of [
      [2, 2],
      [undefined, 4],
    ] as const) {
      const srv = await startServer(async (_req, res) => {
        await sleep(40);
        json(res, 401, { message: 'Bad credentials' });
      });
      try {
        const hits = Array.from({ length: 12 }, (_, i) => makeHit('secrets/github/classic-pat', fake(`ghp_C${i}x`, 40)));
        const evs = await verify(hits, { endpoints: { github: srv.url }, concurrency });
        expect(evs.every((e) => e.verification === 'invalid')).toBe(true);
        expect(srv.requests.length).toBe(12);
        expect(srv.maxInFlight).toBe(expected);
      } finally {
        await srv.close();
      }
    }
  });

  it('marks types without a verifier unknown with the reason', async () => {
    const evs = await verify([
      makeHit('secrets/acme/api-key', fake('acme_', 30)),
      makeHit('secrets/github/app-private-key', '-----BEGIN RSA PRIVATE KEY-----'),
      makeHit('not-a-secrets-id', fake('zzz', 30)),
      makeHit('secrets/constructor/x', fake('proto', 30)),
    ]);
    expect(evs.map((e) => e.verification)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    expect(evs[0]!.verificationDetail).toBe('no live check for secrets/acme/api-key');
  });

  it('takes the endpoint from options over RAMPART_VERIFY_<PROVIDER>_URL over the default', async () => {
    expect(endpointEnvVar('github')).toBe('RAMPART_VERIFY_GITHUB_URL');
    expect(endpointEnvVar('slack-webhook')).toBe('RAMPART_VERIFY_SLACK_WEBHOOK_URL');
    const token = fake('ghp_Good', 40, 'Env2');
    const seen: string[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    await verify([makeHit('secrets/github/classic-pat', token)], { env: { RAMPART_VERIFY_GITHUB_URL: gh.url }, fetchImpl: spy });
    const closed = 'http://127.0.0.1:9';
    await verify([makeHit('secrets/github/classic-pat', token)], {
      env: { RAMPART_VERIFY_GITHUB_URL: closed },
      endpoints: { github: gh.url },
      fetchImpl: spy,
    });
    expect(seen).toEqual([`${gh.url}/user`, `${gh.url}/user`]);
  });

  it('refuses plain-http endpoints off loopback and never sends the secret there', async () => {
    let calls = 0;
    const spy: typeof fetch = () => {
      calls++;
      return Promise.reject(new Error('should not be called'));
    };
    const evs = await verify(
      [makeHit('secrets/github/classic-pat', fake('ghp_Good', 40, 'Http3')), makeHit('secrets/stripe/secret-key', fake('sk_live_', 40))],
      { endpoints: { github: 'http://example.com' }, env: { RAMPART_VERIFY_STRIPE_URL: 'not a url' }, fetchImpl: spy },
    );
    expect(calls).toBe(0);
    expect(evs.map((e) => e.verification)).toEqual(['unknown', 'unknown']);
    expect(evs[0]!.verificationDetail).toContain('endpoints.github');
    expect(evs[1]!.verificationDetail).toContain('RAMPART_VERIFY_STRIPE_URL');
  });

  it('never throws: failing fetch, DNS errors and broken verifiers give unknown', async () => {
    const token = fake('ghp_Good', 40, 'Thr4');
    const boom: typeof fetch = () => {
      throw new Error(`boom with ${token} inside`);
    };
    const dns: typeof fetch = () =>
      Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(`getaddrinfo ENOTFOUND ${token}`), { code: 'ENOTFOUND' }) }));
    const a = await verifyOne(makeHit('secrets/github/classic-pat', token), { fetchImpl: boom });
    expect(a.verification).toBe('unknown');
    expect(a.verificationDetail).toBe('network error reaching api.github.com');
    const b = await verifyOne(makeHit('secrets/github/classic-pat', token), { fetchImpl: dns });
    expect(b).toMatchObject({ verification: 'unknown', verificationDetail: 'DNS lookup failed for api.github.com' });

    const broken: Verifier = {
      id: 'broken',
      family: 'zz-broken',
      endpoint: 'broken',
      defaultUrl: 'https://broken.invalid',
      accepts: () => true,
      plan: (hit) => [
        {
          key: hit.match.secret,
          secrets: [hit.match.secret],
          run: () => Promise.reject(new Error(`leak ${hit.match.secret}`)),
        },
      ],
    };
    const planThrows: Verifier = { ...broken, id: 'plan-throws', family: 'zz-plan', plan: () => { throw new Error('nope'); } };
    VERIFIERS['zz-broken'] = [broken];
    VERIFIERS['zz-plan'] = [planThrows];
    try {
      const evs = await verify([makeHit('secrets/zz-broken/x', fake('brk', 30)), makeHit('secrets/zz-plan/x', fake('pln', 30))]);
      expect(evs[0]).toMatchObject({ verification: 'unknown', verificationDetail: 'internal error while checking with broken' });
      expect(evs[1]).toMatchObject({ verification: 'unknown', verificationDetail: 'internal error during verification' });
    } finally {
      delete VERIFIERS['zz-broken'];
      delete VERIFIERS['zz-plan'];
    }
  });

  it('accepts an empty list and hits without evidence', async () => {
    await expect(verifyHits([], {})).resolves.toBeUndefined();
    const hit = makeHit('secrets/acme/key', fake('acme', 30));
    delete hit.finding.evidence;
    await verifyHits([hit], { env: {} });
    expect(hit.finding.evidence).toMatchObject({ verification: 'unknown' });
  });

  it('routes by family and id predicate', () => {
    const route = (id: string, s: string) => verifierFor(makeHit(id, s))?.id;
    expect(route('secrets/github/classic-pat', fake('ghp_', 40))).toBe('github');
    expect(route('secrets/github/refresh-token', fake('ghr_', 76))).toBeUndefined();
    expect(route('secrets/slack/webhook-url', 'https://hooks.slack.com/services/T1/B1/x')).toBe('slack-webhook');
    expect(route('secrets/slack/bot-token', fake('xoxb-', 50))).toBe('slack');
    expect(route('secrets/aws/access-key-id', fake('AKIA', 20, 'ABCD2345'))).toBe('aws');
    expect(route('secrets/aws/secret-access-key', fake('', 40, 'aB3/+'))).toBe('aws');
    expect(route('secrets/aws/session-token', fake('', 300, 'aB3/+'))).toBe('aws');
    expect(route('secrets/aws/mws-auth-token', 'amzn.mws.00000000-0000-0000-0000-000000000000')).toBeUndefined();
    expect(route('secrets/stripe/secret-key', fake('sk_test_', 40))).toBe('stripe');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fake, json, makeHit, startServer, text, verify, type FakeServer, type Seen } from './helpers.js';

interface Provider {
  endpoint: string;
  detectorId: string;
  secret: string;
  path: string;
  /** The secret as the request carries it. */
  sent(req: Seen): string | undefined;
  okBody: unknown;
  okDetail: string;
  rejectStatus: number;
}

const bearerOf = (r: Seen) => String(r.headers.authorization ?? '').replace(/^Bearer /, '') || undefined;

const PROVIDERS: Provider[] = [
  {
    endpoint: 'npm',
    detectorId: 'secrets/npm/access-token',
    secret: fake('npm_', 40, 'Np1m'),
    path: '/-/whoami',
    sent: bearerOf,
    okBody: { username: 'pkg-publisher' },
    okDetail: 'npm user pkg-publisher',
    rejectStatus: 401,
  },
  {
    endpoint: 'openai',
    detectorId: 'secrets/openai/api-key',
    secret: fake('sk-proj-', 100, 'Oa2i'),
    path: '/v1/models',
    sent: bearerOf,
    okBody: { object: 'list', data: [{ id: 'gpt-x', object: 'model' }, { id: 'gpt-y', object: 'model' }] },
    okDetail: 'OpenAI key lists 2 models',
    rejectStatus: 401,
  },
  {
    endpoint: 'anthropic',
    detectorId: 'secrets/anthropic/api-key',
    secret: fake('sk-ant-api03-', 108, 'An3t'),
    path: '/v1/models',
    sent: (r) => (r.headers['anthropic-version'] ? (r.headers['x-api-key'] as string | undefined) : undefined),
    okBody: { data: [{ id: 'claude-x', type: 'model' }], has_more: false },
    okDetail: 'Anthropic key lists 1 models',
    rejectStatus: 401,
  },
  {
    endpoint: 'huggingface',
    detectorId: 'secrets/huggingface/access-token',
    secret: fake('hf_', 37, 'Hg4f'),
    path: '/api/whoami-v2',
    sent: bearerOf,
    okBody: { type: 'user', name: 'ml-dev', auth: { type: 'access_token', accessToken: { displayName: 'ci', role: 'write' } } },
    okDetail: 'Hugging Face user ml-dev; role: write',
    rejectStatus: 401,
  },
  {
    endpoint: 'digitalocean',
    detectorId: 'secrets/digitalocean/pat',
    secret: fake('dop_v1_', 71, 'a1b2c3d4'),
    path: '/v2/account',
    sent: bearerOf,
    okBody: { account: { droplet_limit: 25, email: 'x@example.com', uuid: 'u-1', status: 'active' } },
    okDetail: 'DigitalOcean account status active',
    rejectStatus: 401,
  },
  {
    endpoint: 'sendgrid',
    detectorId: 'secrets/sendgrid/api-key',
    secret: `SG.${fake('', 22, 'Sg5r')}.${fake('', 43, 'Gr6d')}`,
    path: '/v3/scopes',
    sent: bearerOf,
    okBody: { scopes: ['mail.send', 'alerts.read'] },
    okDetail: 'SendGrid key with 2 scopes',
    rejectStatus: 401,
  },
  {
    endpoint: 'datadog',
    detectorId: 'secrets/datadog/api-key',
    secret: fake('', 32, 'abc123def456'),
    path: '/api/v1/validate',
    sent: (r) => r.headers['dd-api-key'] as string | undefined,
    okBody: { valid: true },
    okDetail: 'Datadog API key is valid',
    rejectStatus: 403,
  },
];

describe.each(PROVIDERS)('$endpoint verifier', (p) => {
  let srv: FakeServer;
  const revoked = p.secret.slice(0, -4) + 'XXXX';
  const broken = p.secret.slice(0, -4) + 'YYYY';
  const failing = p.secret.slice(0, -4) + 'ZZZZ';
  beforeAll(async () => {
    srv = await startServer((req, res) => {
      if (req.url !== p.path) return json(res, 404, { error: 'not found' });
      const got = p.sent(req);
      if (got === p.secret) return json(res, 200, p.okBody);
      if (got === broken) return text(res, 200, '{"trunc', { 'Content-Type': 'application/json' });
      if (got === failing) return json(res, 503, { error: 'unavailable' });
      if (got === revoked) return json(res, 429, { error: 'slow down' });
      return json(res, p.rejectStatus, { error: 'invalid key' });
    });
  });
  afterAll(() => srv.close());

  it('verifies a live key, rejects a wrong one, and treats 5xx/429/bad JSON as unknown', async () => {
    const wrong = p.secret.slice(0, -4) + 'WWWW';
    const evs = await verify(
      [p.secret, wrong, revoked, broken, failing].map((s) => makeHit(p.detectorId, s)),
      { endpoints: { [p.endpoint]: srv.url } },
    );
    expect(evs.map((e) => e.verification)).toEqual(['verified', 'invalid', 'unknown', 'unknown', 'unknown']);
    expect(evs[0]!.verificationDetail).toBe(p.okDetail);
    expect(evs[1]!.verificationDetail).toBe(`HTTP ${p.rejectStatus} from ${new URL(srv.url).host}`);
    expect(evs[2]!.verificationDetail).toContain('rate limited');
    expect(evs[3]!.verificationDetail).toContain('unexpected body');
    expect(evs[4]!.verificationDetail).toContain('HTTP 503');
    expect(srv.requests.every((r) => r.method === 'GET')).toBe(true);
  });
});

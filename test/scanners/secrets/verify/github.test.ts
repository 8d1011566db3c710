import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPortUrl, fake, json, makeHit, sleep, startServer, text, verifyOne, type FakeServer } from './helpers.js';

const VALID = fake('ghp_', 40, 'Vld1');
const FINE = fake('github_pat_', 93, 'Fg2x');
const REVOKED = fake('ghp_', 40, 'Rvk2');
const APP = fake('ghs_', 40, 'App3');
const LIMITED = fake('ghp_', 40, 'Lim4');
const BROKEN = fake('ghp_', 40, 'Brk5');
const SLOW = fake('ghp_', 40, 'Slw6');
const ERROR = fake('ghp_', 40, 'Err7');
const MOVED = fake('ghp_', 40, 'Mvd8');
const ECHO = fake('ghp_', 40, 'Ech9');
const STALL = fake('ghp_', 40, 'Stl0');

describe('github verifier', () => {
  let gh: FakeServer;
  beforeAll(async () => {
    gh = await startServer(async (req, res) => {
      if (!req.url.endsWith('/user')) return json(res, 404, { message: 'Not Found' });
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      switch (token) {
        case VALID:
          return json(res, 200, { login: 'octo-cat', id: 1, type: 'User' }, { 'X-OAuth-Scopes': 'repo, gist' });
        case FINE:
          return json(res, 200, { login: 'fine-user', id: 2 });
        case APP:
          return json(res, 403, { message: 'Resource not accessible by integration' });
        case LIMITED:
          return json(res, 403, { message: 'API rate limit exceeded' }, { 'X-RateLimit-Remaining': '0' });
        case BROKEN:
          return text(res, 200, '{"login": "oops"', { 'Content-Type': 'application/json' });
        case SLOW:
          await sleep(1500);
          return json(res, 200, { login: 'late' });
        case ERROR:
          return json(res, 502, { message: 'Server Error' });
        case MOVED:
          res.writeHead(302, { Location: '/elsewhere' });
          return res.end();
        case STALL:
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.write('{"login": "half');
          return; // the body never ends
        case ECHO:
          return json(res, 200, { login: `user-${ECHO}` });
        default:
          return json(res, 401, { message: 'Bad credentials' });
      }
    });
  });
  afterAll(() => gh.close());
  const opts = () => ({ endpoints: { github: gh.url } });

  it('verifies a live classic token with login and scopes', async () => {
    const ev = await verifyOne(makeHit('secrets/github/classic-pat', VALID), opts());
    expect(ev.verification).toBe('verified');
    expect(ev.verificationDetail).toBe('GitHub user octo-cat; scopes: repo, gist');
    const req = gh.requests.find((r) => r.headers.authorization === `Bearer ${VALID}`)!;
    expect(req.method).toBe('GET');
    expect(req.url).toBe('/user');
    expect(req.headers['user-agent']).toBe('rampart-verify');
  });

  it('verifies a fine-grained token (no scopes header)', async () => {
    const ev = await verifyOne(makeHit('secrets/github/fine-grained-pat', FINE), opts());
    expect(ev).toMatchObject({ verification: 'verified', verificationDetail: 'GitHub user fine-user' });
  });

  it('marks a revoked token invalid with the HTTP status and host', async () => {
    const ev = await verifyOne(makeHit('secrets/github/classic-pat', REVOKED), opts());
    expect(ev.verification).toBe('invalid');
    expect(ev.verificationDetail).toBe(`HTTP 401 from ${new URL(gh.url).host}`);
  });

  it('treats 403 (not rate limited) as a token that authenticates', async () => {
    const ev = await verifyOne(makeHit('secrets/github/app-token', APP), opts());
    expect(ev.verification).toBe('verified');
    expect(ev.verificationDetail).toContain('cannot read /user');
  });

  it('reports rate limiting, 5xx, malformed JSON and redirects as unknown', async () => {
    const cases: Array<[string, RegExp]> = [
      [LIMITED, /rate limited/],
      [ERROR, /HTTP 502 from 127\.0\.0\.1/],
      [BROKEN, /without a GitHub user/],
      [MOVED, /redirect \(HTTP 302\)/],
    ];
    for (const [token, reason] of cases) {
      const ev = await verifyOne(makeHit('secrets/github/classic-pat', token), opts());
      expect(ev.verification).toBe('unknown');
      expect(ev.verificationDetail).toMatch(reason);
    }
    expect(gh.requests.some((r) => r.url === '/elsewhere')).toBe(false);
  });

  it('times out a slow answer as unknown', async () => {
    const t0 = Date.now();
    const ev = await verifyOne(makeHit('secrets/github/classic-pat', SLOW), { ...opts(), timeoutMs: 200 });
    expect(Date.now() - t0).toBeLessThan(1400);
    expect(ev.verification).toBe('unknown');
    expect(ev.verificationDetail).toMatch(/^no answer from 127\.0\.0\.1:\d+ within 200 ms$/);
  });

  it('times out a body that never ends', async () => {
    const ev = await verifyOne(makeHit('secrets/github/classic-pat', STALL), { ...opts(), timeoutMs: 200 });
    expect(ev).toMatchObject({ verification: 'unknown' });
    expect(ev.verificationDetail).toMatch(/within 200 ms$/);
  });

  it('reports a refused connection as unknown', async () => {
    const url = await closedPortUrl();
    const ev = await verifyOne(makeHit('secrets/github/classic-pat', VALID), { endpoints: { github: url } });
    expect(ev.verification).toBe('unknown');
    expect(ev.verificationDetail).toBe(`connection refused by ${new URL(url).host}`);
  });

  it('keeps an echoed token out of the detail', async () => {
    const ev = await verifyOne(makeHit('secrets/github/classic-pat', ECHO), opts());
    expect(ev.verification).toBe('verified');
    expect(ev.verificationDetail).not.toContain(ECHO);
    expect(ev.verificationDetail).toContain('ghp_…(40)');
  });

  it('uses a GitHub Enterprise base path', async () => {
    const ev = await verifyOne(makeHit('secrets/github/classic-pat', VALID), { endpoints: { github: `${gh.url}/api/v3/` } });
    expect(ev.verification).toBe('verified');
    expect(gh.requests.some((r) => r.url === '/api/v3/user')).toBe(true);
  });

  it('does not send refresh tokens', async () => {
    const before = gh.requests.length;
    const ev = await verifyOne(makeHit('secrets/github/refresh-token', fake('ghr_', 76)), opts());
    expect(ev.verification).toBe('unknown');
    expect(gh.requests.length).toBe(before);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fake, json, makeHit, startServer, text, verify, type FakeServer } from './helpers.js';

const VALID = fake('glpat-', 26, 'Vld0');
const REVOKED = fake('glpat-', 26, 'Rvk1');
const NO_SCOPE = fake('glpat-', 26, 'Nsc2');
const FLAGGED = fake('glpat-', 26, 'Flg3');
const BROKEN = fake('glpat-', 26, 'Brk4');
const ERROR = fake('glpat-', 26, 'Err5');

describe('gitlab verifier', () => {
  let gl: FakeServer;
  let old: FakeServer;
  beforeAll(async () => {
    gl = await startServer((req, res) => {
      if (req.url !== '/api/v4/personal_access_tokens/self') return json(res, 404, { message: '404 Not Found' });
      switch (req.headers['private-token']) {
        case VALID:
          return json(res, 200, { id: 4, name: 'ci token', revoked: false, scopes: ['api', 'read_user'], user_id: 3, active: true, expires_at: null });
        case NO_SCOPE:
          return json(res, 403, { error: 'insufficient_scope' });
        case FLAGGED:
          return json(res, 200, { id: 5, name: 'old', revoked: true, scopes: ['api'], active: false });
        case BROKEN:
          return text(res, 200, '{"id": 4,', { 'Content-Type': 'application/json' });
        case ERROR:
          return text(res, 500, 'boom');
        case REVOKED:
        default:
          return json(res, 401, { message: '401 Unauthorized' });
      }
    });
    // A server older than GitLab 15.5: no personal_access_tokens/self.
    old = await startServer((req, res) => {
      if (req.url === '/api/v4/user' && req.headers['private-token'] === VALID) return json(res, 200, { id: 3, username: 'root' });
      if (req.url === '/api/v4/user') return json(res, 401, { message: '401 Unauthorized' });
      return json(res, 404, { message: '404 Not Found' });
    });
  });
  afterAll(async () => {
    await gl.close();
    await old.close();
  });

  it('sorts answers into verified, invalid and unknown', async () => {
    const evs = await verify(
      [VALID, REVOKED, NO_SCOPE, FLAGGED, BROKEN, ERROR].map((t) => makeHit('secrets/gitlab/pat', t)),
      { endpoints: { gitlab: gl.url } },
    );
    expect(evs.map((e) => e.verification)).toEqual(['verified', 'invalid', 'verified', 'invalid', 'unknown', 'unknown']);
    expect(evs[0]!.verificationDetail).toMatch(/^GitLab token "ci token" on 127\.0\.0\.1:\d+; scopes: api, read_user$/);
    expect(evs[1]!.verificationDetail).toMatch(/^HTTP 401 from 127\.0\.0\.1:\d+$/);
    expect(evs[2]!.verificationDetail).toContain('lacks the API scope');
    expect(evs[3]!.verificationDetail).toContain('revoked');
    expect(evs[5]!.verificationDetail).toContain('HTTP 500');
    expect(gl.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('falls back to /api/v4/user on older servers', async () => {
    const evs = await verify(
      [makeHit('secrets/gitlab/pat', VALID), makeHit('secrets/gitlab/pat', REVOKED)],
      { env: { RAMPART_VERIFY_GITLAB_URL: old.url } },
    );
    expect(evs[0]!.verification).toBe('verified');
    expect(evs[0]!.verificationDetail).toContain('GitLab user root');
    expect(evs[1]!.verification).toBe('invalid');
  });

  it('leaves token kinds that do not authenticate the API alone', async () => {
    const before = gl.requests.length;
    const evs = await verify(
      [makeHit('secrets/gitlab/deploy-token', fake('gldt-', 25)), makeHit('secrets/gitlab/runner-token', fake('glrt-', 25))],
      { endpoints: { gitlab: gl.url } },
    );
    expect(evs.map((e) => e.verification)).toEqual(['unknown', 'unknown']);
    expect(gl.requests.length).toBe(before);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fake, json, makeHit, startServer, text, verify, verifyOne, type FakeServer } from './helpers.js';

const BOT = fake('xoxb-', 57, '1234-Bot');
const USER = fake('xoxp-', 72, '987-Usr');
const DEAD = fake('xoxb-', 57, '555-Ded');
const REVOKED = fake('xoxp-', 72, '666-Rvk');
const THROTTLED = fake('xoxb-', 57, '777-Thr');
const GARBLED = fake('xoxb-', 57, '888-Grb');

const LIVE_HOOK = '/services/T0TEST001/B0TEST001/' + fake('', 24, 'LiveHook');
const GONE_HOOK = '/services/T0TEST002/B0TEST002/' + fake('', 24, 'GoneHook');
const BAD_TOKEN_HOOK = '/services/T0TEST003/B0TEST003/' + fake('', 24, 'BadTokn');
const ARCHIVED_HOOK = '/services/T0TEST004/B0TEST004/' + fake('', 24, 'Archivd');

describe('slack verifiers', () => {
  let api: FakeServer;
  let hooks: FakeServer;
  beforeAll(async () => {
    api = await startServer((req, res) => {
      if (req.url !== '/api/auth.test' || req.method !== 'POST') return json(res, 404, { ok: false, error: 'unknown_method' });
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      switch (token) {
        case BOT:
          return json(res, 200, { ok: true, url: 'https://acme.slack.com/', team: 'Acme', user: 'deploybot', team_id: 'T1', user_id: 'U1', bot_id: 'B1' });
        case USER:
          return json(res, 200, { ok: true, url: 'https://acme.slack.com/', team: 'Acme', user: 'alice', team_id: 'T1', user_id: 'U2' });
        case REVOKED:
          return json(res, 200, { ok: false, error: 'token_revoked' });
        case THROTTLED:
          return json(res, 200, { ok: false, error: 'ratelimited' });
        case GARBLED:
          return text(res, 200, '<html>captive portal</html>');
        case DEAD:
        default:
          return json(res, 200, { ok: false, error: 'invalid_auth' });
      }
    });
    hooks = await startServer((req, res) => {
      if (req.method !== 'POST') return text(res, 405, 'method_not_allowed');
      // A live hook refuses a payload without text; it never posts it.
      if (req.url === LIVE_HOOK) return text(res, 400, req.body === '{}' ? 'invalid_payload' : 'posted');
      if (req.url === BAD_TOKEN_HOOK) return text(res, 403, 'invalid_token');
      if (req.url === ARCHIVED_HOOK) return text(res, 410, 'channel_is_archived');
      if (req.url === GONE_HOOK) return text(res, 404, 'no_service');
      return text(res, 404, 'no_team');
    });
  });
  afterAll(async () => {
    await api.close();
    await hooks.close();
  });
  const opts = () => ({ endpoints: { slack: api.url, 'slack-webhook': hooks.url } });

  it('verifies live bot and user tokens through auth.test', async () => {
    const evs = await verify([makeHit('secrets/slack/bot-token', BOT), makeHit('secrets/slack/user-token', USER)], opts());
    expect(evs[0]).toMatchObject({ verification: 'verified', verificationDetail: 'Slack team Acme, user deploybot (bot)' });
    expect(evs[1]).toMatchObject({ verification: 'verified', verificationDetail: 'Slack team Acme, user alice' });
    const req = api.requests.find((r) => r.headers.authorization === `Bearer ${BOT}`)!;
    expect(req.method).toBe('POST');
  });

  it('marks invalid_auth and token_revoked invalid; other errors and odd bodies unknown', async () => {
    const evs = await verify(
      [DEAD, REVOKED, THROTTLED, GARBLED].map((t) => makeHit('secrets/slack/bot-token', t)),
      opts(),
    );
    expect(evs.map((e) => e.verification)).toEqual(['invalid', 'invalid', 'unknown', 'unknown']);
    expect(evs[0]!.verificationDetail).toContain('invalid_auth');
    expect(evs[1]!.verificationDetail).toContain('token_revoked');
    expect(evs[2]!.verificationDetail).toContain('ratelimited');
    expect(evs[3]!.verificationDetail).toContain('unreadable body');
  });

  it('verifies a webhook by an empty payload, without posting a message', async () => {
    const url = `https://hooks.slack.com${LIVE_HOOK}`;
    const ev = await verifyOne(makeHit('secrets/slack/webhook-url', url), opts());
    expect(ev.verification).toBe('verified');
    expect(ev.verificationDetail).toMatch(/^webhook exists: HTTP 400 invalid_payload from 127\.0\.0\.1:\d+$/);
    expect(ev.verificationDetail).not.toContain(LIVE_HOOK.split('/').at(-1)!);
    const req = hooks.requests.find((r) => r.url === LIVE_HOOK)!;
    expect(req.body).toBe('{}');
    expect(req.headers['content-type']).toBe('application/json');
  });

  it('accepts the webhook as the detector captures it (T…/B…/secret, no host)', async () => {
    const ev = await verifyOne(makeHit('secrets/slack/incoming-webhook', LIVE_HOOK.replace('/services/', '')), opts());
    expect(ev.verification).toBe('verified');
  });

  it('marks dead webhooks invalid', async () => {
    const evs = await verify(
      [GONE_HOOK, BAD_TOKEN_HOOK, ARCHIVED_HOOK].map((p) => makeHit('secrets/slack/webhook-url', `https://hooks.slack.com${p}`)),
      opts(),
    );
    expect(evs.map((e) => e.verification)).toEqual(['invalid', 'invalid', 'invalid']);
    expect(evs[0]!.verificationDetail).toContain('404 no_service');
    expect(evs[1]!.verificationDetail).toContain('403 invalid_token');
    expect(evs[2]!.verificationDetail).toContain('410 channel_is_archived');
    for (const e of evs) expect(e.verificationDetail).not.toMatch(/\/services\//);
  });

  it('never calls workflow webhooks', async () => {
    const before = hooks.requests.length;
    const ev = await verifyOne(
      makeHit('secrets/slack/workflow-webhook', `https://hooks.slack.com/workflows/T0TEST001/A0TEST/123/${fake('', 24, 'Wflow')}`),
      opts(),
    );
    // The detector may capture only the part after /workflows/.
    const group = await verifyOne(makeHit('secrets/slack/workflow-webhook', `T0TEST001/A0TEST0001/123456789012345/${fake('', 32, 'Wf2')}`), opts());
    expect(group.verification).toBe('unknown');
    expect(ev.verification).toBe('unknown');
    expect(ev.verificationDetail).toContain('workflow');
    expect(hooks.requests.length).toBe(before);
  });

  it('does not send refresh, config or session tokens', async () => {
    const before = api.requests.length;
    const evs = await verify(
      [
        makeHit('secrets/slack/refresh-token', fake('xoxe-1-', 160, 'My0R')),
        makeHit('secrets/slack/config-token', fake('xoxe.xoxp-1-', 160, 'Cf9g')),
        makeHit('secrets/slack/session-token', fake('xoxc-', 90, '1-2-3-ab')),
      ],
      opts(),
    );
    expect(evs[0]).toMatchObject({ verification: 'unknown', verificationDetail: 'no live check for secrets/slack/refresh-token' });
    expect(evs.map((e) => e.verification)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(api.requests.length).toBe(before);
  });
});

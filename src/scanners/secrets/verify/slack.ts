import type { SecretHit } from '../hit.js';
import { bearer, clean, inconclusive, isRecord, parseJson, send, unexpected } from './http.js';
import type { Verifier, VerifyContext, VerifyResult } from './types.js';
import { detectorName, singleCheck, unknown } from './types.js';

/** auth.test errors that mean the token itself is dead. Others (ratelimited, fatal_error…) are unknown. */
const DEAD_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'org_login_required',
  'ekm_access_denied',
]);

/**
 * Slack API tokens (xoxb-, xoxp-, xoxa-, xapp-): POST {base}/api/auth.test with a Bearer
 * header. Slack answers HTTP 200 either way; `ok: true` → verified (team and user), `ok: false` with a
 * dead-token error → invalid. Not sent: refresh tokens (xoxr-, xoxe-1-) are not bearer tokens, config
 * tokens (xoxe.xox?-) serve only the app-manifest APIs, session tokens (xoxc-, xoxs-) need a cookie.
 */
export const slackTokenVerifier: Verifier = {
  id: 'slack',
  family: 'slack',
  endpoint: 'slack',
  defaultUrl: 'https://slack.com',
  accepts(hit: SecretHit): boolean {
    const name = detectorName(hit.detector.id);
    const s = hit.match.secret;
    if (name.includes('webhook') || name.includes('refresh') || name.includes('config')) return false;
    return /^(xox[abp]-|xapp-)/.test(s);
  },
  plan(hit) {
    const token = hit.match.secret;
    return singleCheck(token, (ctx) => checkToken(token, ctx));
  },
};

async function checkToken(token: string, ctx: VerifyContext): Promise<VerifyResult> {
  const out = await send(ctx, '/api/auth.test', {
    method: 'POST',
    headers: { ...bearer(token), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: '',
  });
  if (!out.ok) return out.result;
  const res = out.res;
  const skip = inconclusive(res);
  if (skip) return skip;
  if (res.status === 401 || res.status === 403) return { status: 'invalid', detail: `HTTP ${res.status} from ${res.host}` };
  if (res.status !== 200) return unexpected(res);
  const body = parseJson(res.body);
  if (!isRecord(body) || typeof body.ok !== 'boolean') return unknown(`HTTP 200 from ${res.host} with an unreadable body`);
  if (body.ok) {
    const team = clean(body.team);
    const user = clean(body.user);
    const bot = typeof body.bot_id === 'string' ? ' (bot)' : '';
    return { status: 'verified', detail: `Slack team ${team || '?'}, user ${user || '?'}${bot}` };
  }
  const error = clean(body.error, 60) || 'unknown_error';
  if (DEAD_TOKEN.has(error)) return { status: 'invalid', detail: `auth.test: ${error} (${res.host})` };
  return unknown(`auth.test: ${error} (${res.host})`);
}

/**
 * Incoming webhooks (hooks.slack.com/services/T…/B…/…). Posting a message would be visible to a
 * channel, so we POST an empty JSON object instead: a live hook refuses it with HTTP 400
 * `invalid_payload` or `no_text` (→ verified, nothing is posted); a dead one answers `no_service`,
 * `no_team`, `team_disabled`, `channel_not_found`, `invalid_token` (403/404) or `no_active_hooks`,
 * `channel_is_archived` (410) (→ invalid). Workflow and trigger URLs are not touched: a request
 * could start the workflow.
 */
export const slackWebhookVerifier: Verifier = {
  id: 'slack-webhook',
  family: 'slack',
  endpoint: 'slack-webhook',
  defaultUrl: 'https://hooks.slack.com',
  accepts(hit: SecretHit): boolean {
    return detectorName(hit.detector.id).includes('webhook') || hit.match.secret.includes('hooks.slack.com/');
  },
  plan(hit) {
    const s = hit.match.secret;
    if (/workflow|trigger/.test(detectorName(hit.detector.id)) || /\/(workflows|triggers)\//.test(s)) return unknown('Slack workflow webhooks are not checked (a request could start the workflow)');
    const m = /(?:^|\/services\/)(T[A-Z0-9_]+\/B[A-Z0-9_]+\/[A-Za-z0-9_]+)(?![A-Za-z0-9_])/.exec(s);
    if (!m) return unknown('not a Slack incoming-webhook URL');
    const path = `/services/${m[1]!}`;
    return singleCheck(path, (ctx) => checkWebhook(path, ctx));
  },
};

const HOOK_ALIVE = new Set(['invalid_payload', 'no_text', 'missing_text_or_fallback_or_attachments']);
const HOOK_DEAD = new Set([
  'no_service',
  'no_team',
  'team_disabled',
  'channel_not_found',
  'invalid_token',
  'no_active_hooks',
  'channel_is_archived',
  'action_prohibited',
]);

async function checkWebhook(path: string, ctx: VerifyContext): Promise<VerifyResult> {
  const out = await send(ctx, path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  if (!out.ok) return out.result;
  const res = out.res;
  const skip = inconclusive(res);
  if (skip) return skip;
  const word = clean(res.body.trim(), 60);
  if (HOOK_ALIVE.has(word)) return { status: 'verified', detail: `webhook exists: HTTP ${res.status} ${word} from ${res.host}` };
  if (HOOK_DEAD.has(word) || res.status === 404 || res.status === 410) {
    return { status: 'invalid', detail: `HTTP ${res.status}${word && HOOK_DEAD.has(word) ? ` ${word}` : ''} from ${res.host}` };
  }
  if (res.status === 200) return { status: 'verified', detail: `webhook accepted a request (HTTP 200 from ${res.host})` };
  return unexpected(res);
}

import type { SecretHit } from '../hit.js';
import { clean, inconclusive, isRecord, parseJson, send, unexpected } from './http.js';
import type { Verifier, VerifyContext, VerifyResult } from './types.js';
import { detectorName, singleCheck, unknown } from './types.js';

/**
 * GitLab personal/project/group access tokens: GET {base}/api/v4/personal_access_tokens/self with
 * PRIVATE-TOKEN; falls back to /api/v4/user on servers older than 15.5 (404). 200 → verified (name,
 * scopes), 401 → invalid, 403 → verified (the token authenticates but lacks the API scope). A token
 * of a self-managed instance is rejected by gitlab.com: set RAMPART_VERIFY_GITLAB_URL for it.
 * Deploy, runner and trigger tokens do not authenticate this API and are not handled.
 */
export const gitlabVerifier: Verifier = {
  id: 'gitlab',
  family: 'gitlab',
  endpoint: 'gitlab',
  defaultUrl: 'https://gitlab.com',
  accepts(hit: SecretHit): boolean {
    const name = detectorName(hit.detector.id);
    if (/deploy|runner|trigger|feed|oauth|incoming|agent|scim|mail/.test(name)) return false;
    return hit.match.secret.startsWith('glpat-') || /(^|-)(pat|access-token|personal)(-|$)/.test(name);
  },
  plan(hit) {
    const token = hit.match.secret;
    return singleCheck(token, (ctx) => checkGitlab(token, ctx));
  },
};

async function checkGitlab(token: string, ctx: VerifyContext): Promise<VerifyResult> {
  const headers = { 'PRIVATE-TOKEN': token, Accept: 'application/json' };
  let out = await send(ctx, '/api/v4/personal_access_tokens/self', { headers });
  if (!out.ok) return out.result;
  let viaUser = false;
  if (out.res.status === 404) {
    viaUser = true;
    out = await send(ctx, '/api/v4/user', { headers });
    if (!out.ok) return out.result;
  }
  const res = out.res;
  const skip = inconclusive(res);
  if (skip) return skip;
  if (res.status === 401) return { status: 'invalid', detail: `HTTP 401 from ${res.host}` };
  if (res.status === 403) {
    return { status: 'verified', detail: `HTTP 403 from ${res.host}: token authenticates but lacks the API scope` };
  }
  if (res.status !== 200) return unexpected(res);
  const body = parseJson(res.body);
  if (!isRecord(body)) return unknown(`HTTP 200 from ${res.host} with an unreadable body`);
  if (viaUser) {
    if (typeof body.username !== 'string') return unknown(`HTTP 200 from ${res.host} without a GitLab user`);
    return { status: 'verified', detail: `GitLab user ${clean(body.username)} on ${res.host}` };
  }
  if (body.revoked === true || body.active === false) {
    return { status: 'invalid', detail: `token is ${body.revoked === true ? 'revoked' : 'inactive'} (${res.host})` };
  }
  if (!Array.isArray(body.scopes)) return unknown(`HTTP 200 from ${res.host} without token scopes`);
  const scopes = body.scopes.map((s) => clean(s, 40)).filter(Boolean).join(', ');
  const name = clean(body.name);
  return {
    status: 'verified',
    detail: `GitLab token${name ? ` "${name}"` : ''} on ${res.host}; scopes: ${scopes || '(none)'}`,
  };
}

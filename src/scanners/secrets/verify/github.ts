import type { SecretHit } from '../hit.js';
import { bearer, clean, inconclusive, isRecord, parseJson, send, unexpected } from './http.js';
import type { Verifier, VerifyContext, VerifyResult } from './types.js';
import { detectorName, singleCheck, unknown } from './types.js';

/**
 * GitHub tokens: GET {base}/user. 200 → verified (login, classic scopes); 401 → invalid;
 * 403 without rate limiting → verified (app installation tokens and SSO-restricted tokens
 * authenticate but may not read /user). Refresh tokens (ghr_) cannot be used as bearer tokens.
 * Base for GitHub Enterprise Server: https://HOST/api/v3.
 */
export const githubVerifier: Verifier = {
  id: 'github',
  family: 'github',
  endpoint: 'github',
  defaultUrl: 'https://api.github.com',
  accepts(hit: SecretHit): boolean {
    const name = detectorName(hit.detector.id);
    const s = hit.match.secret;
    if (s.startsWith('ghr_') || name.includes('refresh')) return false;
    return /^(gh[opsu]_|github_pat_)/.test(s) || /(^|-)(pat|token)(-|$)/.test(name);
  },
  plan(hit) {
    if (hit.match.secret.startsWith('ghr_')) return unknown('GitHub refresh tokens are not checked');
    const token = hit.match.secret;
    return singleCheck(token, (ctx) => checkGithub(token, ctx));
  },
};

async function checkGithub(token: string, ctx: VerifyContext): Promise<VerifyResult> {
  const out = await send(ctx, '/user', {
    headers: { ...bearer(token), Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28' },
  });
  if (!out.ok) return out.result;
  const res = out.res;
  if (res.status === 403 && res.headers.get('x-ratelimit-remaining') === '0') {
    return unknown(`rate limited by ${res.host} (HTTP 403)`);
  }
  const skip = inconclusive(res);
  if (skip) return skip;
  if (res.status === 401) return { status: 'invalid', detail: `HTTP 401 from ${res.host}` };
  if (res.status === 403) {
    return { status: 'verified', detail: `HTTP 403 from ${res.host}: token authenticates but cannot read /user` };
  }
  if (res.status !== 200) return unexpected(res);
  const body = parseJson(res.body);
  if (!isRecord(body) || typeof body.login !== 'string') {
    return unknown(`HTTP 200 from ${res.host} without a GitHub user in the body`);
  }
  const scopes = res.headers.get('x-oauth-scopes');
  const scopeText = scopes === null ? '' : `; scopes: ${clean(scopes, 200) || '(none)'}`;
  return { status: 'verified', detail: `GitHub user ${clean(body.login)}${scopeText}` };
}

import aws4 from 'aws4';
import type { SecretHit } from '../hit.js';
import { clean, inconclusive, send, unexpected } from './http.js';
import type { Check, Verifier, VerifyContext, VerifyResult } from './types.js';
import { unknown } from './types.js';

const KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/;
const KEY_ID_NEAR = /(?<![A-Za-z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Za-z0-9])/g;
const SECRET_KEY = /^[A-Za-z0-9/+]{40}$/;
const SECRET_KEY_NEAR = /(?<![A-Za-z0-9/+=])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g;
const SESSION_TOKEN_NEAR =
  /(?:session[_-]?token|security[_-]?token)["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{100,4096})/gi;
/** Candidate pairs tried per hit, nearest first. */
const MAX_CANDIDATES = 3;
const STS_BODY = 'Action=GetCallerIdentity&Version=2011-06-15';

interface AwsCredential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * AWS access keys: STS GetCallerIdentity (POST {base}/, us-east-1, service sts) signed with SigV4.
 * The key id (AKIA…/ASIA…) and the secret key are separate matches, so a hit on either looks for
 * the other in hit.context (nearest first, up to three candidates); temporary ASIA keys also need a
 * session token nearby. 200 with an Arn → verified (account and ARN); 403 InvalidClientTokenId /
 * SignatureDoesNotMatch / ExpiredToken → invalid. GetCallerIdentity needs no IAM permission.
 */
export const awsVerifier: Verifier = {
  id: 'aws',
  family: 'aws',
  endpoint: 'aws',
  defaultUrl: 'https://sts.amazonaws.com',
  accepts(hit: SecretHit): boolean {
    return KEY_ID.test(hit.match.secret) || SECRET_KEY.test(hit.match.secret);
  },
  plan(hit) {
    const s = hit.match.secret;
    const isKeyId = KEY_ID.test(s);
    const around = nearest(hit.context, s, isKeyId ? SECRET_KEY_NEAR : KEY_ID_NEAR).filter((c) =>
      isKeyId ? looksLikeSecretKey(c) : true,
    );
    if (around.length === 0) {
      return unknown(isKeyId ? 'no paired secret key found nearby' : 'no paired access key id found nearby');
    }
    const session = nearest(hit.context, s, SESSION_TOKEN_NEAR)[0];
    const checks: Check[] = [];
    for (const other of around.slice(0, MAX_CANDIDATES)) {
      const cred: AwsCredential = isKeyId
        ? { accessKeyId: s, secretAccessKey: other }
        : { accessKeyId: other, secretAccessKey: s };
      if (cred.accessKeyId.startsWith('ASIA')) {
        if (!session) continue;
        cred.sessionToken = session;
      }
      const secrets = [cred.accessKeyId, cred.secretAccessKey, ...(cred.sessionToken ? [cred.sessionToken] : [])];
      checks.push({ key: secrets.join('\0'), secrets, run: (ctx) => checkSts(cred, ctx) });
    }
    if (checks.length === 0) return unknown('temporary key id (ASIA) found but no session token nearby');
    return checks;
  },
};

/** A real secret key is base64 of random bytes: mixed case. Excludes hex digests and words. */
function looksLikeSecretKey(s: string): boolean {
  return /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9/+]/.test(s);
}

/** Distinct capture-group-1 matches of re in text, excluding `self`, nearest to `self` first. */
function nearest(text: string, self: string, re: RegExp): string[] {
  const at = Math.max(0, text.indexOf(self));
  const found = new Map<string, number>();
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) {
    const v = m[1];
    if (v === undefined || v === self) continue;
    const d = Math.abs((m.index ?? 0) - at);
    const prev = found.get(v);
    if (prev === undefined || d < prev) found.set(v, d);
  }
  return [...found.entries()].sort((a, b) => a[1] - b[1]).map(([v]) => v);
}

async function checkSts(cred: AwsCredential, ctx: VerifyContext): Promise<VerifyResult> {
  let url: URL;
  try {
    url = new URL(`${ctx.base}/`);
  } catch {
    return unknown('invalid endpoint URL');
  }
  const signed = aws4.sign(
    {
      host: url.host,
      path: url.pathname,
      method: 'POST',
      service: 'sts',
      region: 'us-east-1',
      body: STS_BODY,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
    },
    cred,
  );
  // fetch sets Host and Content-Length itself, to the same values aws4 signed.
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers ?? {})) {
    const lk = k.toLowerCase();
    if (lk === 'host' || lk === 'content-length' || v === undefined) continue;
    headers[k] = Array.isArray(v) ? v.join(',') : String(v);
  }
  const out = await send(ctx, '/', {
    method: 'POST',
    headers,
    body: STS_BODY,
  });
  if (!out.ok) return out.result;
  const res = out.res;
  const skip = inconclusive(res);
  if (skip) return skip;
  const code = /<Code>([A-Za-z.]{1,80})<\/Code>/.exec(res.body)?.[1];
  if (res.status === 200) {
    const arn = /<Arn>(arn:[^<]{1,300})<\/Arn>/.exec(res.body)?.[1];
    const account = /<Account>(\d{12})<\/Account>/.exec(res.body)?.[1];
    if (!arn) return unknown(`HTTP 200 from ${res.host} without an ARN`);
    return { status: 'verified', detail: `AWS account ${account ?? '?'}, ${clean(arn, 200)}` };
  }
  if (code === 'InvalidClientTokenId') {
    return { status: 'invalid', detail: `STS does not know the access key id (InvalidClientTokenId, HTTP ${res.status} from ${res.host})` };
  }
  if (code === 'SignatureDoesNotMatch') {
    return {
      status: 'invalid',
      detail: `the access key id exists but the paired secret key is wrong (SignatureDoesNotMatch, HTTP ${res.status} from ${res.host})`,
    };
  }
  if (code === 'ExpiredToken') return { status: 'invalid', detail: `session token expired (ExpiredToken, HTTP ${res.status} from ${res.host})` };
  if (code) return unknown(`STS error ${clean(code)} (HTTP ${res.status} from ${res.host})`);
  return unexpected(res);
}

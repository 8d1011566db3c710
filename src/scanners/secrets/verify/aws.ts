import aws4 from 'aws4';
import type { SecretHit } from '../hit.js';
import { clean, inconclusive, send, unexpected } from './http.js';
import type { Check, Verifier, VerifyContext, VerifyResult } from './types.js';
import { detectorName, unknown } from './types.js';

const KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/;
const KEY_ID_NEAR = /(?<![A-Za-z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Za-z0-9])/g;
const SECRET_KEY = /^[A-Za-z0-9/+]{40}$/;
const SECRET_KEY_NEAR = /(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g;
/** A session token assigned to a session-token setting, or recognised by its STS prefix. */
const SESSION_TOKEN_NEAR = [
  /(?:session[_-]?token|security[_-]?token)["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{100,4096})/gi,
  /(?<![A-Za-z0-9/+])((?:[A-Za-z0-9]{2}oJb3JpZ2luX2Vj|F[QwA]oGZXIvYXdz)[A-Za-z0-9/+]{100,4096}={0,2})/g,
];
const SESSION_TOKEN = /^[A-Za-z0-9/+=]{100,4096}$/;
/** Candidate pairs tried per hit, nearest first. */
const MAX_CANDIDATES = 3;
const STS_BODY = 'Action=GetCallerIdentity&Version=2011-06-15';

interface AwsCredential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

type Part = 'key-id' | 'secret-key' | 'session-token';

function partOf(hit: SecretHit): Part | null {
  const s = hit.match.secret;
  if (KEY_ID.test(s)) return 'key-id';
  if (SECRET_KEY.test(s)) return 'secret-key';
  if (detectorName(hit.detector.id).includes('session-token') && SESSION_TOKEN.test(s)) return 'session-token';
  return null;
}

/**
 * AWS access keys: STS GetCallerIdentity (POST {base}/, us-east-1, service sts) signed with SigV4.
 * The key id (AKIA…/ASIA…), the secret key and a session token are separate matches, so a hit on
 * one looks for the others in hit.context (nearest first, up to three candidate pairs); temporary
 * ASIA keys also need the session token. All hits of one credential share one request.
 * 200 with an Arn → verified (account and ARN); 403 InvalidClientTokenId / SignatureDoesNotMatch /
 * ExpiredToken → invalid. GetCallerIdentity needs no IAM permission and changes nothing.
 */
export const awsVerifier: Verifier = {
  id: 'aws',
  family: 'aws',
  endpoint: 'aws',
  defaultUrl: 'https://sts.amazonaws.com',
  accepts(hit: SecretHit): boolean {
    return partOf(hit) !== null;
  },
  plan(hit) {
    const s = hit.match.secret;
    const part = partOf(hit);
    if (part === null) return unknown('not an AWS access key part');
    const keyIds = part === 'key-id' ? [s] : nearest(hit.context, s, [KEY_ID_NEAR]);
    const secretKeys = part === 'secret-key' ? [s] : nearest(hit.context, s, [SECRET_KEY_NEAR]).filter(looksLikeSecretKey);
    const session = part === 'session-token' ? s : nearest(hit.context, s, SESSION_TOKEN_NEAR)[0];
    if (keyIds.length === 0) return unknown('no paired access key id found nearby');
    if (secretKeys.length === 0) return unknown('no paired secret key found nearby');
    const checks: Check[] = [];
    let needSession = false;
    for (const accessKeyId of keyIds) {
      for (const secretAccessKey of secretKeys) {
        if (checks.length >= MAX_CANDIDATES) break;
        const cred: AwsCredential = { accessKeyId, secretAccessKey };
        if (accessKeyId.startsWith('ASIA')) {
          if (!session) {
            needSession = true;
            continue;
          }
          cred.sessionToken = session;
        }
        const secrets = [accessKeyId, secretAccessKey, ...(cred.sessionToken ? [cred.sessionToken] : [])];
        checks.push({ key: secrets.join('\0'), secrets, run: (ctx) => checkSts(cred, ctx) });
      }
    }
    if (checks.length === 0 && needSession) return unknown('temporary key id (ASIA) found but no session token nearby');
    if (checks.length === 0) return unknown('no usable access key pair found nearby');
    return checks;
  },
};

/** A real secret key is base64 of random bytes: mixed case. Excludes hex digests and words. */
function looksLikeSecretKey(s: string): boolean {
  return /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9/+]/.test(s);
}

/** Distinct capture-group-1 matches of re in text, excluding `self`, nearest to `self` first. */
function nearest(text: string, self: string, res: RegExp[]): string[] {
  const at = Math.max(0, text.indexOf(self));
  const found = new Map<string, number>();
  for (const re of res) {
    for (const m of text.matchAll(re)) {
      const v = m[1];
      if (v === undefined || v === self) continue;
      const d = Math.abs((m.index ?? 0) - at);
      const prev = found.get(v);
      if (prev === undefined || d < prev) found.set(v, d);
    }
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

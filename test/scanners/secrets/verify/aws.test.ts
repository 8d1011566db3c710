import aws4 from 'aws4';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fake, makeHit, startServer, text, verify, verifyOne, type FakeServer, type Seen } from './helpers.js';

// Synthetic credentials: the fake STS knows these pairs.
const KEY_ID = fake('AKIA', 20, 'TST2RMP7');
const SECRET = fake('', 40, 'wJal+Tst/9Kq');
const KEY_ID_2 = fake('AKIA', 20, 'QQ7TST');
const SECRET_2 = fake('', 40, 'Zz9+b/Rmp');
const TEMP_ID = fake('ASIA', 20, 'TMP5');
const TEMP_SECRET = fake('', 40, 'Tmp+Sec/8x');
const SESSION = fake('FwoGZXIvYXdz', 300, 'E/+Tst9k');
const UNKNOWN_ID = fake('AKIA', 20, 'NOPE');
const WRONG_SECRET = fake('', 40, 'Wrng+Key/7');
const BROKEN_ID = fake('AKIA', 20, 'BRKN');

const KNOWN: Record<string, { secret: string; session?: string; arn: string }> = {
  [KEY_ID]: { secret: SECRET, arn: 'arn:aws:iam::123456789012:user/ci-deployer' },
  [KEY_ID_2]: { secret: SECRET_2, arn: 'arn:aws:iam::210987654321:user/other' },
  [TEMP_ID]: { secret: TEMP_SECRET, session: SESSION, arn: 'arn:aws:sts::123456789012:assumed-role/dev/session' },
  [BROKEN_ID]: { secret: SECRET, arn: '' },
};

function stsError(res: ServerResponse, status: number, code: string): void {
  text(
    res,
    status,
    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code>` +
      `<Message>rejected</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
    { 'Content-Type': 'text/xml' },
  );
}

/** Emulates STS: checks SigV4 by recomputing the signature with aws4 from the received request. */
function fakeSts(req: Seen, res: ServerResponse): void {
  const auth = String(req.headers.authorization ?? '');
  const m = /^AWS4-HMAC-SHA256 Credential=([A-Z0-9]+)\/(\d{8})\/us-east-1\/sts\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$/.exec(auth);
  if (req.method !== 'POST' || req.body !== 'Action=GetCallerIdentity&Version=2011-06-15' || !m) {
    return stsError(res, 400, 'MalformedQueryString');
  }
  const keyId = m[1]!;
  const known = KNOWN[keyId];
  if (!known) return stsError(res, 403, 'InvalidClientTokenId');
  const headers: Record<string, string> = {};
  for (const h of m[3]!.split(';')) headers[h] = String(req.headers[h] ?? '');
  const expected = aws4.sign(
    { host: req.headers.host, method: 'POST', path: req.url, service: 'sts', region: 'us-east-1', body: req.body, headers },
    { accessKeyId: keyId, secretAccessKey: known.secret, sessionToken: known.session },
  );
  if (expected.headers?.Authorization !== auth) return stsError(res, 403, 'SignatureDoesNotMatch');
  if (known.session && req.headers['x-amz-security-token'] !== known.session) return stsError(res, 403, 'InvalidClientTokenId');
  if (!known.arn) return text(res, 200, '<GetCallerIdentityResponse>oops', { 'Content-Type': 'text/xml' });
  const account = known.arn.split(':')[4]!;
  text(
    res,
    200,
    `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
      `<Arn>${known.arn}</Arn><UserId>AIDAEXAMPLE</UserId><Account>${account}</Account></GetCallerIdentityResult>` +
      `<ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    { 'Content-Type': 'text/xml' },
  );
}

const envFile = (id: string, secret: string, extra = '') =>
  `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n${extra}region = eu-west-1\n`;

describe('aws verifier (STS GetCallerIdentity, SigV4)', () => {
  let sts: FakeServer;
  beforeAll(async () => {
    sts = await startServer(fakeSts);
  });
  afterAll(() => sts.close());
  const opts = () => ({ endpoints: { aws: sts.url } });

  it('verifies an access key id paired with the secret key beside it', async () => {
    const hit = makeHit('secrets/aws/access-key-id', KEY_ID, envFile(KEY_ID, SECRET));
    const ev = await verifyOne(hit, opts());
    expect(ev.verification).toBe('verified');
    expect(ev.verificationDetail).toBe('AWS account 123456789012, arn:aws:iam::123456789012:user/ci-deployer');
    expect(ev.verificationDetail).not.toContain(SECRET);
    const req = sts.requests.at(-1)!;
    expect(req.url).toBe('/');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
    expect(String(req.headers.authorization)).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${KEY_ID}/`));
    expect(req.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it('checks the pair once for the key id hit and the secret key hit', async () => {
    const ctx = envFile(KEY_ID_2, SECRET_2);
    const before = sts.requests.length;
    const evs = await verify(
      [makeHit('secrets/aws/access-key-id', KEY_ID_2, ctx), makeHit('secrets/aws/secret-access-key', SECRET_2, ctx)],
      opts(),
    );
    expect(evs.map((e) => e.verification)).toEqual(['verified', 'verified']);
    expect(evs[1]!.verificationDetail).toContain('210987654321');
    expect(sts.requests.length - before).toBe(1);
  });

  it('reports unknown without a request when the pair is missing', async () => {
    const before = sts.requests.length;
    const sha = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
    const evs = await verify(
      [
        makeHit('secrets/aws/access-key-id', KEY_ID, `key = ${KEY_ID}\ncommit = ${sha}\n`),
        makeHit('secrets/aws/secret-access-key', SECRET, `secret = ${SECRET}\n`),
      ],
      opts(),
    );
    expect(evs[0]).toMatchObject({ verification: 'unknown', verificationDetail: 'no paired secret key found nearby' });
    expect(evs[1]).toMatchObject({ verification: 'unknown', verificationDetail: 'no paired access key id found nearby' });
    expect(sts.requests.length).toBe(before);
  });

  it('marks a wrong secret key (SignatureDoesNotMatch) and an unknown key id invalid', async () => {
    const evs = await verify(
      [
        makeHit('secrets/aws/access-key-id', KEY_ID, envFile(KEY_ID, WRONG_SECRET)),
        makeHit('secrets/aws/access-key-id', UNKNOWN_ID, envFile(UNKNOWN_ID, SECRET)),
      ],
      opts(),
    );
    expect(evs[0]!.verification).toBe('invalid');
    expect(evs[0]!.verificationDetail).toContain('SignatureDoesNotMatch');
    expect(evs[1]!.verification).toBe('invalid');
    expect(evs[1]!.verificationDetail).toContain('InvalidClientTokenId');
    for (const e of evs) expect(e.verificationDetail).not.toMatch(new RegExp(`${WRONG_SECRET}|${SECRET}`.replace(/[+/]/g, '\\$&')));
  });

  it('tries several candidates nearest first and keeps the verified one', async () => {
    const ctx = `other_token = ${WRONG_SECRET}\nid = ${KEY_ID}\nsecret = ${SECRET}\n`;
    const ev = await verifyOne(makeHit('secrets/aws/access-key-id', KEY_ID, ctx), opts());
    expect(ev.verification).toBe('verified');
  });

  it('signs temporary keys with the session token found nearby', async () => {
    const withToken = envFile(TEMP_ID, TEMP_SECRET, `aws_session_token = ${SESSION}\n`);
    const evs = await verify(
      [
        makeHit('secrets/aws/access-key-id', TEMP_ID, withToken),
        makeHit('secrets/aws/access-key-id', TEMP_ID, envFile(TEMP_ID, TEMP_SECRET)),
      ],
      opts(),
    );
    expect(evs[0]!.verification).toBe('verified');
    expect(evs[0]!.verificationDetail).toContain('assumed-role/dev');
    expect(evs[0]!.verificationDetail).not.toContain(SESSION);
    expect(evs[1]).toMatchObject({ verification: 'unknown' });
    expect(evs[1]!.verificationDetail).toContain('no session token');
  });

  it('checks a session-token hit with the temporary pair beside it, once for all three parts', async () => {
    // Credentials as `aws configure export-credentials --format env` writes them: the token is
    // recognised by its STS prefix, not by its variable name.
    const ctx = `export AWS_ACCESS_KEY_ID=${TEMP_ID}\nexport AWS_SECRET_ACCESS_KEY=${TEMP_SECRET}\nexport TOKEN=${SESSION}\n`;
    const before = sts.requests.length;
    const evs = await verify(
      [
        makeHit('secrets/aws/session-token', SESSION, ctx),
        makeHit('secrets/aws/access-key-id', TEMP_ID, ctx),
        makeHit('secrets/aws/secret-access-key', TEMP_SECRET, ctx),
      ],
      opts(),
    );
    expect(evs.map((e) => e.verification)).toEqual(['verified', 'verified', 'verified']);
    expect(sts.requests.length - before).toBe(1);
    expect(sts.requests.at(-1)!.headers['x-amz-security-token']).toBe(SESSION);
    const alone = await verifyOne(makeHit('secrets/aws/session-token', SESSION, `token: ${SESSION}`), opts());
    expect(alone).toMatchObject({ verification: 'unknown', verificationDetail: 'no paired access key id found nearby' });
  });

  it('leaves other AWS credential kinds alone', async () => {
    const before = sts.requests.length;
    const evs = await verify(
      [makeHit('secrets/aws/access-key-id', fake('ABIA', 20, 'SVC2'), envFile(fake('ABIA', 20, 'SVC2'), SECRET))],
      opts(),
    );
    expect(evs[0]).toMatchObject({ verification: 'unknown' });
    expect(sts.requests.length).toBe(before);
  });

  it('reports a 200 without an ARN, a 5xx and a refused connection as unknown', async () => {
    const down = await startServer((_req, res) => text(res, 503, 'unavailable'));
    await down.close();
    const flaky = await startServer((_req, res) => text(res, 500, '<ErrorResponse/>'));
    try {
      const odd = await verifyOne(makeHit('secrets/aws/access-key-id', BROKEN_ID, envFile(BROKEN_ID, SECRET)), opts());
      expect(odd).toMatchObject({ verification: 'unknown' });
      expect(odd.verificationDetail).toContain('without an ARN');
      const err = await verifyOne(makeHit('secrets/aws/access-key-id', KEY_ID, envFile(KEY_ID, SECRET)), {
        endpoints: { aws: flaky.url },
      });
      expect(err).toMatchObject({ verification: 'unknown', verificationDetail: `HTTP 500 from ${new URL(flaky.url).host}` });
      const refused = await verifyOne(makeHit('secrets/aws/access-key-id', KEY_ID, envFile(KEY_ID, SECRET)), {
        endpoints: { aws: down.url },
      });
      expect(refused.verification).toBe('unknown');
      expect(refused.verificationDetail).toContain('connection refused');
    } finally {
      await flaky.close();
    }
  });

  it('reads the endpoint from RAMPART_VERIFY_AWS_URL', async () => {
    const before = sts.requests.length;
    const ev = await verifyOne(makeHit('secrets/aws/access-key-id', KEY_ID, envFile(KEY_ID, SECRET)), {
      env: { RAMPART_VERIFY_AWS_URL: sts.url },
    });
    expect(ev.verification).toBe('verified');
    expect(sts.requests.length).toBe(before + 1);
  });
});

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHmac, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import {
  IssuerKeys,
  MemoryJtiStore,
  OidcError,
  globMatch,
  trustPolicyFromRow,
  ttlFor,
  validateTrustPolicy,
  verifyCiToken,
  type TrustPolicy,
  type VerifyOptions,
} from '../../../src/server/identity/oidc.js';

// A real OIDC issuer on loopback: discovery document + JWKS, with request counters.
interface FakeIssuer {
  url: string;
  counts: { discovery: number; jwks: number };
  keys: JWK[];
  discoveryOverride?: (res: ServerResponse) => void;
  server: Server;
}

async function startIssuer(): Promise<FakeIssuer> {
  const issuer: FakeIssuer = { url: '', counts: { discovery: 0, jwks: 0 }, keys: [], server: undefined as unknown as Server };
  issuer.server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/.well-known/openid-configuration') {
      issuer.counts.discovery++;
      if (issuer.discoveryOverride) return issuer.discoveryOverride(res);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer: issuer.url, jwks_uri: `${issuer.url}/.well-known/jwks` }));
    } else if (req.url === '/.well-known/jwks') {
      issuer.counts.jwks++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: issuer.keys }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => issuer.server.listen(0, '127.0.0.1', resolve));
  issuer.url = `http://127.0.0.1:${(issuer.server.address() as AddressInfo).port}`;
  return issuer;
}

let gh: FakeIssuer;
let rsa: { privateKey: CryptoKey; publicKey: CryptoKey };
let ec: { privateKey: CryptoKey; publicKey: CryptoKey };
let stranger: { privateKey: CryptoKey; publicKey: CryptoKey };

const AUD = 'https://rampart.example.com';
const nowS = () => Math.floor(Date.now() / 1000);

async function jwk(key: CryptoKey, kid: string, alg: string): Promise<JWK> {
  return { ...(await exportJWK(key)), kid, alg, use: 'sig' };
}

beforeAll(async () => {
  gh = await startIssuer();
  rsa = await generateKeyPair('RS256');
  ec = await generateKeyPair('ES256');
  stranger = await generateKeyPair('RS256');
  gh.keys = [await jwk(rsa.publicKey, 'rsa-1', 'RS256'), await jwk(ec.publicKey, 'ec-1', 'ES256')];
});
afterAll(async () => {
  await new Promise((r) => gh.server.close(r));
});

/** GitHub Actions-shaped claims for octo-org/octo-repo on main, environment prod. */
function githubClaims(over: JWTPayload = {}): JWTPayload {
  const t = nowS();
  return {
    iss: gh.url,
    aud: AUD,
    sub: 'repo:octo-org/octo-repo:environment:prod',
    repository: 'octo-org/octo-repo',
    repository_id: '74',
    repository_owner: 'octo-org',
    repository_owner_id: '65',
    ref: 'refs/heads/main',
    environment: 'prod',
    job_workflow_ref: 'octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main',
    iat: t - 5,
    nbf: t - 5,
    exp: t + 300,
    jti: randomUUID(),
    ...over,
  };
}

async function sign(claims: JWTPayload, opts: { key?: CryptoKey; kid?: string; alg?: string } = {}): Promise<string> {
  const alg = opts.alg ?? 'RS256';
  return new SignJWT(claims).setProtectedHeader({ alg, kid: opts.kid ?? (alg === 'ES256' ? 'ec-1' : 'rsa-1'), typ: 'JWT' }).sign(opts.key ?? (alg === 'ES256' ? ec.privateKey : rsa.privateKey));
}

function policy(over: Partial<TrustPolicy> = {}): TrustPolicy {
  return {
    id: 'pol-deploy',
    project: 'shop',
    issuer: gh.url,
    audience: AUD,
    conditions: { sub: 'repo:octo-org/octo-repo:environment:prod', repository_id: '74' },
    role: 'deployer',
    ...over,
  };
}

let keys: IssuerKeys;
let jti: MemoryJtiStore;
let opts: VerifyOptions;
beforeEach(() => {
  gh.counts.discovery = 0;
  gh.counts.jwks = 0;
  gh.discoveryOverride = undefined;
  keys = new IssuerKeys({ allowInsecureLoopback: true, cooldownMs: 400, timeoutMs: 1000 });
  jti = new MemoryJtiStore();
  opts = { jtiStore: jti, keys, allowInsecureLoopback: true };
});

async function refusal(p: Promise<unknown>): Promise<OidcError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OidcError);
  return err as OidcError;
}

describe('verifyCiToken accepts', () => {
  it('a good RS256 token and returns the policy, claims and a 10-minute TTL', async () => {
    const claims = githubClaims();
    const r = await verifyCiToken(await sign(claims), [policy()], opts);
    expect(r.policy.id).toBe('pol-deploy');
    expect(r.claims.sub).toBe(claims.sub);
    expect(r.claims.jti).toBe(claims.jti);
    expect(r.ttlSeconds).toBe(600);
  });

  it('a good ES256 token', async () => {
    const r = await verifyCiToken(await sign(githubClaims(), { alg: 'ES256' }), [policy()], opts);
    expect(r.policy.role).toBe('deployer');
  });

  it('an expired token still within the default 60 s clock skew', async () => {
    const r = await verifyCiToken(await sign(githubClaims({ exp: nowS() - 30 })), [policy()], opts);
    expect(r.policy.id).toBe('pol-deploy');
  });

  it('the first policy whose audience and conditions match, skipping disabled ones', async () => {
    const policies = [
      policy({ id: 'off', disabled: true }),
      policy({ id: 'other-aud', audience: 'someone-else' }),
      policy({ id: 'staging', conditions: { sub: 'repo:octo-org/octo-repo:environment:staging' } }),
      policy({ id: 'org-wide', conditions: { sub: 'repo:octo-org/*', ref: 'refs/heads/main' }, maxTtlSeconds: 900 }),
    ];
    const r = await verifyCiToken(await sign(githubClaims()), policies, opts);
    expect(r.policy.id).toBe('org-wide');
    expect(r.ttlSeconds).toBe(900);
  });
});

describe('verifyCiToken refuses', () => {
  it('a genuine token that only a disabled policy matches: E_OIDC_POLICY_DISABLED naming it, after the enabled ones were tried', async () => {
    const policies = [
      policy({ id: 'off', name: 'release', disabled: true }),
      policy({ id: 'staging', conditions: { sub: 'repo:octo-org/octo-repo:environment:staging' } }),
    ];
    const e = await refusal(verifyCiToken(await sign(githubClaims()), policies, opts));
    expect(e.code).toBe('E_OIDC_POLICY_DISABLED');
    expect(e.message).toBe('the trust policy that matches this token (release) is disabled');
    expect(e.detail).toEqual(['policy staging: sub', 'policy off: disabled']);
    // A token matching no policy at all is still the claims refusal.
    const none = await refusal(verifyCiToken(await sign(githubClaims({ sub: 'repo:someone/else:ref:refs/heads/main', repository: 'someone/else' })), policies, opts));
    expect(none.code).toBe('E_OIDC_CLAIMS');
  });

  it('an expired token', async () => {
    const e = await refusal(verifyCiToken(await sign(githubClaims({ iat: nowS() - 600, nbf: nowS() - 600, exp: nowS() - 120 })), [policy()], opts));
    expect(e.code).toBe('E_OIDC_EXPIRED');
    expect(e.status).toBe(401);
  });

  it('a token that is not yet valid (nbf beyond the skew)', async () => {
    const e = await refusal(verifyCiToken(await sign(githubClaims({ nbf: nowS() + 120 })), [policy()], opts));
    expect(e.code).toBe('E_OIDC_NOT_YET_VALID');
  });

  it('a token issued in the future', async () => {
    const e = await refusal(verifyCiToken(await sign(githubClaims({ iat: nowS() + 120, nbf: undefined })), [policy()], opts));
    expect(e.code).toBe('E_OIDC_ISSUED_AT');
  });

  it('a token older than the maximum token age', async () => {
    const t = nowS();
    const e = await refusal(verifyCiToken(await sign(githubClaims({ iat: t - 7200, nbf: t - 7200, exp: t + 300 })), [policy()], opts));
    expect(e.code).toBe('E_OIDC_EXPIRED');
    expect(e.message).toMatch(/maximum token age/);
  });

  it('a token for another audience', async () => {
    const e = await refusal(verifyCiToken(await sign(githubClaims({ aud: 'https://evil.example' })), [policy()], opts));
    expect(e.code).toBe('E_OIDC_AUDIENCE');
  });

  it('a token from another issuer, without contacting it', async () => {
    const e = await refusal(verifyCiToken(await sign(githubClaims({ iss: `${gh.url}/other` })), [policy()], opts));
    expect(e.code).toBe('E_OIDC_UNTRUSTED_ISSUER');
    expect(gh.counts.discovery).toBe(0);
    // An issuer differing only by a trailing slash is another issuer too.
    const e2 = await refusal(verifyCiToken(await sign(githubClaims({ iss: `${gh.url}/` })), [policy()], opts));
    expect(e2.code).toBe('E_OIDC_UNTRUSTED_ISSUER');
  });

  it('an unsigned token (alg: none)', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(githubClaims())}.`;
    const e = await refusal(verifyCiToken(token, [policy()], opts));
    expect(e.code).toBe('E_OIDC_ALGORITHM');
    expect(gh.counts.jwks).toBe(0);
  });

  it('an HS256 token whose HMAC key is the public key (PEM and JWK bytes)', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const pem = await exportSPKI(rsa.publicKey);
    const jwkBytes = JSON.stringify(gh.keys[0]);
    for (const secret of [pem, jwkBytes]) {
      const head = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'rsa-1' })}.${b64(githubClaims())}`;
      const sig = createHmac('sha256', secret).update(head).digest('base64url');
      const e = await refusal(verifyCiToken(`${head}.${sig}`, [policy()], opts));
      expect(e.code).toBe('E_OIDC_ALGORITHM');
    }
    // jose's own signer, with the public key's bytes as the HMAC secret.
    const signed = await new SignJWT(githubClaims()).setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' }).sign(new TextEncoder().encode(pem));
    expect((await refusal(verifyCiToken(signed, [policy()], opts))).code).toBe('E_OIDC_ALGORITHM');
  });

  it('other algorithms even when asymmetric (ES384)', async () => {
    const other = await generateKeyPair('ES384');
    const token = await new SignJWT(githubClaims()).setProtectedHeader({ alg: 'ES384', kid: 'ec-1' }).sign(other.privateKey);
    expect((await refusal(verifyCiToken(token, [policy()], opts))).code).toBe('E_OIDC_ALGORITHM');
  });

  it('a replayed jti', async () => {
    const token = await sign(githubClaims());
    await verifyCiToken(token, [policy()], opts);
    const e = await refusal(verifyCiToken(token, [policy()], opts));
    expect(e.code).toBe('E_OIDC_REPLAY');
    // The same jti from the same issuer in a freshly signed token is a replay as well.
    await verifyCiToken(await sign(githubClaims({ jti: 'fixed-1' })), [policy()], opts);
    const again = await sign(githubClaims({ jti: 'fixed-1', iat: nowS() - 1 }));
    expect((await refusal(verifyCiToken(again, [policy()], opts))).code).toBe('E_OIDC_REPLAY');
  });

  it('records the jti until the token could no longer verify', async () => {
    const recorded: Date[] = [];
    const spy = { seen: async (_i: string, _j: string, at: Date) => (recorded.push(at), false) };
    const t = nowS();
    await verifyCiToken(await sign(githubClaims({ iat: t, exp: t + 300 })), [policy()], { ...opts, jtiStore: spy });
    // A far-off exp is cut at iat + max token age (1 h).
    await verifyCiToken(await sign(githubClaims({ iat: t, exp: t + 86_400 * 365 })), [policy()], { ...opts, jtiStore: spy });
    expect(recorded.map((d) => d.getTime() / 1000)).toEqual([t + 300 + 60, t + 3600 + 60]);
  });

  it('does not burn the jti of a token that failed other checks', async () => {
    const claims = githubClaims({ environment: 'dev', sub: 'repo:octo-org/octo-repo:environment:dev' });
    await refusal(verifyCiToken(await sign(claims), [policy()], opts));
    expect(jti.size).toBe(0);
  });

  it('a token without jti', async () => {
    const e = await refusal(verifyCiToken(await sign(githubClaims({ jti: undefined })), [policy()], opts));
    expect(e.code).toBe('E_OIDC_MALFORMED');
  });

  it('a token signed with an unknown kid', async () => {
    const e = await refusal(verifyCiToken(await sign(githubClaims(), { key: stranger.privateKey, kid: 'nope' }), [policy()], opts));
    expect(e.code).toBe('E_OIDC_UNKNOWN_KEY');
  });

  it('a token signed by another key under a known kid', async () => {
    const e = await refusal(verifyCiToken(await sign(githubClaims(), { key: stranger.privateKey, kid: 'rsa-1' }), [policy()], opts));
    expect(e.code).toBe('E_OIDC_SIGNATURE');
  });

  it('a tampered payload', async () => {
    const [h, , s] = (await sign(githubClaims())).split('.');
    const forged = Buffer.from(JSON.stringify(githubClaims({ sub: 'repo:octo-org/octo-repo:environment:prod' }))).toString('base64url');
    expect((await refusal(verifyCiToken(`${h}.${forged}.${s}`, [policy()], opts))).code).toBe('E_OIDC_SIGNATURE');
  });

  it.each([
    ['empty', ''],
    ['not a JWT', 'hello'],
    ['two parts', 'a.b'],
    ['bad base64', '!!!.???.***'],
    ['huge', `${'a'.repeat(20_000)}.b.c`],
  ])('malformed input: %s', async (_n, token) => {
    expect((await refusal(verifyCiToken(token, [policy()], opts))).code).toMatch(/E_OIDC_MALFORMED/);
  });

  // Each condition type, on a policy that otherwise accepts the token.
  const conditionCases: [string, Record<string, unknown>, JWTPayload][] = [
    ['sub glob', { sub: 'repo:octo-org/octo-repo:ref:refs/heads/*' }, {}],
    ['repository exact', { repository: 'octo-org/other-repo' }, {}],
    ['repository_id', { repository_id: '75' }, {}],
    ['repository_id as a number', { repository_id: 75 }, {}],
    ['repository_owner_id', { sub: 'repo:octo-org/*', repository_owner_id: '66' }, {}],
    ['ref', { sub: 'repo:octo-org/*', ref: 'refs/heads/main' }, { ref: 'refs/heads/feature' }],
    ['ref glob', { sub: 'repo:octo-org/*', ref: 'refs/heads/release/*' }, {}],
    ['environment', { sub: 'repo:octo-org/*', environment: 'prod' }, { environment: 'Prod' }],
    ['job_workflow_ref', { sub: 'repo:octo-org/*', job_workflow_ref: 'octo-org/shared/.github/workflows/deploy.yml@refs/heads/main' }, {}],
    ['missing claim (project_path)', { project_path: 'my-group/my-project' }, {}],
    ['namespace_id', { sub: 'repo:octo-org/*', namespace_id: '12' }, { namespace_id: '13' }],
    ['ref_protected boolean', { sub: 'repo:octo-org/*', ref_protected: true }, { ref_protected: 'false' }],
    ['any-of list', { sub: ['repo:octo-org/a:*', 'repo:octo-org/b:*'] }, {}],
    ['claim that is an object', { sub: 'repo:octo-org/*', environment: 'prod' }, { environment: { name: 'prod' } as unknown as string }],
  ];
  it.each(conditionCases)('claims failing a condition: %s', async (_n, conditions, over) => {
    const p = policy({ conditions: conditions as TrustPolicy['conditions'] });
    expect(validateTrustPolicy(p, { allowInsecureLoopback: true })).toEqual([]);
    const e = await refusal(verifyCiToken(await sign(githubClaims(over)), [p], opts));
    expect(e.code).toBe('E_OIDC_CLAIMS');
    expect(e.detail.join(' ')).toContain('pol-deploy');
  });

  it('the same conditions pass when the claims fit (so the refusals above are the conditions\' doing)', async () => {
    const p = policy({
      conditions: {
        sub: 'repo:octo-org/octo-repo:environment:*',
        repository: 'octo-org/octo-repo',
        repository_id: 74,
        repository_owner_id: '65',
        ref: 'refs/heads/ma?n',
        environment: ['staging', 'prod'],
        job_workflow_ref: 'octo-org/octo-repo/.github/workflows/*@refs/heads/main',
        ref_protected: true,
        namespace_id: '12',
        project_path: 'my-group/*',
      },
    });
    const r = await verifyCiToken(await sign(githubClaims({ ref_protected: 'true', namespace_id: '12', project_path: 'my-group/sub/project' })), [p], opts);
    expect(r.policy.id).toBe('pol-deploy');
  });

  it('a token when the only policy lacks a subject or repository constraint', async () => {
    const loose = policy({ conditions: { ref: 'refs/heads/main' } });
    const e = await refusal(verifyCiToken(await sign(githubClaims()), [loose], opts));
    expect(e.code).toBe('E_OIDC_UNTRUSTED_ISSUER');
    expect(e.detail[0]).toMatch(/must constrain the subject or repository/);
    expect(gh.counts.discovery).toBe(0);
  });
});

describe('JWKS discovery and caching', () => {
  it('fetches discovery and JWKS once for many verifications', async () => {
    for (let i = 0; i < 5; i++) await verifyCiToken(await sign(githubClaims()), [policy()], opts);
    expect(gh.counts).toEqual({ discovery: 1, jwks: 1 });
  });

  it('refetches the JWKS on an unknown kid only after the cooldown', async () => {
    // Key generation first: it can take longer than the cooldown.
    const rotated = await generateKeyPair('ES256');
    const rotatedJwk = await jwk(rotated.publicKey, 'ec-2', 'ES256');
    const token = () => sign(githubClaims(), { key: rotated.privateKey, kid: 'ec-2', alg: 'ES256' });
    const early = await token();
    await verifyCiToken(await sign(githubClaims()), [policy()], opts);
    expect(gh.counts.jwks).toBe(1);
    // The issuer rotates in a new key.
    const original = gh.keys;
    gh.keys = [...original, rotatedJwk];
    try {
      // Within the cooldown: no refetch, the new kid is unknown.
      expect((await refusal(verifyCiToken(early, [policy()], opts))).code).toBe('E_OIDC_UNKNOWN_KEY');
      expect(gh.counts.jwks).toBe(1);
      await new Promise((r) => setTimeout(r, 450));
      const r = await verifyCiToken(await token(), [policy()], opts);
      expect(r.policy.id).toBe('pol-deploy');
      expect(gh.counts.jwks).toBe(2);
      // A burst of unknown kids right after does not hammer the issuer.
      for (let i = 0; i < 3; i++) {
        await refusal(verifyCiToken(await sign(githubClaims(), { key: stranger.privateKey, kid: `x${i}` }), [policy()], opts));
      }
      expect(gh.counts.jwks).toBe(2);
      expect(gh.counts.discovery).toBe(1);
    } finally {
      gh.keys = original;
    }
  });

  it('refuses a discovery document that names another issuer', async () => {
    gh.discoveryOverride = (res) => res.end(JSON.stringify({ issuer: 'https://token.actions.githubusercontent.com', jwks_uri: `${gh.url}/.well-known/jwks` }));
    const e = await refusal(verifyCiToken(await sign(githubClaims()), [policy()], opts));
    expect(e.code).toBe('E_OIDC_DISCOVERY');
    expect(e.status).toBe(503);
    expect(gh.counts.jwks).toBe(0);
  });

  it('refuses a discovery document with a plain-http jwks_uri off loopback', async () => {
    gh.discoveryOverride = (res) => res.end(JSON.stringify({ issuer: gh.url, jwks_uri: 'http://keys.example.com/jwks' }));
    expect((await refusal(verifyCiToken(await sign(githubClaims()), [policy()], opts))).code).toBe('E_OIDC_DISCOVERY');
  });

  it.each([
    ['404', (res: ServerResponse) => ((res.statusCode = 404), res.end())],
    ['a redirect', (res: ServerResponse) => ((res.statusCode = 302), res.setHeader('location', 'http://127.0.0.1:1/'), res.end())],
    ['not JSON', (res: ServerResponse) => res.end('<html>')],
    ['an oversized body', (res: ServerResponse) => res.end(JSON.stringify({ issuer: gh.url, pad: 'x'.repeat(400_000) }))],
  ])('reports discovery failure: %s', async (_n, handler) => {
    gh.discoveryOverride = handler;
    expect((await refusal(verifyCiToken(await sign(githubClaims()), [policy()], opts))).code).toBe('E_OIDC_DISCOVERY');
  });

  it('does not ask a failing issuer again until the cooldown has passed', async () => {
    gh.discoveryOverride = (res) => ((res.statusCode = 500), res.end());
    for (let i = 0; i < 3; i++) {
      expect((await refusal(verifyCiToken(await sign(githubClaims()), [policy()], opts))).code).toBe('E_OIDC_DISCOVERY');
    }
    expect(gh.counts.discovery).toBe(1);
    gh.discoveryOverride = undefined;
    await new Promise((r) => setTimeout(r, 450));
    expect((await verifyCiToken(await sign(githubClaims()), [policy()], opts)).policy.id).toBe('pol-deploy');
    expect(gh.counts.discovery).toBe(2);
  });

  it('shares one discovery among concurrent verifications', async () => {
    const tokens = await Promise.all([1, 2, 3, 4].map(() => sign(githubClaims())));
    const results = await Promise.all(tokens.map((t) => verifyCiToken(t, [policy()], opts)));
    expect(results.map((r) => r.policy.id)).toEqual(['pol-deploy', 'pol-deploy', 'pol-deploy', 'pol-deploy']);
    expect(gh.counts).toEqual({ discovery: 1, jwks: 1 });
  });

  it('times out a hanging discovery endpoint', async () => {
    const stuck: ServerResponse[] = [];
    gh.discoveryOverride = (res) => void stuck.push(res);
    const quick = new IssuerKeys({ allowInsecureLoopback: true, timeoutMs: 200 });
    const started = Date.now();
    const e = await refusal(verifyCiToken(await sign(githubClaims()), [policy()], { ...opts, keys: quick }));
    expect(e.code).toBe('E_OIDC_DISCOVERY');
    expect(Date.now() - started).toBeLessThan(2000);
    for (const r of stuck) r.destroy();
  });

  it('refuses plain-http issuers unless loopback testing is allowed', async () => {
    const p = policy();
    expect(validateTrustPolicy(p)).toContain(`issuer: "${gh.url}" must use https`);
    const e = await refusal(verifyCiToken(await sign(githubClaims()), [p], { jtiStore: jti }));
    expect(e.code).toBe('E_OIDC_UNTRUSTED_ISSUER');
    expect(gh.counts.discovery).toBe(0);
  });
});

describe('validateTrustPolicy', () => {
  const gha = (conditions: TrustPolicy['conditions'], over: Partial<TrustPolicy> = {}): TrustPolicy => ({
    id: 'p',
    project: 'shop',
    issuer: 'https://token.actions.githubusercontent.com',
    audience: AUD,
    role: 'deployer',
    conditions,
    ...over,
  });

  it('accepts subject, repository and id constraints', () => {
    for (const c of [
      { sub: 'repo:octo-org/octo-repo:ref:refs/heads/main' },
      { sub: 'repo:octo-org/*' },
      { repository: 'octo-org/octo-repo' },
      { repository: 'octo-org/*', ref: 'refs/heads/main' },
      { repository_id: '74' },
      { repository_id: 74 },
      { project_path: 'my-group/my-project', ref_protected: 'true' },
      { project_id: '42' },
      { sub: ['repo:a/x:*', 'repo:b/y:*'] },
    ] as TrustPolicy['conditions'][]) {
      expect(validateTrustPolicy(gha(c)), JSON.stringify(c)).toEqual([]);
    }
    expect(validateTrustPolicy(gha({ sub: 'project_path:grp/proj:ref_type:branch:ref:main' }, { issuer: 'https://gitlab.example.org' }))).toEqual([]);
  });

  it('the wildcard hint has the form of the claim: repo:my-org/* for sub, my-org/* for repository and project_path', () => {
    expect(validateTrustPolicy(gha({ sub: 'repo:acme*' }))[0]).toBe('conditions.sub: a wildcard must come after a literal owner (e.g. "repo:my-org/*")');
    expect(validateTrustPolicy(gha({ repository: 'acme*' }))[0]).toBe('conditions.repository: a wildcard must come after a literal owner (e.g. "my-org/*")');
    expect(validateTrustPolicy(gha({ project_path: '*' }))[0]).toBe('conditions.project_path: a wildcard must come after a literal owner (e.g. "my-org/*")');
  });

  it("refuses GitHub's and gitlab.com's issuer with a trailing slash (their tokens have none, so it would trust no job); other issuers may have one", () => {
    expect(validateTrustPolicy(gha({ repository: 'o/r' }, { issuer: 'https://token.actions.githubusercontent.com/' }))).toEqual([
      'issuer: its tokens name "https://token.actions.githubusercontent.com", without a trailing slash, and the issuer must match exactly',
    ]);
    expect(validateTrustPolicy(gha({ project_path: 'g/p' }, { issuer: 'https://gitlab.com//' }))).toEqual([
      'issuer: its tokens name "https://gitlab.com", without a trailing slash, and the issuer must match exactly',
    ]);
    // Auth0-style issuers end in a slash in their own tokens: left alone.
    expect(validateTrustPolicy(gha({ sub: 'repo:o/r:*' }, { issuer: 'https://tenant.example.auth0.com/' }))).toEqual([]);
  });

  it.each([
    ['no conditions', {}],
    ['audience-like conditions only', { ref: 'refs/heads/main', environment: 'prod' }],
    ['owner id only', { repository_owner_id: '65' }],
    ['wildcard subject', { sub: '*' }],
    ['wildcard before the owner', { sub: 'repo:*/octo-repo:*' }],
    ['wildcard owner on a suffix', { sub: '*:ref:refs/heads/main' }],
    ['empty owner', { sub: 'repo:/*' }],
    ['wildcard repository', { repository: '*' }],
    ['wildcard id', { repository_id: '7*' }],
    ['one loose entry in a list', { sub: ['repo:octo-org/*', '*'] }],
  ])('refuses %s', (_n, conditions) => {
    const problems = validateTrustPolicy(gha(conditions as TrustPolicy['conditions']));
    expect(problems.some((p) => /must constrain the subject or repository|wildcard/.test(p))).toBe(true);
  });

  it('checks issuer, audience, TTL, role and condition shapes', () => {
    expect(validateTrustPolicy(gha({ sub: 'repo:a/b:*' }, { issuer: 'http://gitlab.example.org' }))).toEqual(['issuer: "http://gitlab.example.org" must use https']);
    expect(validateTrustPolicy(gha({ sub: 'repo:a/b:*' }, { issuer: 'https://u:p@gitlab.example.org' }))).toEqual(['issuer: no credentials, query or fragment']);
    expect(validateTrustPolicy(gha({ sub: 'repo:a/b:*' }, { audience: '*' }))).toEqual(['audience: a literal value (no wildcards)']);
    expect(validateTrustPolicy(gha({ sub: 'repo:a/b:*' }, { maxTtlSeconds: 901 }))).toEqual(['maxTtlSeconds: an integer from 60 to 900']);
    expect(validateTrustPolicy(gha({ sub: 'repo:a/b:*' }, { role: '' }))).toEqual(['role: required']);
    expect(validateTrustPolicy(gha({ sub: 'repo:a/b:*', 'bad claim': 'x', env: { a: 1 } as unknown as string, ref: [] as string[] }))).toEqual([
      'conditions.bad claim: not a claim name',
      'conditions.env: a string, number, boolean or non-empty list of strings',
      'conditions.ref: a string, number, boolean or non-empty list of strings',
    ]);
  });

  it('TTL defaults to 10 minutes and never exceeds 15', () => {
    expect(ttlFor(gha({ sub: 'x' }))).toBe(600);
    expect(ttlFor(gha({ sub: 'x' }, { maxTtlSeconds: 300 }))).toBe(300);
    expect(ttlFor(gha({ sub: 'x' }, { maxTtlSeconds: 86_400 }))).toBe(900);
  });
});

describe('trustPolicyFromRow', () => {
  const row = {
    id: 'pol-1',
    project_id: 'shop',
    name: 'deploy from main',
    issuer: 'https://token.actions.githubusercontent.com',
    audience: AUD,
    conditions: JSON.stringify({ sub: 'repo:octo-org/octo-repo:ref:refs/heads/main' }),
    role_id: 'deployer',
    max_ttl_s: 300,
    disabled_at: null,
    created_at: '2026-11-26T12:00:00.000Z',
  };
  it('maps a stored row', () => {
    const p = trustPolicyFromRow(row);
    expect(p).toEqual({
      id: 'pol-1',
      name: 'deploy from main',
      project: 'shop',
      issuer: 'https://token.actions.githubusercontent.com',
      audience: AUD,
      conditions: { sub: 'repo:octo-org/octo-repo:ref:refs/heads/main' },
      role: 'deployer',
      maxTtlSeconds: 300,
      disabled: false,
    });
    expect(validateTrustPolicy(p)).toEqual([]);
    expect(trustPolicyFromRow({ ...row, disabled_at: '2026-11-26T12:01:00.000Z' }).disabled).toBe(true);
  });
  it('turns corrupt conditions into a policy that validation refuses', () => {
    for (const conditions of ['{not json', '[]', 'null', '"repo:*"']) {
      expect(validateTrustPolicy(trustPolicyFromRow({ ...row, conditions })).length, conditions).toBeGreaterThan(0);
    }
  });
});

describe('globMatch', () => {
  it.each([
    ['repo:octo-org/*', 'repo:octo-org/octo-repo:ref:refs/heads/main', true],
    ['repo:octo-org/*', 'repo:octo-org-evil/x', false],
    ['repo:octo-org/*', 'repo:octo-org/', true],
    ['refs/heads/?ain', 'refs/heads/main', true],
    ['refs/heads/?ain', 'refs/heads/ain', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['exact', 'exact', true],
    ['exact', 'exactly', false],
    ['Exact', 'exact', false],
    ['*', '', true],
    ['', '', true],
    ['', 'x', false],
    ['.*', 'anything', false],
  ])('%s ~ %s = %s', (pattern, value, expected) => {
    expect(globMatch(pattern, value)).toBe(expected);
  });

  it('stays fast on adversarial patterns', () => {
    const started = Date.now();
    expect(globMatch('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(4000))).toBe(false);
    expect(globMatch('x'.repeat(600), 'x'.repeat(600))).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('MemoryJtiStore', () => {
  it('remembers a jti per issuer until it expires', async () => {
    let t = 1_000;
    const s = new MemoryJtiStore(() => t);
    expect(await s.seen('https://a', 'j1', new Date(2_000))).toBe(false);
    expect(await s.seen('https://a', 'j1', new Date(2_000))).toBe(true);
    expect(await s.seen('https://b', 'j1', new Date(2_000))).toBe(false);
    t = 2_001;
    // Expired: the same jti may be recorded again (a token carrying it can no longer verify).
    expect(await s.seen('https://a', 'j1', new Date(4_000))).toBe(false);
    expect(await s.seen('https://c', 'j2', new Date(4_000))).toBe(false);
    expect(s.size).toBe(2);
    t = 5_000;
    expect(await s.seen('https://d', 'j3', new Date(6_000))).toBe(false);
    expect(s.size).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import { BIN, runCli } from '../helpers/cli.js';
import { serverEnv, startServerProcess } from '../helpers/server-process.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';

/**
 * Issue 7, CI federation and abuse, as a new user meets them through the built CLI: a real
 * `rampart server` (with its production modules) trusts two OIDC issuers served over HTTPS on
 * 127.0.0.1 with keys and a certificate made here (the server trusts the certificate through
 * NODE_EXTRA_CA_CERTS, as an operator with a private CA would). `rampart login --oidc` runs as in
 * GitHub Actions (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN) and as in GitLab CI (an id_tokens variable).
 * Every abuse case of the issue is sent to that server; each must be refused with its status AND
 * appear in the audit log, which `rampart audit verify` then checks. Nothing secret may reach the
 * server's log (trace level) or the audit export. A minted token must be found by `rampart scan`.
 */

const run = promisify(execFile);
const nowS = () => Math.floor(Date.now() / 1000);
const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

const roots: string[] = [];
const children = new Set<ChildProcess>();
const issuerServers: Server[] = [];
let pg: PrivatePostgres | undefined;

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const s of issuerServers) await new Promise<void>((r) => s.close(() => r()));
  await pg?.stop();
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});


interface Issuers {
  /** https://127.0.0.1:PORT/gh and .../gl: two issuers, one TLS listener. */
  gh: string;
  gl: string;
  /** The GitHub Actions id-token request endpoint (ACTIONS_ID_TOKEN_REQUEST_URL). */
  tokenUrl: string;
  requestToken: string;
  hits: { jwks: number; discovery: number; tokenRequests: { audience: string | null; auth: string | undefined }[] };
  /** Id tokens the endpoint handed out (they must never reach a log). */
  handedOut: string[];
}

/** Discovery + JWKS for both issuers, and GitHub's token endpoint signing with `sign`. */
async function startIssuers(cert: Buffer, key: Buffer, jwk: Record<string, unknown>, sign: (claims: JWTPayload) => Promise<string>, ghClaims: (aud: string) => JWTPayload): Promise<Issuers> {
  const requestToken = `req-${randomBytes(12).toString('hex')}`;
  const out: Issuers = { gh: '', gl: '', tokenUrl: '', requestToken, hits: { jwks: 0, discovery: 0, tokenRequests: [] }, handedOut: [] };
  const server = createHttpsServer({ cert, key }, (req, res) => {
    const u = new URL(req.url ?? '/', out.gh);
    res.setHeader('content-type', 'application/json');
    const m = /^\/(gh|gl)\/(\.well-known\/openid-configuration|keys)$/.exec(u.pathname);
    if (m) {
      const iss = m[1] === 'gh' ? out.gh : out.gl;
      if (m[2] === 'keys') {
        out.hits.jwks++;
        res.end(JSON.stringify({ keys: [jwk] }));
      } else {
        out.hits.discovery++;
        res.end(JSON.stringify({ issuer: iss, jwks_uri: `${iss}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
      }
      return;
    }
    if (u.pathname === '/gh-token') {
      const audience = u.searchParams.get('audience');
      out.hits.tokenRequests.push({ audience, auth: req.headers.authorization });
      if (req.headers.authorization !== `bearer ${requestToken}` || !audience) {
        res.statusCode = 401;
        res.end('{}');
        return;
      }
      void sign(ghClaims(audience)).then((jwt) => {
        out.handedOut.push(jwt);
        res.end(JSON.stringify({ count: 1, value: jwt }));
      });
      return;
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  issuerServers.push(server);
  const base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  out.gh = `${base}/gh`;
  out.gl = `${base}/gl`;
  out.tokenUrl = `${base}/gh-token?api-version=2.0`;
  return out;
}

interface Running {
  url: string;
  stderr: () => string;
  stop(): Promise<number | null>;
}

function startServer(dataDir: string, env: NodeJS.ProcessEnv): Promise<Running> {
  // trace: the most the server ever logs; none of it may carry a secret.
  return startServerProcess({ dataDir, env, children, logLevel: 'trace' });
}

interface Answer {
  status: number;
  json: any;
  requestId: string | null;
}

async function call(url: string, method: string, path: string, o: { token?: string; body?: unknown; raw?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.body !== undefined || o.raw !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(url + path, { method, headers, body: o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body)) });
  const text = await r.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: r.status, json, requestId: r.headers.get('x-request-id') };
}

async function ok(url: string, token: string, method: string, path: string, body?: unknown): Promise<any> {
  const r = await call(url, method, path, { token, body });
  if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path}: HTTP ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

interface AuditLine {
  type: string;
  seq?: number;
  actor?: string;
  action?: string;
  resource?: string;
  outcome?: string;
  detail?: Record<string, any>;
}

describe.each(['sqlite', 'postgres'] as const)('issue 7 end to end on %s: CI OIDC login, abuse refused and audited, no secret in any log (built CLI)', (dialect) => {
  let root: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let srv: Running;
  let url: string;
  let admin: string;
  let issuers: Issuers;
  let rsa: { privateKey: CryptoKey; publicKey: CryptoKey };
  let publicPem: string;
  const secretValue = `s3cr3t-${randomBytes(9).toString('hex')}`;
  /** Everything that must never be printed by the server or kept in the audit log. */
  const secrets: string[] = [secretValue];
  /** Refusals expected in the audit log: request id -> what they were. */
  const refusals = new Map<string, { what: string; status: number }>();
  /** The request id the 429 answer carried. */
  let rateLimited: string | null | undefined;

  const sign = (claims: JWTPayload, alg = 'RS256', kid = 'k1') => new SignJWT(claims).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(rsa.privateKey);

  const githubClaims = (aud: string, over: JWTPayload = {}): JWTPayload => ({
    iss: issuers.gh,
    aud,
    sub: 'repo:acme/shop:environment:prod',
    jti: randomUUID(),
    iat: nowS() - 5,
    nbf: nowS() - 5,
    exp: nowS() + 300,
    repository: 'acme/shop',
    repository_id: '1001',
    repository_owner: 'acme',
    repository_owner_id: '42',
    ref: 'refs/heads/main',
    ref_type: 'branch',
    environment: 'prod',
    workflow_ref: 'acme/shop/.github/workflows/deploy.yml@refs/heads/main',
    job_workflow_ref: 'acme/shop/.github/workflows/deploy.yml@refs/heads/main',
    event_name: 'push',
    runner_environment: 'github-hosted',
    ...over,
  });
  /** Claims in the shape GitLab CI gives an `id_tokens:` variable. */
  const gitlabClaims = (over: JWTPayload = {}): JWTPayload => ({
    iss: issuers.gl,
    aud: url,
    sub: 'project_path:acme/shop:ref_type:branch:ref:main',
    jti: randomUUID(),
    iat: nowS() - 5,
    nbf: nowS() - 5,
    exp: nowS() + 300,
    namespace_id: '7',
    namespace_path: 'acme',
    project_id: '2002',
    project_path: 'acme/shop',
    user_login: 'dev',
    pipeline_source: 'push',
    ref: 'main',
    ref_type: 'branch',
    ref_protected: 'true',
    environment: 'production',
    ...over,
  });

  /** Posts an id token to the public exchange route; records the refusal for the audit check. */
  async function exchange(what: string, jwt: string, expected: number, project = 'shop', role = 'deployer'): Promise<Answer> {
    secrets.push(jwt);
    const r = await call(url, 'POST', '/api/v1/auth/oidc/exchange', { body: { token: jwt, project, role } });
    expect(r.status, `${what}: ${JSON.stringify(r.json)}`).toBe(expected);
    if (r.json?.token) secrets.push(r.json.token);
    if (expected >= 400) refusals.set(r.requestId!, { what, status: expected });
    return r;
  }

  const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCli(args, { env: { ...env, ...extra }, cwd: root });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'rampart-e2e-oidc-'));
    roots.push(root);
    dataDir = join(root, 'data');
    const home = join(root, 'home');
    mkdirSync(home);
    const cert = join(root, 'issuer.pem');
    const key = join(root, 'issuer.key');
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert,
      '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ]);
    rsa = await generateKeyPair('RS256');
    publicPem = await exportSPKI(rsa.publicKey);
    const jwk = { ...(await exportJWK(rsa.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    issuers = await startIssuers(readFileSync(cert), readFileSync(key), jwk, (c) => sign(c), (aud) => githubClaims(aud));
    // The test issuers listen on 127.0.0.1, which the server refuses unless told otherwise.
    // No CI identity of the machine running the tests either: each test sets the one it plays.
    env = serverEnv(home, { XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local'), NODE_EXTRA_CA_CERTS: cert, RAMPART_OIDC_ALLOW_PRIVATE_ISSUERS: '1' }, [
      'RAMPART_ID_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'GITLAB_CI', 'GITHUB_ACTIONS',
    ]);
    if (dialect === 'postgres') {
      pg ??= await startPostgres();
      env.DATABASE_URL = await pg.createDatabase();
    }

    const init = await cli(['server', 'init', '--data-dir', dataDir]);
    expect(init.code, init.stderr).toBe(0);
    admin = init.stdout.trim();
    expect(admin).toMatch(/^rmp_u_[0-9A-Za-z]{49}$/); // printed once, alone on stdout
    expect(init.stderr).not.toContain(admin);
    expect(init.stderr).toContain(dialect === 'postgres' ? '(PostgreSQL)' : '(SQLite)');
    secrets.push(admin);
    srv = await startServer(dataDir, env);
    url = srv.url;

    await ok(url, admin, 'POST', '/api/v1/projects', { name: 'shop' });
    await ok(url, admin, 'POST', '/api/v1/projects', { name: 'other' });
    await ok(url, admin, 'PUT', '/api/v1/projects/shop/secrets/db/password', { value: secretValue });
    await ok(url, admin, 'PUT', '/api/v1/projects/other/secrets/api/key', { value: secretValue });
    // Every condition kind of the issue, over both claim shapes.
    await ok(url, admin, 'POST', '/api/v1/projects/shop/oidc-policies', {
      name: 'github-deploy', issuer: issuers.gh, audience: url, role: 'deployer',
      conditions: { sub: 'repo:acme/shop:environment:*', repository: 'acme/shop', repository_id: '1001', repository_owner_id: '42', ref: 'refs/heads/main', environment: 'prod', job_workflow_ref: 'acme/shop/.github/workflows/*@refs/heads/main' },
    });
    await ok(url, admin, 'POST', '/api/v1/projects/other/oidc-policies', { name: 'other-deploy', issuer: issuers.gh, audience: url, role: 'deployer', conditions: { repository: 'acme/other' } });
    await ok(url, admin, 'POST', '/api/v1/projects', { name: 'no-trust' });
    await ok(url, admin, 'POST', '/api/v1/projects/shop/oidc-policies', {
      name: 'gitlab-deploy', issuer: issuers.gl, audience: url, role: 'deployer',
      conditions: { sub: 'project_path:acme/shop:ref_type:branch:ref:main', project_path: 'acme/shop', namespace_id: '7', ref_protected: 'true' },
    });
  }, 90_000);

  it('refuses trust policies without a subject or repository constraint, and caps the token life at 15 minutes', async () => {
    const loose = await call(url, 'POST', '/api/v1/projects/shop/oidc-policies', { token: admin, body: { name: 'loose', issuer: issuers.gh, audience: url, role: 'deployer', conditions: { ref: 'refs/heads/main', environment: 'prod' } } });
    expect(loose.status).toBe(400);
    expect(loose.json.error.message).toMatch(/sub|repository/);
    const long = await call(url, 'POST', '/api/v1/projects/shop/oidc-policies', { token: admin, body: { name: 'long', issuer: issuers.gh, audience: url, role: 'viewer', conditions: { repository: 'acme/shop' }, maxTtlSeconds: 3600 } });
    if (long.status === 201) expect(long.json.maxTtlSeconds).toBeLessThanOrEqual(900);
    else expect(long.status).toBe(400);
    const listed = await ok(url, admin, 'GET', '/api/v1/projects/shop/oidc-policies');
    expect((listed as { name: string }[]).map((p) => p.name)).not.toContain('loose');
  });

  it('rampart login --oidc in GitHub Actions: asks the token endpoint with the server as audience, gets a 10-minute CI token for its project only', async () => {
    const gha = { GITHUB_ACTIONS: 'true', ACTIONS_ID_TOKEN_REQUEST_URL: issuers.tokenUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuers.requestToken };
    secrets.push(issuers.requestToken);
    const before = Date.now();
    const login = await cli(['login', '--oidc', '--server', url, '--project', 'shop', '--role', 'deployer'], gha);
    expect(login.code, login.stderr).toBe(0);
    expect(issuers.hits.tokenRequests.at(-1)).toEqual({ audience: url, auth: `bearer ${issuers.requestToken}` });
    secrets.push(...issuers.handedOut);

    const creds = JSON.parse(readFileSync(join(env.XDG_CONFIG_HOME!, 'rampart', 'credentials.json'), 'utf8')) as { logins?: Record<string, { token: string; expiresAt?: string; kind: string }> } & Record<string, unknown>;
    const saved = JSON.stringify(creds);
    const ciToken = /rmp_c_[0-9A-Za-z]{49}/.exec(saved)?.[0];
    expect(ciToken).toBeDefined();
    secrets.push(ciToken!);
    expect(login.stdout + login.stderr).not.toContain(ciToken!);
    // Default life 10 minutes (server clock; bounds wide enough for a slow machine).
    const expiresAt = Date.parse(/"expiresAt":"([^"]+)"/.exec(saved)![1]!);
    expect(expiresAt - before).toBeGreaterThan(9 * 60_000);
    expect(expiresAt - before).toBeLessThanOrEqual(10 * 60_000 + 5_000);

    // The stored CI login works for the vault of its project, with the deployer role.
    const got = await cli(['secrets', 'get', '--project', 'shop', 'db/password']);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout.trim()).toBe(secretValue);
    // Another project's secrets: 403, refused and audited.
    const other = await call(url, 'GET', '/api/v1/projects/other/secrets/api/key', { token: ciToken });
    expect(other.status).toBe(403);
    refusals.set(other.requestId!, { what: "CI token reading another project's secret", status: 403 });
    // Deployer may not write policies.
    const write = await call(url, 'PUT', '/api/v1/projects/shop/policies/p', { token: ciToken, body: { document: {} } });
    expect(write.status).toBe(403);
    refusals.set(write.requestId!, { what: 'CI token writing a policy', status: 403 });
  });

  it('rampart login --oidc in GitLab CI: reads RAMPART_ID_TOKEN, or the variable --token-env names; a replayed id token is refused', async () => {
    const jwt = await sign(gitlabClaims());
    secrets.push(jwt);
    const login = await cli(['login', '--oidc', '--server', url, '--project', 'shop', '--role', 'deployer'], { GITLAB_CI: 'true', RAMPART_ID_TOKEN: jwt });
    expect(login.code, login.stderr).toBe(0);
    const got = await cli(['secrets', 'get', '--project', 'shop', 'db/password']);
    expect(got.stdout.trim()).toBe(secretValue);

    const jwt2 = await sign(gitlabClaims());
    secrets.push(jwt2);
    const named = await cli(['login', '--oidc', '--server', url, '--project', 'shop', '--role', 'deployer', '--token-env', 'SHOP_ID_TOKEN'], { GITLAB_CI: 'true', SHOP_ID_TOKEN: jwt2 });
    expect(named.code, named.stderr).toBe(0);

    const replay = await cli(['login', '--oidc', '--server', url, '--project', 'shop', '--role', 'deployer'], { GITLAB_CI: 'true', RAMPART_ID_TOKEN: jwt });
    expect(replay.code).toBe(2);
    expect(replay.stderr).toMatch(/refused/);
    expect(replay.stderr).not.toContain(jwt);
    const creds = readFileSync(join(env.XDG_CONFIG_HOME!, 'rampart', 'credentials.json'), 'utf8');
    for (const t of creds.match(/rmp_c_[0-9A-Za-z]{49}/g) ?? []) secrets.push(t);
  });

  it('refuses every bad id token of the issue with the right status', async () => {
    const t = nowS();
    await exchange('expired', await sign(githubClaims(url, { iat: t - 900, nbf: t - 900, exp: t - 600 })), 401);
    await exchange('not yet valid', await sign(githubClaims(url, { nbf: t + 600, exp: t + 900 })), 401);
    await exchange('issued in the future', await sign(githubClaims(url, { iat: t + 600, nbf: t - 5 })), 401);
    await exchange('wrong audience', await sign(githubClaims('https://someone-else.example')), 401);
    await exchange('wrong issuer', await sign(githubClaims(url, { iss: 'https://token.actions.githubusercontent.com' })), 401);
    const claims = githubClaims(url);
    await exchange('alg none', `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`, 401);
    const hsInput = `${b64url({ alg: 'HS256', kid: 'k1', typ: 'JWT' })}.${b64url(githubClaims(url))}`;
    await exchange('HS256 keyed with the public key', `${hsInput}.${createHmac('sha256', publicPem).update(hsInput).digest('base64url')}`, 401);
    await exchange('unknown signing key id', await sign(githubClaims(url), 'RS256', 'k-unknown'), 401);
    const good = await sign(githubClaims(url));
    await exchange('first use', good, 200);
    await exchange('replayed jti', good, 401);
    await exchange('a branch the policy does not trust', await sign(githubClaims(url, { ref: 'refs/heads/feature', sub: 'repo:acme/shop:ref:refs/heads/feature' })), 403);
    await exchange("another project's policy (it trusts another repository)", await sign(githubClaims(url)), 403, 'other');
    // A project that trusts no issuer and a project that does not exist answer alike.
    const none = await exchange('a project with no trust policy', await sign(githubClaims(url)), 401, 'no-trust');
    const missing = await exchange('an unknown project', await sign(githubClaims(url)), 401, 'no-such-project');
    expect(missing.json).toEqual(none.json);
    // No policy of the project grants the role asked for: no candidate policy, like an unknown project.
    await exchange('a role no policy grants', await sign(githubClaims(url)), 401, 'shop', 'admin');
    // JWKS cached: many verifications, one fetch of the keys per issuer (plus at most one
    // cooldown-limited refetch for the unknown kid).
    expect(issuers.hits.jwks).toBeLessThanOrEqual(3);
  });

  it('refuses revoked and disabled accounts, oversized bodies and brute force, without telling tokens apart', async () => {
    // People get their first token only from the database today (see the report); a project
    // service account shows revocation and disabling through the API alone.
    const sa = await ok(url, admin, 'POST', '/api/v1/projects/shop/service-accounts', { name: 'pipeline' });
    await ok(url, admin, 'POST', '/api/v1/projects/shop/role-bindings', { principalKind: 'service_account', principalId: sa.id, role: 'developer' });
    const t1 = await ok(url, admin, 'POST', `/api/v1/projects/shop/service-accounts/${sa.id}/tokens`, { name: 'one', role: 'developer' });
    const t2 = await ok(url, admin, 'POST', `/api/v1/projects/shop/service-accounts/${sa.id}/tokens`, { name: 'two', role: 'developer' });
    secrets.push(t1.token, t2.token);
    expect(t1.token).toMatch(/^rmp_s_/);
    expect((await call(url, 'GET', '/api/v1/projects/shop/secrets/db/password', { token: t1.token })).status).toBe(200);
    await ok(url, admin, 'DELETE', `/api/v1/projects/shop/tokens/${t1.id}`);
    const revoked = await call(url, 'GET', '/api/v1/projects/shop/secrets/db/password', { token: t1.token });
    expect(revoked.status).toBe(401);
    refusals.set(revoked.requestId!, { what: 'revoked token', status: 401 });
    expect((await call(url, 'GET', '/api/v1/projects/shop/secrets/db/password', { token: t2.token })).status).toBe(200);
    await ok(url, admin, 'POST', `/api/v1/projects/shop/service-accounts/${sa.id}/disable`);
    const disabled = await call(url, 'GET', '/api/v1/projects/shop/secrets/db/password', { token: t2.token });
    expect(disabled.status).toBe(401);
    refusals.set(disabled.requestId!, { what: 'token of a disabled account', status: 401 });
    expect(JSON.stringify(disabled.json)).toBe(JSON.stringify(revoked.json));

    const big = await call(url, 'PUT', '/api/v1/projects/shop/secrets/big', { token: admin, raw: JSON.stringify({ value: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(big.status).toBe(413);
    refusals.set(big.requestId!, { what: 'oversized body', status: 413 });

    // Brute force: an unknown token and a well-formed guess get the same answer, then 429.
    const answers: string[] = [];
    let limited: Answer | undefined;
    for (let i = 0; i < 40 && !limited; i++) {
      const guess = i % 2 ? `rmp_u_${randomBytes(37).toString('base64url').replace(/[-_]/g, 'a').slice(0, 49)}` : 'not-a-token-at-all';
      const r = await call(url, 'GET', '/api/v1/whoami', { token: guess });
      if (r.status === 429) limited = r;
      else {
        expect(r.status).toBe(401);
        answers.push(JSON.stringify(r.json));
        refusals.set(r.requestId!, { what: 'guessed token', status: 401 });
      }
    }
    expect(new Set(answers).size).toBe(1);
    expect(limited, 'no 429 after 40 failed logins').toBeDefined();
    expect(limited!.json.error.code).toBe('E_RATE_LIMITED');
    rateLimited = limited!.requestId;
  });

  it("rampart's own secret scanner finds a minted token in a file", async () => {
    const dir = join(root, 'leak');
    mkdirSync(dir);
    const ci = secrets.find((s) => s.startsWith('rmp_c_'))!;
    writeFileSync(join(dir, 'deploy.sh'), `#!/bin/sh\nexport RAMPART_TOKEN=${admin}\ncurl -H "authorization: Bearer ${ci}" "$S"\n`);
    const scan = await cli(['scan', dir, '--scanners', 'secrets', '--format', 'json']);
    expect(scan.code, scan.stderr).toBe(1);
    const report = JSON.parse(scan.stdout) as { findings: { ruleId: string; location: { startLine: number } }[] };
    const rampart = report.findings.filter((f) => f.ruleId.startsWith('secrets/rampart/'));
    expect(rampart.map((f) => f.location.startLine).sort()).toEqual([2, 3]);
    expect(scan.stdout + scan.stderr).not.toContain(admin);
    expect(scan.stdout + scan.stderr).not.toContain(ci);
  });

  it('every refusal is in the audit log, the log verifies, and no token, id token or secret value is in the server log or the audit export', async () => {
    // Enough entries that the export overflows a pipe buffer, for the closed-pipe check below.
    for (let i = 0; i < 150; i++) expect((await call(url, 'GET', '/api/v1/health')).status).toBe(200);
    expect(await srv.stop()).toBe(0);

    const exp = await cli(['audit', 'export', '--data-dir', dataDir, '--with-proofs']);
    expect(exp.code, exp.stderr).toBe(0);
    const lines = exp.stdout.trim().split('\n').map((l) => JSON.parse(l) as AuditLine);
    const entries = lines.filter((l) => l.type === 'entry');
    expect(lines.some((l) => l.type === 'checkpoint')).toBe(true); // a signed checkpoint at least on stop
    const byRequest = new Map<string, AuditLine[]>();
    for (const e of entries) {
      const id = e.detail?.requestId;
      if (typeof id === 'string') byRequest.set(id, [...(byRequest.get(id) ?? []), e]);
    }
    expect(refusals.size).toBeGreaterThan(20);
    for (const [id, r] of refusals) {
      const found = byRequest.get(id) ?? [];
      expect(found.length, `${r.what}: no audit entry`).toBeGreaterThan(0);
      expect(found.some((e) => e.outcome !== 'allow' && e.outcome !== 'ok'), `${r.what}: audited as allowed: ${JSON.stringify(found)}`).toBe(true);
    }
    // The brute-force block is audited too, under the request id its answer carried.
    const blocked = entries.filter((e) => e.detail?.status === 429 && e.outcome === 'deny' && e.detail?.code === 'E_RATE_LIMITED');
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked.map((e) => e.detail!.requestId)).toContain(rateLimited);
    // OIDC refusals say why, with the claims the caller made (never the token).
    const oidc = entries.filter((e) => e.action === 'oidc.exchange' && e.outcome === 'deny');
    expect(oidc.map((e) => e.detail!.code)).toEqual(expect.arrayContaining(['E_OIDC_CLAIMS']));
    expect(entries.filter((e) => e.action === 'oidc.exchange' && e.outcome === 'allow').length).toBeGreaterThanOrEqual(4);

    const verify = await cli(['audit', 'verify', '--data-dir', dataDir]);
    expect(verify.code, verify.stderr + verify.stdout).toBe(0);

    const serverLog = srv.stderr();
    expect(serverLog.length).toBeGreaterThan(1000);
    for (const s of new Set(secrets)) {
      // The signature of an id token alone would let nobody in, but the whole token must not be kept either.
      expect(serverLog.includes(s), `server log holds ${s.slice(0, 10)}…`).toBe(false);
      expect(exp.stdout.includes(s), `audit export holds ${s.slice(0, 10)}…`).toBe(false);
    }
    expect(serverLog).not.toContain(issuers.requestToken);

    // A reader that stops early (`| head -1`) ends the export without an error.
    const child = spawn(process.execPath, [BIN, 'audit', 'export', '--data-dir', dataDir, '--with-proofs'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.once('data', () => child.stdout!.destroy());
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(err).not.toMatch(/internal error|EPIPE/);
    expect(code).toBe(0);
  }, 60_000);
});

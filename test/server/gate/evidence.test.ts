import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerDeploy } from '../../../src/cli/deploy.js';
import { RampartError } from '../../../src/core/errors.js';
import { buildServer } from '../../../src/server/app.js';
import { AuditLog } from '../../../src/server/audit/log.js';
import { findingsRoutes } from '../../../src/server/findings/routes.js';
import { gateRoutes } from '../../../src/server/gate/routes.js';
import { EXCHANGE_PATH, exchangePlugin } from '../../../src/server/identity/exchange.js';
import { IssuerKeys } from '../../../src/server/identity/oidc.js';
import { newToken } from '../../../src/server/identity/tokens.js';
import { seedBuiltinRoles } from '../../../src/server/init.js';
import type { Store } from '../../../src/store/db.js';
import { isoNow } from '../../../src/store/schema.js';
import { openDialectStore, type PrivatePostgres } from '../../helpers/postgres.js';
import { rampartReport } from '../findings/fixtures.js';
import { auditOf } from './harness.js';
import { startIssuer } from '../../helpers/oidc-issuer.js';

/**
 * The gate's evidence rule (gate/evidence.ts) end to end: CI tokens from a real OIDC exchange (an
 * issuer on 127.0.0.1 with a key made here), scans uploaded by people and by CI jobs, and
 * environments whose policy counts `ci` evidence or `any`.
 */

const AUD = 'https://rampart.test';
const SHA = 'a1'.repeat(20);
const OTHER_SHA = 'b2'.repeat(20);
const digest = (c: string) => 'sha256:' + c.repeat(64);
const nowS = () => Math.floor(Date.now() / 1000);

describe.each(['sqlite', 'postgres'] as const)('scan evidence for the gate on %s', (dialect) => {
  let pg: PrivatePostgres | undefined;
  let dir: string;
  let store: Store;
  let log: AuditLog;
  let app: FastifyInstance;
  let base: string;
  let issuer: Awaited<ReturnType<typeof startIssuer>>;
  let key: { privateKey: CryptoKey; publicKey: CryptoKey };
  const tokens: Record<string, string> = {};

  const sign = (repo: string, sha: string | undefined) =>
    new SignJWT({
      iss: issuer.url, aud: AUD, sub: `repo:${repo}:ref:refs/heads/main`, jti: randomUUID(), iat: nowS() - 5, nbf: nowS() - 5, exp: nowS() + 300,
      repository: repo, ref: 'refs/heads/main', ...(sha ? { sha } : {}),
    } satisfies JWTPayload)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'JWT' })
      .sign(key.privateKey);

  async function call(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; json: any }> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, json: await r.json().catch(() => null) };
  }
  /** A CI token for `project` from a job of `repo` whose id token names commit `sha` (or none). */
  async function ciToken(project: string, repo: string, sha: string | undefined): Promise<{ token: string; tokenId: string }> {
    const r = await call('POST', EXCHANGE_PATH, null, { token: await sign(repo, sha), project, role: 'scanner' });
    expect(r.status).toBe(200);
    return r.json;
  }
  const upload = (token: string, commit: string, imageDigest: string, findings: { fp: string; severity: string }[] = []) =>
    call('POST', '/api/v1/projects/shop/scans', token, { commit, imageDigest, report: rampartReport(findings, ['sast']) });
  const check = async (env: string, imageDigest: string, commit: string) => {
    const r = await call('POST', '/api/v1/deployments/check', tokens.alice!, { project: 'shop', env, imageDigest, commit });
    expect(r.status).toBe(200);
    return r.json as { id: string; decision: 'allow' | 'deny'; reasons: { code: string; message: string }[] };
  };
  const codes = (r: { reasons: { code: string }[] }) => r.reasons.map((x) => x.code);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-evidence-'));
    key = await generateKeyPair('RS256');
    issuer = await startIssuer({ ...(await exportJWK(key.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' });
    ({ store, pg } = await openDialectStore(dialect, join(dir, 'data')));
    const now = isoNow();
    const db = store.db;
    await seedBuiltinRoles(db, now);
    await db.insertInto('projects').values([
      { id: 'p1', name: 'shop', description: null, created_at: now },
      { id: 'p2', name: 'other', description: null, created_at: now },
    ]).execute();
    // What a pipeline that scans gets (README): upload scans, nothing else.
    await db.insertInto('roles').values({ id: 'r-scanner', name: 'scanner', project_id: null, permissions: JSON.stringify(['projects:read', 'findings:write']), description: null, builtin: 0, created_at: now }).execute();
    const policy = (id: string, project: string, repo: string) => ({
      id, project_id: project, name: id, issuer: issuer.url, audience: AUD, conditions: JSON.stringify({ repository: repo }), role_id: 'r-scanner', max_ttl_s: 600, disabled_at: null, created_at: now,
    });
    await db.insertInto('oidc_trust_policies').values([policy('gha-shop', 'p1', 'acme/shop'), policy('gha-other', 'p2', 'acme/other')]).execute();
    // alice deploys shop (deployer); dave develops it; sec sets its policies.
    for (const [name, role, project] of [['alice', 'deployer', 'p1'], ['dave', 'developer', 'p1'], ['sec', 'security-admin', 'p1']] as const) {
      await db.insertInto('users').values({ id: `u-${name}`, username: name, display_name: null, password_hash: null, disabled_at: null, created_at: now }).execute();
      await db.insertInto('role_bindings').values({ id: `b-${name}`, principal_kind: 'user', principal_id: `u-${name}`, role_id: role, project_id: project, created_by: null, created_at: now }).execute();
      const t = newToken('user');
      await db.insertInto('api_tokens').values({ id: `t-${name}`, prefix: t.prefix, hash: t.hash, owner_kind: 'user', owner_id: `u-${name}`, name: 'test', role_id: null, project_id: null, expires_at: null, revoked_at: null, last_used_at: null, created_at: now }).execute();
      tokens[name] = t.token;
    }
    log = await AuditLog.open(store, { signingKey: generateKeyPairSync('ed25519').privateKey, checkpointEvery: 1_000_000 });
    app = await buildServer({
      store,
      logger: false,
      plugins: [findingsRoutes({ store, audit: log }), gateRoutes({ store, audit: log })],
      publicPlugins: [exchangePlugin({ store, audit: log, keys: new IssuerKeys({ allowInsecureLoopback: true, timeoutMs: 2000 }), allowInsecureLoopback: true, rateLimit: { max: 1000, timeWindow: 60_000 } })],
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    const doc = { requiredScanners: ['sast'], maxOpenSeverity: { sast: 'medium' } };
    expect((await call('PUT', '/api/v1/projects/shop/policies/pipeline', tokens.sec!, { document: doc })).json.document.evidence).toBe('ci'); // the default
    expect((await call('PUT', '/api/v1/projects/shop/policies/anyone', tokens.sec!, { document: { ...doc, evidence: 'any' } })).status).toBe(201);
    expect((await call('PUT', '/api/v1/projects/shop/environments/prod', tokens.sec!, { policy: 'pipeline' })).status).toBe(201);
    expect((await call('PUT', '/api/v1/projects/shop/environments/dev', tokens.sec!, { policy: 'anyone' })).status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await log?.close();
    await store?.close();
    await pg?.stop();
    await new Promise<void>((r) => (issuer ? issuer.server.close(() => r()) : r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('a deployer cannot upload scans at all; a policy refuses an unknown evidence mode', async () => {
    const r = await upload(tokens.alice!, SHA, digest('1'));
    expect(r.status).toBe(403);
    expect(r.json.error.message).toMatch(/findings:write/);
    const bad = await call('PUT', '/api/v1/projects/shop/policies/bad', tokens.sec!, { document: { evidence: 'people' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^invalid policy: evidence: /);
  });

  it("a person's clean upload does not satisfy a ci environment, and the decision says why; an any environment takes it as before", async () => {
    expect((await upload(tokens.dave!, SHA, digest('2'))).status).toBe(201);
    const scan = await store.db.selectFrom('scans').selectAll().where('image_digest', '=', digest('2')).executeTakeFirstOrThrow();
    expect(scan).toMatchObject({ uploaded_by: 'user:u-dave', uploader_kind: 'user', uploader_name: 'dave', uploader_token_id: 't-dave', uploader_policy_id: null, uploader_sha: null });

    const prod = await check('prod', digest('2'), SHA);
    expect(prod.decision).toBe('deny');
    expect(codes(prod)).toEqual(['missing-scan', 'not-evidence']);
    expect(prod.reasons[1]!.message).toBe(`scan ${scan.id} uploaded by user dave is not CI evidence: this environment counts only scans a CI job of the project uploads (OIDC exchange)`);
    const dev = await check('dev', digest('2'), SHA);
    expect(dev).toMatchObject({ decision: 'allow', reasons: [{ code: 'ok', message: 'required scans present (sast); open findings within limits' }] });
    expect(dev.reasons).toHaveLength(1);

    // Stored and audited with the reasons, like every decision.
    const entry = (await auditOf(store, 'deploy.check')).find((e) => JSON.parse(e.detail).decisionId === prod.id)!;
    expect(entry.outcome).toBe('deny');
    expect(JSON.parse(entry.detail).reasons).toEqual(prod.reasons);
    const row = await store.db.selectFrom('deployment_decisions').select('reasons').where('id', '=', prod.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.reasons)).toEqual(prod.reasons);
  });

  it("a CI job's upload satisfies a ci environment; its findings are the ones judged, not a later person's clean report", async () => {
    const ci = await ciToken('shop', 'acme/shop', SHA);
    const up = await upload(ci.token, SHA, digest('3'), [{ fp: 'h1', severity: 'high' }]);
    expect(up.status).toBe(201);
    const scan = await store.db.selectFrom('scans').selectAll().where('id', '=', up.json.scanId).executeTakeFirstOrThrow();
    expect(scan).toMatchObject({ uploaded_by: 'oidc_policy:gha-shop', uploader_kind: 'oidc_policy', uploader_name: 'gha-shop', uploader_token_id: ci.tokenId, uploader_policy_id: 'gha-shop', uploader_sha: SHA });
    const audited = (await auditOf(store, 'scan.upload')).find((e) => e.resource.endsWith(up.json.scanId))!;
    expect(JSON.parse(audited.detail).uploader).toEqual({ kind: 'oidc_policy', tokenId: ci.tokenId, policyId: 'gha-shop', sha: SHA });

    let prod = await check('prod', digest('3'), SHA);
    expect(prod).toMatchObject({ decision: 'deny', reasons: [{ code: 'severity', message: '1 open high sast finding (at most medium may stay open)' }] });

    // A newer clean report by a person is ignored (and named); the CI scan's finding still stands.
    expect((await upload(tokens.dave!, SHA, digest('3'))).status).toBe(201);
    prod = await check('prod', digest('3'), SHA);
    expect(codes(prod)).toEqual(['severity', 'not-evidence']);
    // Under `any` the newest scan speaks, as before: the person's clean report clears it.
    expect((await check('dev', digest('3'), SHA)).decision).toBe('allow');

    // The pipeline's next clean scan allows, and the allow still names what it ignored.
    expect((await upload(ci.token, SHA, digest('3'))).status).toBe(201);
    prod = await check('prod', digest('3'), SHA);
    expect(prod.decision).toBe('allow');
    expect(codes(prod)).toEqual(['ok', 'not-evidence']);
    expect(prod.reasons[0]!.message).toContain('only scans uploaded by a CI job of the project counted');
  });

  it("a CI token of another project's trust policy cannot upload here, and such a scan would not count", async () => {
    const other = await ciToken('other', 'acme/other', SHA);
    expect((await upload(other.token, SHA, digest('4'))).status).toBe(403);
    // Defence in depth: a scan row that names another project's trust policy is not evidence.
    await store.db.insertInto('scans').values({
      id: 'forged', project_id: 'p1', commit: SHA, image_digest: digest('4'), scanners: '["sast"]', uploaded_by: 'oidc_policy:gha-other', created_at: new Date(Date.now() - 1000).toISOString(),
      uploader_kind: 'oidc_policy', uploader_name: 'gha-other', uploader_token_id: other.tokenId, uploader_policy_id: 'gha-other', uploader_sha: SHA,
    }).execute();
    const prod = await check('prod', digest('4'), SHA);
    expect(prod.decision).toBe('deny');
    expect(prod.reasons).toEqual([
      { code: 'missing-scan', message: `no sast scan of commit ${SHA} or image ${digest('4')} in the last 168 h` },
      { code: 'not-evidence', message: 'scan forged is not CI evidence: it was uploaded under CI trust policy gha-other, which is not a trust policy of this project' },
    ]);
  });

  it("a scan of another commit than the CI job's is refused; a job whose id token names no commit is not bound to one", async () => {
    const ci = await ciToken('shop', 'acme/shop', SHA);
    const up = await upload(ci.token, OTHER_SHA, digest('5'));
    expect(up.status).toBe(201);
    const prod = await check('prod', digest('5'), OTHER_SHA);
    expect(codes(prod)).toEqual(['missing-scan', 'not-evidence']);
    expect(prod.reasons[1]!.message).toBe(`scan ${up.json.scanId} is not CI evidence: it names commit ${OTHER_SHA}, but the CI job that uploaded it ran for commit ${SHA}`);

    const unbound = await ciToken('shop', 'acme/shop', undefined);
    expect((await store.db.selectFrom('api_tokens').select('ci_sha').where('id', '=', unbound.tokenId).executeTakeFirstOrThrow()).ci_sha).toBeNull();
    expect((await upload(unbound.token, OTHER_SHA, digest('5'))).status).toBe(201);
    expect(codes(await check('prod', digest('5'), OTHER_SHA))).toEqual(['ok', 'not-evidence']);
  });

  it('however many scans people upload, they neither stand in for nor crowd out the pipeline scan; the decision names the newest', async () => {
    const ci = await ciToken('shop', 'acme/shop', SHA);
    const up = await upload(ci.token, SHA, digest('8'), [{ fp: 'h8', severity: 'high' }]);
    expect(up.status).toBe(201);
    const hourAgo = Date.now() - 3_600_000;
    await store.db.updateTable('scans').set({ created_at: new Date(hourAgo).toISOString() }).where('id', '=', up.json.scanId).execute();
    // More clean reports than the gate reads of one image (MAX_TARGET_SCANS), all newer than the CI scan.
    const rows = Array.from({ length: 1100 }, (_, n) => ({
      id: `bulk-${String(n).padStart(4, '0')}`, project_id: 'p1', commit: SHA, image_digest: digest('8'), scanners: '["sast"]', uploaded_by: 'user:u-dave', created_at: new Date(hourAgo + 1000 + n).toISOString(),
      uploader_kind: 'user' as const, uploader_name: 'dave', uploader_token_id: 't-dave', uploader_policy_id: null, uploader_sha: null,
    }));
    for (let i = 0; i < rows.length; i += 500) await store.db.insertInto('scans').values(rows.slice(i, i + 500)).execute();
    const v = await check('prod', digest('8'), SHA);
    expect(v.decision).toBe('deny');
    expect(codes(v)).toEqual(['severity', ...Array<string>(11).fill('not-evidence')]);
    expect(v.reasons[1]!.message).toMatch(/^scan bulk-1099 uploaded by user dave is not CI evidence/);
    expect(v.reasons.at(-1)!.message).toBe('older scans of this deployment are not counted as CI evidence either (only the newest are named)');
    // Under `any` the newest report speaks, as before.
    expect((await check('dev', digest('8'), SHA)).decision).toBe('allow');
  });

  it('a disabled trust policy no longer vouches for its scans', async () => {
    const ci = await ciToken('shop', 'acme/shop', SHA);
    expect((await upload(ci.token, SHA, digest('6'))).status).toBe(201);
    expect((await check('prod', digest('6'), SHA)).decision).toBe('allow');
    await store.db.updateTable('oidc_trust_policies').set({ disabled_at: isoNow() }).where('id', '=', 'gha-shop').execute();
    try {
      const prod = await check('prod', digest('6'), SHA);
      expect(codes(prod)).toEqual(['missing-scan', 'not-evidence']);
      expect(prod.reasons[1]!.message).toMatch(/CI trust policy gha-shop it was uploaded under is disabled$/);
    } finally {
      await store.db.updateTable('oidc_trust_policies').set({ disabled_at: null }).where('id', '=', 'gha-shop').execute();
    }
  });

  it('the API description names the evidence field, the not-evidence reason and what an upload records', async () => {
    const docs = await call('GET', '/api/docs', null);
    expect(docs.status).toBe(200);
    const paths = docs.json.paths;
    const put = paths['/api/v1/projects/{project}/policies/{name}'].put;
    expect(put.requestBody.content['application/json'].schema.properties.document.properties.evidence.description).toMatch(/^Which uploaded scans the gate counts\. ci \(the default/);
    expect(put.responses['201'].content['application/json'].schema.properties.document.properties.evidence.enum).toEqual(['any', 'ci']);
    const checkReasons = paths['/api/v1/deployments/check'].post.responses['200'].content['application/json'].schema.properties.reasons.items.properties.code;
    expect(checkReasons.enum).toContain('not-evidence');
    expect(paths['/api/v1/projects/{project}/scans'].post.description).toMatch(/records who uploaded it/);
  });

  it('rampart deploy check prints the reasons, the ignored scans among them', async () => {
    expect((await upload(tokens.dave!, SHA, digest('7'))).status).toBe(201);
    vi.stubEnv('XDG_CONFIG_HOME', join(dir, 'xdg'));
    vi.stubEnv('RAMPART_TOKEN', tokens.alice!);
    const err: string[] = [];
    let code = -1;
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    const program = new Command('rampart').exitOverride();
    registerDeploy(program, (c) => (code = c));
    try {
      await program.parseAsync(['deploy', 'check', '--project', 'shop', '--env', 'prod', '--server', base, '--image', digest('7'), '--commit', SHA], { from: 'user' });
    } catch (e) {
      code = e instanceof RampartError ? e.exitCode : 99;
    } finally {
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
    }
    expect(code).toBe(1);
    const text = err.join('');
    expect(text).toContain(`deployment of ${digest('7')} to shop/prod: DENY`);
    expect(text).toMatch(/ {2}- scan \S+ uploaded by user dave is not CI evidence/);
    expect(text).not.toContain(tokens.alice!);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingsRoutes } from '../../../src/server/findings/routes.js';
import { gateRoutes } from '../../../src/server/gate/routes.js';
import { rampartReport } from '../findings/fixtures.js';
import { auditOf, DIALECTS, startHarness, type Harness } from './harness.js';

const DIGEST = 'sha256:' + 'c'.repeat(64);
const OTHER_DIGEST = 'sha256:' + 'd'.repeat(64);
const COMMIT = 'bbbbbbb1';

describe.each(DIALECTS)('gate routes on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, (store, audit) => [findingsRoutes({ store, audit }), gateRoutes({ store, audit })]);
  }, 60_000);
  afterAll(async () => h?.close());

  const check = (token: string, body: unknown) => h.call('POST', '/api/v1/deployments/check', token, body);
  const putPolicy = (token: string, name: string, document: unknown) => h.call('PUT', `/api/v1/projects/shop/policies/${name}`, token, { document });
  const putEnv = (token: string, env: string, body: unknown) => h.call('PUT', `/api/v1/projects/shop/environments/${env}`, token, body);

  it('policies and environments: security-admin manages, developers and viewers read', async () => {
    let r = await putPolicy(h.tokens.sec!, 'strict', { maxOpenSeverity: { '*': 'medium', secrets: 'none' }, requiredScanners: ['secrets', 'sast'], scanWindowHours: 24, evidence: 'any' });
    expect(r.status).toBe(201);
    expect(r.json.document).toMatchObject({ version: 1, requiredScanners: ['secrets', 'sast'], denyExpiredWaivers: true });
    r = await putPolicy(h.tokens.sec!, 'strict', { maxOpenSeverity: { '*': 'medium', secrets: 'none' }, requiredScanners: ['secrets', 'sast'], scanWindowHours: 48, evidence: 'any' });
    expect(r.status).toBe(200);
    expect(r.json.document.scanWindowHours).toBe(48);
    expect((await putPolicy(h.tokens.dev!, 'mine', {})).status).toBe(403);
    const bad = await putPolicy(h.tokens.sec!, 'bad', { maxOpenSeverity: { sast: 'urgent' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('E_BAD_POLICY');
    expect(bad.json.error.message).toContain('maxOpenSeverity.sast');

    r = await putEnv(h.tokens.sec!, 'prod', { policy: 'strict' });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ name: 'prod', policy: 'strict', failClosed: true });
    expect((await putEnv(h.tokens.sec!, 'staging', { policy: 'missing' })).json.error.message).toMatch(/no policy missing/);
    expect((await putEnv(h.tokens.admin!, 'dev', { policy: null, failClosed: false })).status).toBe(201);
    expect((await putEnv(h.tokens.dev!, 'dev', { policy: null })).status).toBe(403);

    const envs = await h.call('GET', '/api/v1/projects/shop/environments', h.tokens.viewer!);
    expect(envs.json.environments.map((e: { name: string; policy: string | null; failClosed: boolean }) => [e.name, e.policy, e.failClosed])).toEqual([['dev', null, false], ['prod', 'strict', true]]);
    const pols = await h.call('GET', '/api/v1/projects/shop/policies', h.tokens.dev!);
    expect(pols.json.policies.map((p: { name: string }) => p.name)).toEqual(['strict']);
    expect((await auditOf(h.store, 'policy.put')).length).toBe(2);
    expect((await auditOf(h.store, 'environment.put')).map((e) => e.actor)).toEqual([h.ids.sec, h.ids.admin]);
  });

  it('denies without the required scans, then allows once scans are in and findings are within limits', async () => {
    let r = await check(h.tokens.dev!, { project: 'shop', env: 'prod', imageDigest: DIGEST, commit: COMMIT });
    expect(r.status).toBe(200);
    expect(r.json.decision).toBe('deny');
    expect(r.json.reasons.map((x: { code: string }) => x.code)).toEqual(['missing-scan', 'missing-scan']);

    // Scans of this commit with a high sast finding (above medium) and nothing else.
    await h.call('POST', '/api/v1/projects/shop/scans', h.tokens.dev!, { commit: COMMIT, report: rampartReport([{ fp: 'g1', severity: 'high' }, { fp: 'g2', severity: 'low' }]) });
    r = await check(h.tokens.dev!, { project: 'shop', env: 'prod', imageDigest: DIGEST, commit: COMMIT });
    expect(r.json).toMatchObject({ decision: 'deny', reasons: [{ code: 'severity', message: '1 open high sast finding (at most medium may stay open)' }] });

    // An approved waiver for the finding lets it through.
    const w = await h.call('POST', '/api/v1/projects/shop/waivers', h.tokens.dev!, { reason: 'mitigated by the WAF rule 12', expiresAt: new Date(Date.now() + 86_400_000).toISOString(), fingerprint: 'g1' });
    r = await check(h.tokens.dev!, { project: 'shop', env: 'prod', imageDigest: DIGEST, commit: COMMIT });
    expect(r.json.decision).toBe('deny'); // still pending
    await h.call('POST', `/api/v1/projects/shop/waivers/${w.json.id}/approve`, h.tokens.sec!);
    r = await check(h.tokens.dev!, { project: 'shop', env: 'prod', imageDigest: DIGEST, commit: COMMIT });
    expect(r.json.decision).toBe('allow');
    expect(r.json.reasons[0].code).toBe('ok');

    // Another image without the commit has no scans: denied.
    r = await check(h.tokens.dev!, { project: 'shop', env: 'prod', imageDigest: OTHER_DIGEST });
    expect(r.json.decision).toBe('deny');

    const rows = await h.store.db.selectFrom('deployment_decisions').selectAll().where('environment', '=', 'prod').orderBy('ts').execute();
    expect(rows.map((x) => x.decision)).toEqual(['deny', 'deny', 'deny', 'allow', 'deny']);
    expect(rows[3]).toMatchObject({ image_digest: DIGEST, commit: COMMIT, actor: h.ids.dev, project_id: 'p1' });
    const audited = await auditOf(h.store, 'deploy.check');
    expect(audited.map((a) => a.outcome)).toEqual(['deny', 'deny', 'deny', 'allow', 'deny']);
    expect(JSON.parse(audited[3]!.detail)).toMatchObject({ decisionId: rows[3]!.id, imageDigest: DIGEST });

    const listed = await h.call('GET', '/api/v1/projects/shop/deployments?env=prod&limit=2', h.tokens.viewer!);
    expect(listed.json.decisions.map((d: { decision: string }) => d.decision)).toEqual(['deny', 'allow']);
    expect(listed.json.decisions[1]).toMatchObject({ actor: h.ids.dev, actorName: 'dev' });
  });

  it('an environment without a policy denies; an unknown environment is 404', async () => {
    const r = await check(h.tokens.dev!, { project: 'shop', env: 'dev', imageDigest: DIGEST });
    expect(r.json).toMatchObject({ decision: 'deny', reasons: [{ code: 'no-policy' }] });
    expect((await check(h.tokens.dev!, { project: 'shop', env: 'nowhere', imageDigest: DIGEST })).status).toBe(404);
  });

  it('a policy an environment uses cannot be deleted; once unused it can, and an environment left without one denies', async () => {
    await putPolicy(h.tokens.sec!, 'open', {});
    await putEnv(h.tokens.sec!, 'qa', { policy: 'open' });
    await putEnv(h.tokens.sec!, 'qa2', { policy: 'open' });
    expect((await check(h.tokens.dev!, { project: 'shop', env: 'qa', imageDigest: DIGEST })).json.decision).toBe('allow');
    const refused = await h.call('DELETE', '/api/v1/projects/shop/policies/open', h.tokens.sec!);
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: 'E_POLICY_IN_USE', message: 'policy open is used by environments qa, qa2: point them at another policy (or delete them) first' });
    expect((await h.call('GET', '/api/v1/projects/shop/environments', h.tokens.viewer!)).json.environments.find((e: { name: string }) => e.name === 'qa').policy).toBe('open');
    expect((await h.call('DELETE', '/api/v1/projects/shop/environments/qa2', h.tokens.sec!)).status).toBe(204);
    expect((await h.call('DELETE', '/api/v1/projects/shop/policies/open', h.tokens.sec!)).json.error.message).toBe('policy open is used by environment qa: point it at another policy (or delete it) first');
    expect((await putEnv(h.tokens.sec!, 'qa', { policy: null })).status).toBe(200);
    expect((await h.call('DELETE', '/api/v1/projects/shop/policies/open', h.tokens.sec!)).status).toBe(204);
    expect((await h.call('DELETE', '/api/v1/projects/shop/policies/open', h.tokens.sec!)).status).toBe(404);
    expect((await check(h.tokens.dev!, { project: 'shop', env: 'qa', imageDigest: DIGEST })).json.reasons[0].code).toBe('no-policy');
    expect((await h.call('DELETE', '/api/v1/projects/shop/environments/qa', h.tokens.sec!)).status).toBe(204);
    expect((await check(h.tokens.dev!, { project: 'shop', env: 'qa', imageDigest: DIGEST })).status).toBe(404);
  });

  it('validates input and permissions', async () => {
    expect((await check(h.tokens.dev!, { project: 'shop', env: 'prod', imageDigest: 'nginx:latest' })).json.error.message).toMatch(/imageDigest/);
    expect((await check(h.tokens.dev!, { project: 'shop', env: 'prod', imageDigest: DIGEST, commit: 'xyz' })).status).toBe(400);
    expect((await check(h.tokens.dev!, { project: 'shop', env: 'Prod!', imageDigest: DIGEST })).status).toBe(400);
    expect((await check(h.tokens.viewer!, { project: 'shop', env: 'prod', imageDigest: DIGEST })).status).toBe(403);
    expect((await check(h.tokens.outsider!, { project: 'shop', env: 'prod', imageDigest: DIGEST })).status).toBe(403);
    expect((await check(h.tokens.dev!, { project: 'other', env: 'prod', imageDigest: DIGEST })).status).toBe(403);
    expect((await h.call('POST', '/api/v1/deployments/check', null, { project: 'shop', env: 'prod', imageDigest: DIGEST })).status).toBe(401);
  });
});

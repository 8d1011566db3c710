import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admissionRoutes, imagesOf, pinnedDigest, podSpecOf } from '../../../src/server/admission/webhook.js';
import { buildServer } from '../../../src/server/app.js';
import { gateRoutes } from '../../../src/server/gate/routes.js';
import { auditOf, DIALECTS, startHarness, type Harness } from '../gate/harness.js';

const ALLOWED = 'sha256:' + '1'.repeat(64);
const DENIED = 'sha256:' + '2'.repeat(64);
const STALE = 'sha256:' + '3'.repeat(64);
const UNKNOWN = 'sha256:' + '4'.repeat(64);
const EVIL = 'sha256:' + '5'.repeat(64);
const REG = 'registry.example.com/shop';

function review(uid: string, kind: string, group: string, object: unknown, operation = 'CREATE') {
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: { group, version: 'v1', kind },
      resource: { group, version: 'v1', resource: kind.toLowerCase() + 's' },
      requestKind: { group, version: 'v1', kind },
      requestResource: { group, version: 'v1', resource: kind.toLowerCase() + 's' },
      name: 'web',
      namespace: 'shop',
      operation,
      userInfo: { username: 'system:serviceaccount:kube-system:replicaset-controller', uid: 'x', groups: ['system:serviceaccounts'] },
      object,
      oldObject: null,
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
    },
  };
}

const pod = (containers: unknown[], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
  spec: { containers, restartPolicy: 'Always', ...extra },
});
const container = (name: string, image: string) => ({ name, image, ports: [{ containerPort: 8080 }] });
const deployment = (podSpec: unknown) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: podSpec } },
});

describe('pod specs and image digests', () => {
  it('finds the pod spec of every workload kind and every container list', () => {
    const spec = { containers: [container('a', 'x@' + ALLOWED)], initContainers: [container('i', 'y:1')], ephemeralContainers: [container('e', 'busybox')] };
    expect(podSpecOf('Pod', { spec })).toBe(spec);
    for (const k of ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet']) expect(podSpecOf(k, { spec: { template: { spec } } })).toBe(spec);
    expect(podSpecOf('CronJob', { spec: { jobTemplate: { spec: { template: { spec } } } } })).toBe(spec);
    expect(podSpecOf('ConfigMap', { data: {} })).toBe('unsupported');
    expect(() => podSpecOf('Deployment', { spec: {} })).toThrow(/no pod spec/);
    expect(imagesOf(spec).map((c) => c.container)).toEqual(['containers/a', 'initContainers/i', 'ephemeralContainers/e']);
    expect(() => imagesOf({ containers: [{ name: 'x' }] })).toThrow(/containers\/x has no image/);
  });

  it('accepts only sha256 digests', () => {
    expect(pinnedDigest(`${REG}@${ALLOWED}`)).toBe(ALLOWED);
    expect(pinnedDigest(`${REG}:1.2@${ALLOWED}`)).toBe(ALLOWED);
    expect(pinnedDigest(`${REG}:1.2`)).toBeNull();
    expect(pinnedDigest(`${REG}@sha256:abc`)).toBeNull();
    expect(pinnedDigest(`${REG}@${ALLOWED.toUpperCase()}`)).toBeNull();
  });
});

describe.each(DIALECTS)('admission webhook on %s', (dialect) => {
  let h: Harness;
  let failing: FastifyInstance | undefined;
  beforeAll(async () => {
    h = await startHarness(dialect, (store, audit) => [gateRoutes({ store, audit }), admissionRoutes({ store, audit })]);
    await h.call('PUT', '/api/v1/projects/shop/policies/open', h.tokens.sec!, { document: {} });
    // A policy nothing here can meet (no scan is ever uploaded), so checks against dev deny.
    const strict = await h.call('PUT', '/api/v1/projects/shop/policies/strict', h.tokens.sec!, { document: { requiredScanners: ['sast'] } });
    expect(strict.status, JSON.stringify(strict.json)).toBe(201);
    await h.call('PUT', '/api/v1/projects/shop/environments/prod', h.tokens.sec!, { policy: 'open' });
    await h.call('PUT', '/api/v1/projects/shop/environments/dev', h.tokens.sec!, { policy: 'strict', failClosed: false });
    const ok = await h.call('POST', '/api/v1/deployments/check', h.tokens.dev!, { project: 'shop', env: 'prod', imageDigest: ALLOWED });
    expect(ok.json.decision).toBe('allow');
    await h.call('POST', '/api/v1/deployments/check', h.tokens.dev!, { project: 'shop', env: 'prod', imageDigest: ALLOWED }); // the latest counts
    const no = await h.call('POST', '/api/v1/deployments/check', h.tokens.dev!, { project: 'shop', env: 'dev', imageDigest: DENIED });
    expect(no.json.decision).toBe('deny');
    await h.store.db.insertInto('deployment_decisions').values({ id: 'old', project_id: 'p1', environment: 'prod', image_digest: STALE, commit: null, decision: 'allow', reasons: '[]', actor: 'user:u-dev', ts: new Date(Date.now() - 30 * 86_400_000).toISOString() }).execute();
  }, 60_000);
  afterAll(async () => {
    await failing?.close();
    await h?.close();
  });

  const admit = (env: string, body: unknown, token = h.tokens.hook!, project = 'shop') => h.call('POST', `/api/v1/admission/${project}/${env}`, token, body);

  it('admits a Pod whose only image has a recent allow decision, echoing the uid', async () => {
    const r = await admit('prod', review('uid-1', 'Pod', '', pod([container('web', `${REG}@${ALLOWED}`)])));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'uid-1', allowed: true } });
    const entries = await auditOf(h.store, 'admission.review');
    const last = entries.at(-1)!;
    expect(last).toMatchObject({ actor: h.ids.hook, outcome: 'allow', resource: 'project:shop/env:prod/shop/Pod/web' });
    expect(JSON.parse(last.detail)).toMatchObject({ uid: 'uid-1', digests: [ALLOWED] });
  });

  it('denies a Deployment with an unpinned init container and an unchecked digest, listing both', async () => {
    const spec = { containers: [container('web', `${REG}:2.0@${ALLOWED}`)], initContainers: [container('migrate', `${REG}/migrate:latest`)], ephemeralContainers: [container('dbg', `busybox@${UNKNOWN}`)] };
    const r = await admit('prod', review('uid-2', 'Deployment', 'apps', deployment(spec)));
    expect(r.json.response.uid).toBe('uid-2');
    expect(r.json.response.allowed).toBe(false);
    expect(r.json.response.status.code).toBe(403);
    expect(r.json.response.status.message).toBe(
      `rampart: initContainers/migrate: image ${REG}/migrate:latest is not pinned by digest (use image@sha256:...); ${UNKNOWN}: no deployment check for environment prod (run rampart deploy check)`,
    );
    expect((await auditOf(h.store, 'admission.review')).at(-1)!.outcome).toBe('deny');
  });

  it('denies a denied digest, a stale allow, and an allow given for another environment', async () => {
    const denied = await admit('dev', review('uid-3', 'Pod', '', pod([container('web', `${REG}@${DENIED}`)])));
    expect(denied.json.response.status.message).toContain('latest deployment check for environment dev denied it');
    const stale = await admit('prod', review('uid-4', 'Pod', '', pod([container('web', `${REG}@${STALE}`)])));
    expect(stale.json.response.status.message).toMatch(/older than 168 h/);
    const elsewhere = await admit('dev', review('uid-5', 'Pod', '', pod([container('web', `${REG}@${ALLOWED}`)])));
    expect(elsewhere.json.response.allowed).toBe(false);
  });

  it('CronJob pod templates are checked; DELETE and other kinds pass', async () => {
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { containers: [container('job', 'alpine:3')], restartPolicy: 'OnFailure' } } } } } };
    expect((await admit('prod', review('uid-6', 'CronJob', 'batch', cron))).json.response.allowed).toBe(false);
    expect((await admit('prod', review('uid-7', 'Pod', '', null, 'DELETE'))).json.response).toEqual({ uid: 'uid-7', allowed: true });
    const cm = await admit('prod', review('uid-8', 'ConfigMap', '', { data: { a: 'b' } }));
    expect(cm.json.response).toEqual({ uid: 'uid-8', allowed: true, warnings: ['rampart does not check ConfigMap objects'] });
  });

  it('a pod with hundreds of unpinned containers is denied and still audited', async () => {
    const containers = Array.from({ length: 300 }, (_, i) => container(`c${i}`, `${REG}/part-${i}:${'v'.repeat(200)}`));
    const r = await admit('prod', review('uid-many', 'Pod', '', pod(containers)));
    expect(r.json.response.allowed).toBe(false);
    expect(r.json.response.status.message.length).toBeLessThanOrEqual(4000);
    const last = (await auditOf(h.store, 'admission.review')).at(-1)!;
    expect(JSON.parse(last.detail)).toMatchObject({ uid: 'uid-many', reasonCount: 300 });
  });

  it('a malformed object cannot be decided: fail-closed env denies, fail-open env admits with a warning', async () => {
    const broken = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: {} } };
    const closed = await admit('prod', review('uid-9', 'Deployment', 'apps', broken));
    expect(closed.json.response).toMatchObject({ uid: 'uid-9', allowed: false, status: { code: 403, message: 'rampart: cannot decide (Deployment has no pod spec); environment prod fails closed' } });
    const nokind = review('uid-9b', 'Pod', '', pod([container('web', `${REG}@${ALLOWED}`)])) as { request: Record<string, unknown> };
    delete nokind.request.kind;
    expect((await admit('prod', nokind)).json.response).toMatchObject({ uid: 'uid-9b', allowed: false, status: { message: 'rampart: cannot decide (the request names no kind); environment prod fails closed' } });
    const open = await admit('dev', review('uid-10', 'Deployment', 'apps', broken));
    expect(open.json.response).toEqual({ uid: 'uid-10', allowed: true, warnings: ['rampart could not decide (Deployment has no pod spec); environment dev fails open'] });
  });

  it('an internal error (decision store down) fails closed by default, open where configured', async () => {
    failing = await buildServer({
      store: h.store,
      logger: false,
      plugins: [admissionRoutes({ store: h.store, audit: h.audit, lookup: async () => { throw new Error('connection refused'); } })],
    });
    await failing.listen({ host: '127.0.0.1', port: 0 });
    const port = (failing.server.address() as { port: number }).port;
    const send = async (env: string, uid: string) => {
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/admission/shop/${env}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.tokens.hook}`, 'content-type': 'application/json' },
        body: JSON.stringify(review(uid, 'Pod', '', pod([container('web', `${REG}@${ALLOWED}`)]))),
      });
      return (await r.json()) as any;
    };
    const prod = await send('prod', 'uid-11');
    expect(prod.response).toMatchObject({ uid: 'uid-11', allowed: false });
    expect(prod.response.status.message).toBe('rampart: cannot decide (internal error); environment prod fails closed');
    expect(prod.response.status.message).not.toContain('connection refused');
    expect((await send('dev', 'uid-12')).response).toMatchObject({ uid: 'uid-12', allowed: true, warnings: [expect.stringContaining('fails open')] });
    expect((await send('unconfigured', 'uid-13')).response.allowed).toBe(false);
  });

  it('the OpenAPI document lists the webhook and the gate routes', async () => {
    const docs = await h.call('GET', '/api/docs', null);
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.json.paths)).toEqual(expect.arrayContaining(['/api/v1/admission/{project}/{env}', '/api/v1/deployments/check', '/api/v1/projects/{project}/environments/{env}', '/api/v1/projects/{project}/policies/{name}']));
  });

  it("another project's decisions for the same environment name neither admit nor block (H1)", async () => {
    // Project other has its own prod with an empty policy: its developer gets an allow for any image...
    expect((await h.call('PUT', '/api/v1/projects/other/policies/open', h.tokens.admin!, { document: {} })).status).toBe(201);
    expect((await h.call('PUT', '/api/v1/projects/other/environments/prod', h.tokens.admin!, { policy: 'open', failClosed: false })).status).toBeLessThan(300);
    const evil = await h.call('POST', '/api/v1/deployments/check', h.tokens.outsider!, { project: 'other', env: 'prod', imageDigest: EVIL });
    expect(evil.json.decision).toBe('allow');
    // ...and shop's own check of that image denied it (shop's dev environment is strict).
    expect((await h.call('POST', '/api/v1/deployments/check', h.tokens.dev!, { project: 'shop', env: 'dev', imageDigest: EVIL })).json.decision).toBe('deny');
    const inShop = await admit('prod', review('uid-x1', 'Pod', '', pod([container('web', `${REG}@${EVIL}`)])));
    expect(inShop.json.response.allowed).toBe(false);
    expect(inShop.json.response.status.message).toContain(`${EVIL}: no deployment check for environment prod`);
    // The same review sent to other's own webhook route is other's business: admitted there.
    expect((await admit('prod', review('uid-x2', 'Pod', '', pod([container('web', `${REG}@${EVIL}`)])), h.tokens.hook!, 'other')).json.response.allowed).toBe(true);
    // A later deny recorded by other for shop's allowed image does not block shop's rollout.
    await h.store.db.insertInto('deployment_decisions').values({ id: 'other-deny', project_id: 'p2', environment: 'prod', image_digest: ALLOWED, commit: null, decision: 'deny', reasons: '[]', actor: h.ids.outsider!, ts: new Date(Date.now() + 1000).toISOString() }).execute();
    expect((await admit('prod', review('uid-x3', 'Pod', '', pod([container('web', `${REG}@${ALLOWED}`)])))).json.response.allowed).toBe(true);
    // Fail-closed is the project's own setting: other's prod fails open, shop's prod does not.
    const broken = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: {} } };
    expect((await admit('prod', review('uid-x4', 'Deployment', 'apps', broken))).json.response.allowed).toBe(false);
    expect((await admit('prod', review('uid-x5', 'Deployment', 'apps', broken), h.tokens.hook!, 'other')).json.response.allowed).toBe(true);
  });

  it('the old environment-only route is gone', async () => {
    const r = await h.call('POST', '/api/v1/admission/prod', h.tokens.hook!, review('uid-old', 'Pod', '', pod([container('web', `${REG}@${ALLOWED}`)])));
    expect(r.status).toBe(404);
  });

  it("needs a token with deploy:read on the route's project and a well-formed AdmissionReview", async () => {
    const body = review('uid-14', 'Pod', '', pod([container('web', `${REG}@${ALLOWED}`)]));
    expect((await admit('prod', body, '')).status).toBe(401);
    expect((await admit('prod', body, h.tokens.outsider!)).status).toBe(403); // a member of another project only
    expect((await admit('prod', body, h.tokens.hook!, 'nosuchproject')).status).toBe(404);
    expect((await admit('prod', body, h.tokens.hook!, 'Shop!')).status).toBe(400);
    expect((await admit('prod', { ...body, request: { ...body.request, uid: undefined } })).status).toBe(400);
    expect((await admit('prod', { ...body, apiVersion: 'admission.k8s.io/v1beta1' })).status).toBe(400);
    expect((await admit('Prod!', body)).status).toBe(400);
  });
});

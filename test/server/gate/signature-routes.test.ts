import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateRoutes } from '../../../src/server/gate/routes.js';
import { auditOf, DIALECTS, startHarness, type Harness } from './harness.js';
import { dsseBundle, ecKey, IN_TOTO, keyBundle, keyPolicy, statement } from './sigstore-fixtures.js';

const DIGEST = 'sha256:' + '1'.repeat(64);
const OTHER = 'sha256:' + '2'.repeat(64);
const UNSIGNED = 'sha256:' + '3'.repeat(64);
const release = ecKey();
const stranger = ecKey();

describe.each(DIALECTS)('image signatures in the gate on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, (store, audit) => [gateRoutes({ store, audit })]);
    const p = await h.call('PUT', '/api/v1/projects/shop/policies/signed', h.tokens.sec!, { document: { signature: keyPolicy([{ name: 'release', pem: release.pem }]) } });
    expect(p.status).toBe(201);
    expect((await h.call('PUT', '/api/v1/projects/shop/environments/prod', h.tokens.sec!, { policy: 'signed' })).status).toBe(201);
  }, 60_000);
  afterAll(async () => h?.close());

  const check = (body: Record<string, unknown>, token = h.tokens.dev!) => h.call('POST', '/api/v1/deployments/check', token, { project: 'shop', env: 'prod', ...body });
  const store = (digest: string, bundle: unknown, token = h.tokens.dev!) => h.call('POST', `/api/v1/projects/shop/images/${digest}/signatures`, token, { bundle });
  const codes = (r: { json: { reasons: { code: string }[] } }) => r.json.reasons.map((x) => x.code);

  it('a policy that requires a signature without trusting anyone is refused when saved', async () => {
    const r = await h.call('PUT', '/api/v1/projects/shop/policies/nobody', h.tokens.sec!, { document: { requireSignature: true } });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'E_BAD_POLICY' });
    expect(r.json.error.message).toMatch(/signature.keys: a required signature needs at least one trusted key or identity/);
    const lax = await h.call('PUT', '/api/v1/projects/shop/policies/lax', h.tokens.sec!, { document: { signature: { keys: [{ pem: release.pem }] } } });
    expect(lax.json.error.message).toMatch(/tlogThreshold: 0 explicitly/);
  });

  it('allows with a valid bundle in the request, naming the key; audits the decision', async () => {
    const r = await check({ imageDigest: DIGEST, signatureBundles: [keyBundle(release, [DIGEST])] });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ decision: 'allow', reasons: [{ code: 'ok', message: 'signature verified: key release (request bundle 1)' }] });
    const last = (await auditOf(h.store, 'deploy.check')).at(-1)!;
    expect(last.outcome).toBe('allow');
    expect(JSON.parse(last.detail).reasons[0].message).toContain('key release');
  });

  it('denies with the right reason: missing, wrong key, other digest, malformed, oversized', async () => {
    let r = await check({ imageDigest: UNSIGNED });
    expect(r.json.decision).toBe('deny');
    expect(codes(r)).toEqual(['signature-missing']);

    r = await check({ imageDigest: DIGEST, signatureBundles: [keyBundle(stranger, [DIGEST])] });
    expect(r.json).toMatchObject({ decision: 'deny', reasons: [{ code: 'signature-invalid', message: expect.stringMatching(/^request bundle 1: untrusted key/) }] });

    r = await check({ imageDigest: DIGEST, signatureBundles: [keyBundle(release, [OTHER])] });
    expect(r.json.reasons[0].message).toMatch(/digest mismatch: the valid signature \(key release\) is for sha256:2{64}, not sha256:1{64}/);

    r = await check({ imageDigest: DIGEST, signatureBundles: ['{"mediaType":'] });
    expect(r.json.reasons).toEqual([{ code: 'signature-invalid', message: 'request bundle 1: malformed bundle: not JSON' }]);

    const big = { ...keyBundle(release, [DIGEST]), padding: 'x'.repeat(70_000) };
    r = await check({ imageDigest: DIGEST, signatureBundles: [big] });
    expect(r.json.reasons[0].message).toMatch(/malformed bundle: larger than 65536 bytes/);

    // Too many bundles is a bad request, not a decision.
    r = await check({ imageDigest: DIGEST, signatureBundles: Array.from({ length: 9 }, () => keyBundle(release, [DIGEST])) });
    expect(r.status).toBe(400);

    const audited = (await auditOf(h.store, 'deploy.check')).slice(-5);
    expect(audited.map((a) => a.outcome)).toEqual(['deny', 'deny', 'deny', 'deny', 'deny']);
    expect(JSON.parse(audited[1]!.detail).reasons[0].code).toBe('signature-invalid');
  });

  it('stores a bundle for an image (findings:write), and later checks of that image use it', async () => {
    // The upload must name this image in its signed payload.
    let r = await store(OTHER, keyBundle(release, [DIGEST]));
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'E_BAD_BUNDLE', message: `bundle: its signed payload does not name ${OTHER}` });
    r = await store(OTHER, 'not json');
    expect(r.json.error.message).toBe('bundle: malformed bundle: not JSON');

    const before = await check({ imageDigest: OTHER });
    expect(codes(before)).toEqual(['signature-missing']);

    r = await store(OTHER, keyBundle(release, [OTHER]));
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ imageDigest: OTHER, payloadType: IN_TOTO, uploadedBy: h.ids.dev });
    const id = r.json.id as string;
    // The same bundle again is the same row.
    const again = await store(OTHER, keyBundle(release, [OTHER]));
    expect(again.status).toBe(201); // ECDSA signatures differ per signing: a new bundle
    const same = await h.store.db.selectFrom('image_signatures').select('bundle').where('id', '=', id).executeTakeFirstOrThrow();
    const dup = await store(OTHER, JSON.parse(same.bundle));
    expect(dup.status).toBe(200);
    expect(dup.json.id).toBe(id);

    const after = await check({ imageDigest: OTHER });
    expect(after.json.decision).toBe('allow');
    expect(after.json.reasons[0].message).toMatch(/^signature verified: key release \(stored bundle [0-9a-f-]{36}\)$/);

    const list = await h.call('GET', `/api/v1/projects/shop/images/${OTHER}/signatures`, h.tokens.viewer!);
    expect(list.status).toBe(200);
    expect(list.json.signatures).toHaveLength(2);
    expect(list.json.signatures.map((s: { id: string }) => s.id)).toContain(id);
    const audited = await auditOf(h.store, 'image.signature.add');
    expect(audited).toHaveLength(2);
    expect(audited[0]).toMatchObject({ actor: h.ids.dev, resource: `project:shop/image:${OTHER}`, outcome: 'allow' });
  });

  it('a stored bundle from an untrusted key does not help; a request bundle still can', async () => {
    const img = 'sha256:' + '4'.repeat(64);
    expect((await store(img, keyBundle(stranger, [img]))).status).toBe(201);
    let r = await check({ imageDigest: img });
    expect(r.json.reasons[0]).toMatchObject({ code: 'signature-invalid', message: expect.stringMatching(/^stored bundle .*: untrusted key/) });
    r = await check({ imageDigest: img, signatureBundles: [keyBundle(release, [img])] });
    expect(r.json.decision).toBe('allow');
  });

  it('storing needs findings:write in that project: 403 for a viewer and an outsider, 401 without a token', async () => {
    const b = keyBundle(release, [UNSIGNED]);
    expect((await store(UNSIGNED, b, h.tokens.viewer!)).status).toBe(403);
    expect((await store(UNSIGNED, b, h.tokens.outsider!)).status).toBe(403);
    expect((await h.call('POST', `/api/v1/projects/shop/images/${UNSIGNED}/signatures`, null, { bundle: b })).status).toBe(401);
    expect((await h.call('GET', `/api/v1/projects/shop/images/${UNSIGNED}/signatures`, h.tokens.outsider!)).status).toBe(403);
    expect((await h.call('POST', '/api/v1/projects/shop/images/sha256:XYZ/signatures', h.tokens.dev!, { bundle: b })).status).toBe(400);
    expect(await h.store.db.selectFrom('image_signatures').select('id').where('image_digest', '=', UNSIGNED).execute()).toEqual([]);
  });

  it('a project name with a NUL byte is a 400 on every gate route (never a database error)', async () => {
    const bad = encodeURIComponent('sh\u0000op');
    for (const [method, path] of [
      ['GET', `/api/v1/projects/${bad}/images/${DIGEST}/signatures`],
      ['GET', `/api/v1/projects/${bad}/policies`],
      ['GET', `/api/v1/projects/${bad}/environments`],
      ['GET', `/api/v1/projects/${bad}/deployments`],
    ] as const) {
      expect((await h.call(method, path, h.tokens.admin!)).status, path).toBe(400);
    }
    expect((await h.call('POST', '/api/v1/deployments/check', h.tokens.admin!, { project: 'sh\u0000op', env: 'prod', imageDigest: DIGEST })).status).toBe(400);
  });

  it('the OpenAPI description lists the signature routes and the check body field', async () => {
    const docs = await h.call('GET', '/api/docs', null);
    expect(docs.status).toBe(200);
    const route = docs.json.paths['/api/v1/projects/{project}/images/{digest}/signatures'];
    expect(Object.keys(route).sort()).toEqual(['get', 'post']);
    const check = docs.json.paths['/api/v1/deployments/check'].post.requestBody.content['application/json'].schema;
    expect(check.properties.signatureBundles).toMatchObject({ type: 'array', maxItems: 8 });
  });

  it('at most 32 bundles are stored per image', async () => {
    const img = 'sha256:' + 'e'.repeat(64);
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await store(img, keyBundle(release, [img]))).status);
    expect(statuses).toEqual(Array.from({ length: 32 }, () => 201));
    const last = await store(img, keyBundle(release, [img]));
    expect(last.status).toBe(409);
    expect(last.json.error).toMatchObject({ code: 'E_LIMIT', message: `image ${img} already has 32 stored signatures` });
  });

  it('an oversized upload is refused', async () => {
    const big = dsseBundle({ payloadType: IN_TOTO, payload: Buffer.concat([statement([UNSIGNED]), Buffer.alloc(80_000, 32)]), key: release.privateKey });
    const r = await store(UNSIGNED, big);
    expect(r.status).toBe(413);
  });
});

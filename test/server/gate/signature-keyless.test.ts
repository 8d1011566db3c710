import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateRoutes } from '../../../src/server/gate/routes.js';
import { SignatureSchema } from '../../../src/server/gate/signature-policy.js';
import { verifyImageSignature } from '../../../src/server/gate/signature-verify.js';
import { loadTrustedRoots } from '../../../src/server/gate/trusted-roots.js';
import { DIALECTS, startHarness, type Harness } from './harness.js';
import { makeKeylessPki, type KeylessPki } from './keyless-fixtures.js';
import { dsseBundle, dsseSign, ecKey, IN_TOTO, statement } from './sigstore-fixtures.js';

const DIGEST = 'sha256:' + '5'.repeat(64);
const OTHER = 'sha256:' + '6'.repeat(64);
const ISSUER = 'https://token.actions.example';
const WORKFLOW = { uri: 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main' };

describe('keyless (certificate) bundles against a TrustedRoot, offline', () => {
  let pki: KeylessPki;
  let stranger: KeylessPki;
  beforeAll(async () => {
    pki = await makeKeylessPki();
    stranger = await makeKeylessPki();
  }, 60_000);
  afterAll(() => {
    pki?.close();
    stranger?.close();
  });

  // No transparency or CT log in this private PKI: the policy says so explicitly; the timestamp stays required.
  const policy = (identities: unknown[], over: Record<string, unknown> = {}) => SignatureSchema.parse({ identities, trustedRoot: pki.trustedRoot, tlogThreshold: 0, ctlogThreshold: 0, ...over });
  const verify = (p: ReturnType<typeof policy>, bundle: unknown, digest = DIGEST) => verifyImageSignature(p, digest, [{ source: 'request bundle 1', bundle }], new Map());
  const why = (r: ReturnType<typeof verify>) => (r.status === 'invalid' ? r.problems.join(' | ') : r.status);

  it('verifies the chain to the trusted CA at the timestamped time and matches the identity (glob or exact)', async () => {
    const b = await pki.bundle([DIGEST], WORKFLOW, ISSUER);
    expect(verify(policy([{ issuer: ISSUER, subjectPattern: 'https://github.com/acme/*@refs/heads/main' }]), b)).toEqual({ status: 'verified', signer: `identity ${WORKFLOW.uri} (issuer ${ISSUER})`, source: 'request bundle 1' });
    const mail = await pki.bundle([DIGEST], { email: 'release@acme.example' }, 'https://accounts.example');
    expect(verify(policy([{ issuer: ISSUER, subject: 'x' }, { issuer: 'https://accounts.example', subject: 'release@acme.example' }]), mail).status).toBe('verified');
  });

  it('denies an identity the policy does not name: other subject, other issuer', async () => {
    const b = await pki.bundle([DIGEST], { uri: 'https://github.com/evil/shop/.github/workflows/release.yml@refs/heads/main' }, ISSUER);
    expect(why(verify(policy([{ issuer: ISSUER, subjectPattern: 'https://github.com/acme/*' }]), b))).toBe(
      `request bundle 1: identity mismatch: the certificate names "https://github.com/evil/shop/.github/workflows/release.yml@refs/heads/main" from issuer "${ISSUER}", which no identity of the policy matches`,
    );
    const wrongIssuer = await pki.bundle([DIGEST], WORKFLOW, 'https://issuer.evil');
    expect(why(verify(policy([{ issuer: ISSUER, subject: WORKFLOW.uri }]), wrongIssuer))).toMatch(/identity mismatch: .* from issuer "https:\/\/issuer.evil"/);
  });

  it('denies a certificate from another CA, a bundle without a timestamp, and a missing CT proof when it is required', async () => {
    const p = policy([{ issuer: ISSUER, subject: WORKFLOW.uri }]);
    // A leaf from another CA, with a timestamp from the trusted TSA: the chain fails.
    const { der, key } = await stranger.leaf(WORKFLOW, ISSUER);
    const payload = statement([DIGEST]);
    const sig = dsseSign(key, IN_TOTO, payload);
    const foreign = dsseBundle({ payloadType: IN_TOTO, payload, sig, certificate: der, timestamps: [await pki.timestamp(sig)] });
    expect(why(verify(p, foreign))).toBe('request bundle 1: untrusted certificate: Failed to verify certificate chain');
    // A timestamp from an authority the root does not name.
    expect(why(verify(p, await stranger.bundle([DIGEST], WORKFLOW, ISSUER)))).toBe('request bundle 1: timestamp: timestamp could not be verified');
    // A timestamp over other bytes than this signature.
    const own = await pki.leaf(WORKFLOW, ISSUER);
    const misdated = dsseBundle({ payloadType: IN_TOTO, payload, key: own.key, certificate: own.der, timestamps: [await pki.timestamp(Buffer.from('other'))] });
    expect(why(verify(p, misdated))).toMatch(/^request bundle 1: timestamp: /);
    expect(why(verify(p, await pki.bundle([DIGEST], WORKFLOW, ISSUER, { timestamp: false })))).toBe('request bundle 1: timestamp: expected 1 timestamps, got 0');
    const withCt = policy([{ issuer: ISSUER, subject: WORKFLOW.uri }], { ctlogThreshold: 1 });
    expect(why(verify(withCt, await pki.bundle([DIGEST], WORKFLOW, ISSUER)))).toMatch(/untrusted certificate: expected 1 SCTs, got 0/);
  });

  it('binds to the image: a trusted identity that signed another digest is a digest mismatch', async () => {
    const b = await pki.bundle([OTHER], WORKFLOW, ISSUER);
    expect(why(verify(policy([{ issuer: ISSUER, subject: WORKFLOW.uri }]), b))).toMatch(/digest mismatch: the valid signature \(identity .*\) is for sha256:6{64}, not sha256:5{64}/);
  });

  it('a key-only policy does not accept a certificate bundle', async () => {
    const keyOnly = SignatureSchema.parse({ keys: [{ pem: ecKey().pem }], tlogThreshold: 0, timestampThreshold: 0 });
    expect(why(verifyImageSignature(keyOnly, DIGEST, [{ source: 'b', bundle: await pki.bundle([DIGEST], WORKFLOW, ISSUER) }], new Map()))).toMatch(/untrusted key: the bundle is signed with a certificate and the policy trusts only keys/);
  });

  it('loadTrustedRoots reads a directory once and names a bad file', async () => {
    const dir = join(pki.dir, 'roots');
    mkdirSync(dir);
    expect((await loadTrustedRoots(join(pki.dir, 'none'))).size).toBe(0);
    writeFileSync(join(dir, 'acme.json'), JSON.stringify(pki.trustedRoot));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    expect([...(await loadTrustedRoots(dir)).keys()]).toEqual(['acme.json']);
    writeFileSync(join(dir, 'broken.json'), '{');
    await expect(loadTrustedRoots(dir)).rejects.toThrow(/broken\.json: not JSON/);
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ mediaType: 'text/plain' }));
    await expect(loadTrustedRoots(dir)).rejects.toThrow(/broken\.json: mediaType: expected application\/vnd.dev.sigstore.trustedroot/);
  });
});

describe.each(DIALECTS)('keyless policy with a trusted-root file over HTTP on %s', (dialect) => {
  let pki: KeylessPki;
  let h: Harness;
  beforeAll(async () => {
    pki = await makeKeylessPki();
    const dir = join(pki.dir, 'trusted-roots');
    mkdirSync(dir);
    writeFileSync(join(dir, 'acme.json'), JSON.stringify(pki.trustedRoot));
    h = await startHarness(dialect, (store, audit) => [gateRoutes({ store, audit, trustedRootDir: dir })]);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    pki?.close();
  });

  it('saves a policy naming a loaded root file, refuses an unknown one, and allows a matching keyless signature', async () => {
    const signature = { identities: [{ issuer: ISSUER, subjectPattern: 'https://github.com/acme/*' }], trustedRootFile: 'acme.json', tlogThreshold: 0, ctlogThreshold: 0 };
    const bad = await h.call('PUT', '/api/v1/projects/shop/policies/keyless', h.tokens.sec!, { document: { signature: { ...signature, trustedRootFile: 'nope.json' } } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/signature.trustedRootFile: the server has no trusted root nope.json/);
    expect((await h.call('PUT', '/api/v1/projects/shop/policies/keyless', h.tokens.sec!, { document: { signature } })).status).toBe(201);
    await h.call('PUT', '/api/v1/projects/shop/environments/prod', h.tokens.sec!, { policy: 'keyless' });

    const stored = await h.call('POST', `/api/v1/projects/shop/images/${DIGEST}/signatures`, h.tokens.dev!, { bundle: await pki.bundle([DIGEST], WORKFLOW, ISSUER) });
    expect(stored.status).toBe(201);
    const r = await h.call('POST', '/api/v1/deployments/check', h.tokens.dev!, { project: 'shop', env: 'prod', imageDigest: DIGEST });
    expect(r.json).toMatchObject({ decision: 'allow', reasons: [{ code: 'ok', message: expect.stringContaining(`signature verified: identity ${WORKFLOW.uri} (issuer ${ISSUER}) (stored bundle `) }] });
  });
});

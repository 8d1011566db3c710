import { describe, expect, it } from 'vitest';
import { parsePolicy, parsePolicyForSave, PolicyError } from '../../../src/server/gate/policy.js';
import { globMatch, SignatureSchema, signatureProblems, type SignaturePolicy } from '../../../src/server/gate/signature-policy.js';
import { MAX_BUNDLE_CHARS, verifyImageSignature, type BundleCandidate } from '../../../src/server/gate/signature-verify.js';
import { signedDigests } from '../../../src/server/gate/signed-subject.js';
import { makeRekor } from './rekor-fixtures.js';
import { dsseBundle, dsseSign, ecKey, IN_TOTO, keyBundle, keyPolicy, SIMPLE_SIGNING, simpleSigning, statement } from './sigstore-fixtures.js';

const DIGEST = 'sha256:' + 'a'.repeat(64);
const OTHER = 'sha256:' + 'b'.repeat(64);
const release = ecKey();
const stranger = ecKey();
const roots = new Map<string, unknown>();

const sigPolicy = (doc: Record<string, unknown>): SignaturePolicy => SignatureSchema.parse(doc);
const one = (bundle: unknown): BundleCandidate[] => [{ source: 'request bundle 1', bundle }];
const verify = (policy: SignaturePolicy, bundle: unknown, digest = DIGEST) => verifyImageSignature(policy, digest, one(bundle), roots);
const trusting = sigPolicy(keyPolicy([{ name: 'release', pem: release.pem }]));

function problems(outcome: ReturnType<typeof verify>): string[] {
  if (outcome.status !== 'invalid') throw new Error(`expected invalid, got ${outcome.status}`);
  return outcome.problems;
}

describe('verifyImageSignature with keys', () => {
  it('accepts a key-signed in-toto bundle whose subject is the image, naming the key', () => {
    expect(verify(trusting, keyBundle(release, [OTHER, DIGEST]))).toEqual({ status: 'verified', signer: 'key release', source: 'request bundle 1' });
    // JSON text is read the same way as an object.
    expect(verify(trusting, JSON.stringify(keyBundle(release, [DIGEST]))).status).toBe('verified');
  });

  it('accepts a cosign simple-signing payload whose manifest digest is the image', () => {
    const b = dsseBundle({ payloadType: SIMPLE_SIGNING, payload: simpleSigning(DIGEST), key: release.privateKey });
    expect(verify(trusting, b)).toMatchObject({ status: 'verified', signer: 'key release' });
  });

  it('names an unnamed key by its fingerprint', () => {
    const p = sigPolicy(keyPolicy([{ pem: release.pem }]));
    const r = verify(p, keyBundle(release, [DIGEST]));
    expect(r.status === 'verified' && r.signer).toMatch(/^key sha256:[0-9a-f]{16}$/);
  });

  it('tries every trusted key, whatever the hint says', () => {
    const p = sigPolicy(keyPolicy([{ name: 'old', pem: stranger.pem }, { name: 'release', pem: release.pem }]));
    expect(verify(p, keyBundle(release, [DIGEST], 'old'))).toMatchObject({ status: 'verified', signer: 'key release' });
  });

  it('denies a bundle signed by a key the policy does not trust', () => {
    expect(problems(verify(trusting, keyBundle(stranger, [DIGEST])))).toEqual(["request bundle 1: untrusted key or altered content: the signature verifies with none of the policy's 1 key"]);
  });

  it('denies a tampered payload (the signature was over another statement)', () => {
    const sig = dsseSign(release.privateKey, IN_TOTO, statement([OTHER]));
    const b = dsseBundle({ payloadType: IN_TOTO, payload: statement([DIGEST]), sig });
    expect(problems(verify(trusting, b))[0]).toMatch(/untrusted key or altered content/);
    // The payload type is covered by the signature too.
    const retyped = dsseBundle({ payloadType: SIMPLE_SIGNING, payload: statement([DIGEST]), sig: dsseSign(release.privateKey, IN_TOTO, statement([DIGEST])) });
    expect(problems(verify(trusting, retyped))[0]).toMatch(/altered content/);
  });

  it('denies a valid signature over another image, saying which', () => {
    expect(problems(verify(trusting, keyBundle(release, [OTHER])))).toEqual([`request bundle 1: digest mismatch: the valid signature (key release) is for ${OTHER}, not ${DIGEST}`]);
    const simple = dsseBundle({ payloadType: SIMPLE_SIGNING, payload: simpleSigning(OTHER), key: release.privateKey });
    expect(problems(verify(trusting, simple))[0]).toMatch(/digest mismatch/);
  });

  it('denies signed payloads that bind to no image', () => {
    const other = dsseBundle({ payloadType: 'text/plain', payload: Buffer.from('hello'), key: release.privateKey });
    expect(problems(verify(trusting, other))[0]).toMatch(/digest mismatch: unsupported payload type "text\/plain"/);
    const noSubject = dsseBundle({ payloadType: IN_TOTO, payload: Buffer.from(JSON.stringify({ _type: 'https://in-toto.io/Statement/v1', subject: [] })), key: release.privateKey });
    expect(problems(verify(trusting, noSubject))[0]).toMatch(/has no subject/);
  });

  it('denies malformed bundles with the reason, without throwing', () => {
    expect(problems(verify(trusting, '{"mediaType": '))).toEqual(['request bundle 1: malformed bundle: not JSON']);
    expect(problems(verify(trusting, [1, 2]))[0]).toMatch(/malformed bundle: not a JSON object/);
    expect(problems(verify(trusting, { mediaType: 'application/json' }))[0]).toMatch(/malformed bundle: invalid mediaType/);
    const noSig = keyBundle(release, [DIGEST]) as { dsseEnvelope: { signatures: unknown[] } };
    noSig.dsseEnvelope.signatures = [];
    expect(problems(verify(trusting, noSig))[0]).toMatch(/malformed bundle: invalid content\.dsseEnvelope\.signatures/);
    const msg = { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', verificationMaterial: { publicKey: { hint: '' }, tlogEntries: [] }, messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest: Buffer.alloc(32, 1).toString('base64') }, signature: Buffer.alloc(64, 2).toString('base64') } };
    expect(problems(verify(trusting, msg))[0]).toMatch(/message-signature bundle does not carry what it signs/);
  });

  it('denies an oversized bundle before parsing it', () => {
    const big = keyBundle(release, [DIGEST]) as Record<string, unknown>;
    big.padding = 'x'.repeat(MAX_BUNDLE_CHARS);
    expect(problems(verify(trusting, big))).toEqual([`request bundle 1: malformed bundle: larger than ${MAX_BUNDLE_CHARS} bytes`]);
  });

  it('needs transparency-log evidence unless the policy waives it explicitly', () => {
    const strict = sigPolicy({ required: true, keys: [{ name: 'release', pem: release.pem }], trustedRoot: emptyRoot(), timestampThreshold: 0 });
    expect(problems(verify(strict, keyBundle(release, [DIGEST])))[0]).toBe('request bundle 1: transparency log: expected 1 tlog entries, got 0');
    // A key the policy does not trust is named as such, whatever else is missing.
    expect(problems(verify(strict, keyBundle(stranger, [DIGEST])))[0]).toMatch(/^request bundle 1: untrusted key or altered content/);
  });

  it('with a key-only policy, a certificate bundle is untrusted; with identities only, a key bundle is', () => {
    const keyless = sigPolicy({ required: true, identities: [{ issuer: 'https://issuer.example', subject: 'ci@example.com' }], trustedRoot: emptyRoot(), ctlogThreshold: 0, tlogThreshold: 0 });
    expect(problems(verify(keyless, keyBundle(release, [DIGEST])))[0]).toMatch(/untrusted key: the bundle is signed with a key and the policy trusts only keyless identities/);
  });

  it('missing when there is nothing to verify; the first bundle that verifies decides; problems are listed per bundle', () => {
    expect(verifyImageSignature(trusting, DIGEST, [], roots)).toEqual({ status: 'missing' });
    const r = verifyImageSignature(trusting, DIGEST, [{ source: 'request bundle 1', bundle: keyBundle(stranger, [DIGEST]) }, { source: 'stored bundle s1', bundle: keyBundle(release, [DIGEST]) }], roots);
    expect(r).toEqual({ status: 'verified', signer: 'key release', source: 'stored bundle s1' });
    const many = Array.from({ length: 11 }, (_, i) => ({ source: `request bundle ${i + 1}`, bundle: 'nope' }));
    const bad = problems(verifyImageSignature(trusting, DIGEST, many, roots));
    expect(bad).toHaveLength(9);
    expect(bad.at(-1)).toBe('and 3 more bundles that did not verify');
  });

  it('a stored policy from before (requireSignature: true, no trust named) denies saying what is missing', () => {
    const old = parsePolicy({ requireSignature: true }).signature!;
    expect(problems(verify(old, keyBundle(release, [DIGEST])))).toEqual(['the policy trusts no key and no identity: set signature.keys or signature.identities']);
  });

  it('a policy whose trusted root file is not loaded denies with that reason', () => {
    const p = sigPolicy({ required: true, keys: [{ pem: release.pem }], trustedRootFile: 'gone.json', tlogThreshold: 0, timestampThreshold: 0 });
    expect(problems(verify(p, keyBundle(release, [DIGEST])))).toEqual(["the policy's trust cannot be used: the server has no trusted root gone.json"]);
  });
});

describe('signature policy', () => {
  it('requireSignature stays a shorthand for signature.required', () => {
    expect(parsePolicy({ requireSignature: true }).signature).toMatchObject({ required: true });
    expect(parsePolicy({ requireSignature: false }).signature).toBeNull();
    expect(() => parsePolicy({ requireSignature: true, signature: { keys: [] } })).toThrow(/requireSignature: give signature.required/);
    // A stored (parsed and serialised) policy parses again to itself.
    const p = parsePolicy({ signature: keyPolicy([{ name: 'release', pem: release.pem }]) });
    expect(parsePolicy(JSON.parse(JSON.stringify(p)))).toEqual(p);
  });

  it('refuses to save a requirement nobody can meet or trust that would skip a check silently', () => {
    const save = (signature: unknown) => {
      try {
        parsePolicyForSave({ signature }, new Set(['root.json']));
        return [];
      } catch (e) {
        if (e instanceof PolicyError) return e.problems;
        throw e;
      }
    };
    expect(() => parsePolicyForSave({ requireSignature: true }, new Set())).toThrow(/signature.keys: a required signature needs at least one trusted key or identity/);
    expect(save({ required: true, keys: [{ pem: release.pem }] })).toEqual([
      'signature.tlogThreshold: transparency-log entries can only be verified with a trustedRoot; set a trustedRoot or tlogThreshold: 0 explicitly',
      'signature.timestampThreshold: timestamps can only be verified with a trustedRoot; set a trustedRoot or timestampThreshold: 0 explicitly',
    ]);
    expect(save(keyPolicy([{ pem: release.pem }]))).toEqual([]);
    expect(save({ identities: [{ issuer: 'https://i.example', subject: 'a@b.c' }], tlogThreshold: 0, timestampThreshold: 0 })).toEqual([
      'signature.trustedRoot: keyless identities need a trustedRoot (or trustedRootFile) holding the certificate authority',
      'signature.timestampThreshold: keyless identities need at least 1 timestamp (transparency log or timestamp authority)',
    ]);
    expect(save({ identities: [{ issuer: 'https://i.example', subjectPattern: 'https://github.com/acme/*' }], trustedRootFile: 'root.json' })).toEqual([]);
    expect(save({ identities: [{ issuer: 'https://i.example', subject: 'a@b.c' }], trustedRootFile: 'other.json' })[0]).toMatch(/signature.trustedRootFile: the server has no trusted root other.json/);
    expect(save({ ...keyPolicy([{ name: 'k', pem: release.pem }, { name: 'k', pem: stranger.pem }]) })).toEqual(['signature.keys.1.name: duplicate key name k']);
  });

  it('rejects bad fields with their paths', () => {
    expect(() => parsePolicy({ signature: { keys: [{ pem: 'not a key' }] } })).toThrow(/signature.keys.0.pem: not a PEM public key/);
    expect(() => parsePolicy({ signature: { identities: [{ issuer: 'x', subject: 'a', subjectPattern: 'b' }] } })).toThrow(/signature.identities.0: exactly one of subject or subjectPattern/);
    expect(() => parsePolicy({ signature: { tlogThreshold: -1 } })).toThrow(/signature.tlogThreshold/);
    expect(() => parsePolicy({ signature: { trustedRootFile: '../etc/passwd' } })).toThrow(/signature.trustedRootFile/);
    expect(() => parsePolicy({ signature: { keys: [], extra: 1 } })).toThrow(/signature/);
    const prob = signatureProblems(sigPolicy({ required: false }), new Set());
    expect(prob).toEqual(['signature.tlogThreshold: transparency-log entries can only be verified with a trustedRoot; set a trustedRoot or tlogThreshold: 0 explicitly', 'signature.timestampThreshold: timestamps can only be verified with a trustedRoot; set a trustedRoot or timestampThreshold: 0 explicitly']);
  });

  it('globMatch: * is any run, everything else literal', () => {
    expect(globMatch('https://github.com/acme/*/.github/workflows/release.yml@refs/tags/*', 'https://github.com/acme/shop/.github/workflows/release.yml@refs/tags/v1.2')).toBe(true);
    expect(globMatch('https://github.com/acme/*', 'https://github.com/acme-evil/shop')).toBe(false);
    expect(globMatch('*@example.com', 'ci@example.com')).toBe(true);
    expect(globMatch('*@example.com', 'ci@example.com.evil')).toBe(false);
    expect(globMatch('a.c', 'abc')).toBe(false);
    expect(globMatch('*', '')).toBe(true);
    expect(globMatch('a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
  });

  it('signedDigests reads in-toto v0.1 subjects and lowercases digests', () => {
    const v01 = Buffer.from(JSON.stringify({ _type: 'https://in-toto.io/Statement/v0.1', subject: [{ name: 'x', digest: { sha256: 'A'.repeat(64) } }, { name: 'y', digest: { sha512: 'f' } }] }));
    expect(signedDigests(IN_TOTO, v01)).toEqual({ ok: true, digests: [DIGEST] });
    expect(signedDigests(IN_TOTO, Buffer.from('[]'))).toMatchObject({ ok: false });
    expect(signedDigests(SIMPLE_SIGNING, Buffer.from('{"critical":{"image":{"docker-manifest-digest":"sha256:zz"}}}'))).toMatchObject({ ok: false, why: /docker-manifest-digest/ });
  });
});

function emptyRoot(): Record<string, unknown> {
  return { mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1', tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] };
}

describe('transparency-log evidence, offline against the TrustedRoot', () => {
  const rekor = makeRekor();
  const root = { mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1', tlogs: [rekor.instance], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] };
  // Sigstore's defaults: one tlog entry and one timestamp (the entry's integrated time).
  const policy = sigPolicy({ required: true, keys: [{ name: 'release', pem: release.pem }], trustedRoot: root });
  const logged = (opts: Parameters<typeof rekor.entry>[3] = {}, log = rekor) => {
    const payload = statement([DIGEST]);
    const sig = dsseSign(release.privateKey, IN_TOTO, payload);
    const b = dsseBundle({ payloadType: IN_TOTO, payload, sig }) as { verificationMaterial: { tlogEntries: unknown[] } };
    b.verificationMaterial.tlogEntries = [log.entry(payload, sig, release.pem, opts)];
    return b;
  };

  it('accepts a key-signed bundle whose tlog entry has a valid inclusion promise and proof', () => {
    expect(verify(policy, logged())).toEqual({ status: 'verified', signer: 'key release', source: 'request bundle 1' });
  });

  it('denies an entry from a log the root does not trust, a checkpoint of another tree, and an entry for another signature', () => {
    expect(problems(verify(policy, logged({}, makeRekor('rogue.test'))))[0]).toBe('request bundle 1: transparency log: inclusion promise could not be verified');
    expect(problems(verify(policy, logged({ breakCheckpoint: true })))[0]).toBe('request bundle 1: transparency log: calculated root hash does not match inclusion proof');
    // ECDSA signs differently each time: the second bundle's entry logs another signature.
    const b = logged();
    b.verificationMaterial.tlogEntries = logged().verificationMaterial.tlogEntries;
    expect(problems(verify(policy, b))[0]).toBe('request bundle 1: transparency log: tlog entry signature mismatch');
  });
});

import { createHash, type KeyObject } from 'node:crypto';
import { bundleFromJSON, ValidationError, type Bundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, VerificationError, Verifier, type SignedEntity, type Signer, type TrustMaterial } from '@sigstore/verify';
import { globMatch, keyLabel, publicKeyOf, type SignaturePolicy } from './signature-policy.js';
import { signedDigests } from './signed-subject.js';

/**
 * Verifies Sigstore bundles for one image against an environment's signature policy, offline:
 * the signature with the trusted keys or the certificate chain to the trusted root (identity
 * matched against the policy), the transparency-log, CT-log and timestamp thresholds, and that
 * the signed payload names the image digest being checked (see signed-subject.ts).
 */

/** The largest bundle the gate reads, as JSON text. */
export const MAX_BUNDLE_CHARS = 64 * 1024;
/** Bundles one check request may carry. */
export const MAX_REQUEST_BUNDLES = 8;
/** The newest stored bundles of an image that a check reads. */
export const MAX_STORED_BUNDLES_CHECKED = 16;
/** Bundles stored per image; more is refused (delete-and-replace is not needed for signatures). */
export const MAX_STORED_PER_IMAGE = 32;
/** Reported problems per decision (the rest are counted). */
const MAX_PROBLEMS = 8;

export interface BundleCandidate {
  /** Where it came from, for reasons: `request bundle 1`, `stored bundle <id>`. */
  source: string;
  /** The bundle: parsed JSON, or JSON text (checked here, so a bad one is a reason, not a crash). */
  bundle: unknown;
}

export type SignatureOutcome =
  | { status: 'verified'; signer: string; source: string }
  | { status: 'missing' }
  | { status: 'invalid'; problems: string[] };

/** Trusted roots the server read at start, by file name (already parsed JSON). */
export type TrustedRoots = ReadonlyMap<string, unknown>;

interface PreparedTrust {
  /** CAs, logs and TSAs; `publicKey` is replaced per key below. */
  base: TrustMaterial;
  keys: { label: string; name: string | undefined; key: KeyObject }[];
}

/**
 * Trust material for a policy, by a hash of its signature section (one policy, many checks),
 * per set of loaded roots (a file name means the content that set holds).
 */
const prepared = new WeakMap<TrustedRoots, Map<string, PreparedTrust>>();
const MAX_PREPARED = 64;

const noKey = (hint: string): never => {
  throw new VerificationError({ code: 'PUBLIC_KEY_ERROR', message: `no trusted key for hint ${hint.slice(0, 64)}` });
};

/** Parses a TrustedRoot document into trust material; throws an Error saying what is wrong. */
export function trustMaterialOf(rootJson: unknown): TrustMaterial {
  if (typeof rootJson !== 'object' || rootJson === null) throw new Error('a TrustedRoot must be a JSON object');
  const mediaType = (rootJson as { mediaType?: unknown }).mediaType;
  if (typeof mediaType !== 'string' || !mediaType.startsWith('application/vnd.dev.sigstore.trustedroot')) {
    throw new Error('mediaType: expected application/vnd.dev.sigstore.trustedroot.v0.1+json or v0.2');
  }
  try {
    return toTrustMaterial(TrustedRoot.fromJSON(rootJson), noKey);
  } catch (e) {
    throw new Error(`unreadable TrustedRoot: ${short(e)}`);
  }
}

function prepare(policy: SignaturePolicy, roots: TrustedRoots): PreparedTrust {
  const id = createHash('sha256').update(JSON.stringify(policy)).digest('hex');
  let cache = prepared.get(roots);
  if (!cache) prepared.set(roots, (cache = new Map()));
  const hit = cache.get(id);
  if (hit) return hit;
  let base: TrustMaterial;
  if (policy.trustedRoot !== undefined) base = trustMaterialOf(policy.trustedRoot);
  else if (policy.trustedRootFile !== undefined) {
    const root = roots.get(policy.trustedRootFile);
    if (root === undefined) throw new Error(`the server has no trusted root ${policy.trustedRootFile}`);
    base = trustMaterialOf(root);
  } else base = { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [], publicKey: noKey };
  const keys = policy.keys.flatMap((k) => {
    const key = publicKeyOf(k.pem);
    return key ? [{ label: keyLabel(k), name: k.name, key }] : [];
  });
  if (cache.size >= MAX_PREPARED) cache.clear();
  const p = { base, keys };
  cache.set(id, p);
  return p;
}

/** Verifies the candidates in order; the first that passes every check decides. */
export function verifyImageSignature(policy: SignaturePolicy, imageDigest: string, candidates: BundleCandidate[], roots: TrustedRoots): SignatureOutcome {
  if (candidates.length === 0) return { status: 'missing' };
  // Only a policy stored before trust was required to be named (the old `requireSignature: true`).
  if (policy.keys.length === 0 && policy.identities.length === 0) {
    return { status: 'invalid', problems: ['the policy trusts no key and no identity: set signature.keys or signature.identities'] };
  }
  let trust: PreparedTrust;
  try {
    trust = prepare(policy, roots);
  } catch (e) {
    return { status: 'invalid', problems: [`the policy's trust cannot be used: ${short(e)}`] };
  }
  const problems: string[] = [];
  for (const c of candidates) {
    const r = verifyOne(policy, trust, imageDigest, c.bundle);
    if (r.ok) return { status: 'verified', signer: r.signer, source: c.source };
    problems.push(`${c.source}: ${r.why}`);
  }
  const shown = problems.slice(0, MAX_PROBLEMS);
  if (problems.length > MAX_PROBLEMS) shown.push(`and ${problems.length - MAX_PROBLEMS} more bundles that did not verify`);
  return { status: 'invalid', problems: shown };
}

type OneResult = { ok: true; signer: string } | { ok: false; why: string };

function verifyOne(policy: SignaturePolicy, trust: PreparedTrust, imageDigest: string, raw: unknown): OneResult {
  // 1. A well-formed DSSE bundle.
  const parsed = readBundle(raw);
  if (!parsed.ok) return parsed;
  const bundle = parsed.bundle;
  if (bundle.content.$case !== 'dsseEnvelope') {
    return { ok: false, why: 'malformed bundle: a message-signature bundle does not carry what it signs; sign the image as a DSSE in-toto statement or cosign simple-signing payload' };
  }
  let entity: SignedEntity;
  try {
    entity = toSignedEntity(bundle);
  } catch (e) {
    return { ok: false, why: `malformed bundle: ${short(e)}` };
  }
  const thresholds = { tlogThreshold: policy.tlogThreshold, ctlogThreshold: policy.ctlogThreshold, timestampThreshold: policy.timestampThreshold };

  // 2. The signature, with the trust the policy names.
  let signer: string;
  if (entity.key.$case === 'public-key') {
    if (trust.keys.length === 0) return { ok: false, why: 'untrusted key: the bundle is signed with a key and the policy trusts only keyless identities' };
    const hint = entity.key.hint;
    const order = [...trust.keys].sort((a, b) => Number(b.name === hint && hint !== '') - Number(a.name === hint && hint !== ''));
    // Which trusted key made this signature (a bare signature check), then the full verification
    // with that key alone: logs and timestamps are checked once, and a wrong key is named as such.
    const key = order.find((k) => entity.signature.verifySignature(k.key));
    if (!key) return { ok: false, why: `untrusted key or altered content: the signature verifies with none of the policy's ${trust.keys.length} key${trust.keys.length === 1 ? '' : 's'}` };
    try {
      new Verifier({ ...trust.base, publicKey: () => ({ publicKey: key.key, validFor: () => true }) }, thresholds).verify(entity);
    } catch (e) {
      return { ok: false, why: describe(e) };
    }
    signer = `key ${key.label}`;
  } else {
    if (policy.identities.length === 0) return { ok: false, why: 'untrusted key: the bundle is signed with a certificate and the policy trusts only keys' };
    let s: Signer;
    try {
      s = new Verifier(trust.base, thresholds).verify(entity);
    } catch (e) {
      return { ok: false, why: describe(e) };
    }
    const issuer = s.identity?.extensions?.issuer;
    const subject = s.identity?.subjectAlternativeName;
    const match = policy.identities.find((i) => issuer !== undefined && subject !== undefined && i.issuer === issuer && (i.subject !== undefined ? i.subject === subject : globMatch(i.subjectPattern!, subject)));
    if (!match) {
      return { ok: false, why: `identity mismatch: the certificate names ${quote(subject)} from issuer ${quote(issuer)}, which no identity of the policy matches` };
    }
    signer = `identity ${subject} (issuer ${issuer})`;
  }

  // 3. What was signed binds to this image.
  const env = bundle.content.dsseEnvelope;
  const signed = signedDigests(env.payloadType, env.payload);
  if (!signed.ok) return { ok: false, why: `digest mismatch: ${signed.why}` };
  if (!signed.digests.includes(imageDigest)) {
    const named = signed.digests.slice(0, 3).join(', ') + (signed.digests.length > 3 ? ', ...' : '');
    return { ok: false, why: `digest mismatch: the valid signature (${signer}) is for ${named}, not ${imageDigest}` };
  }
  return { ok: true, signer };
}

/** Parses a bundle (object or JSON text) within the size bound; a reason when it is not one. */
export function readBundle(raw: unknown): { ok: true; bundle: Bundle } | { ok: false; why: string } {
  let text: string;
  let obj: unknown = raw;
  if (typeof raw === 'string') text = raw;
  else {
    try {
      text = JSON.stringify(raw) ?? '';
    } catch {
      return { ok: false, why: 'malformed bundle: not JSON' };
    }
  }
  if (text.length > MAX_BUNDLE_CHARS) return { ok: false, why: `malformed bundle: larger than ${MAX_BUNDLE_CHARS} bytes` };
  if (typeof raw === 'string') {
    try {
      obj = JSON.parse(raw);
    } catch {
      return { ok: false, why: 'malformed bundle: not JSON' };
    }
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return { ok: false, why: 'malformed bundle: not a JSON object' };
  try {
    return { ok: true, bundle: bundleFromJSON(obj) };
  } catch (e) {
    if (e instanceof ValidationError) return { ok: false, why: `malformed bundle: invalid ${e.fields.slice(0, 5).join(', ') || 'content'}` };
    return { ok: false, why: `malformed bundle: ${short(e)}` };
  }
}

/** A verification error as a reason: its category first, then sigstore's own words. */
function describe(e: unknown): string {
  if (e instanceof VerificationError) {
    switch (e.code) {
      case 'CERTIFICATE_ERROR':
        return `untrusted certificate: ${short(e)}`;
      case 'PUBLIC_KEY_ERROR':
        return `untrusted key: ${short(e)}`;
      case 'SIGNATURE_ERROR':
        return 'untrusted key or altered content: the signature does not verify';
      case 'TIMESTAMP_ERROR':
        return `timestamp: ${short(e)}`;
      default:
        return `transparency log: ${short(e)}`;
    }
  }
  return `verification failed: ${short(e)}`;
}

function short(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/\s+/g, ' ').slice(0, 200);
}

function quote(s: string | undefined): string {
  return s === undefined ? '(none)' : JSON.stringify(s.slice(0, 200));
}

/**
 * What a signature is about: the image digests that a bundle's signed payload names.
 *
 * A signature only vouches for an image when the signed bytes bind to that image's digest, so
 * the gate accepts DSSE envelopes (the signature covers payload type and payload) of two kinds:
 * - an in-toto Statement (`application/vnd.in-toto+json`, v0.1 or v1), e.g. from
 *   `cosign attest` or `sigstore attest`: each `subject[].digest.sha256` is a signed digest;
 * - a cosign simple-signing payload (`application/vnd.dev.cosign.simplesigning.v1+json`):
 *   `critical.image.docker-manifest-digest`.
 * A message-signature bundle signs bytes the bundle does not carry, so it cannot prove what was
 * signed without the artifact and is refused.
 */

export const IN_TOTO_TYPE = 'application/vnd.in-toto+json';
export const SIMPLE_SIGNING_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';

const IN_TOTO_STATEMENTS = new Set(['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1']);
const HEX64 = /^[0-9a-f]{64}$/;
/** More subjects than any image attestation needs; bounds the work on a hostile payload. */
const MAX_SUBJECTS = 1024;

export type SignedSubject = { ok: true; digests: string[] } | { ok: false; why: string };

/** The `sha256:<hex>` digests a DSSE payload of a known type signs for. */
export function signedDigests(payloadType: string, payload: Buffer): SignedSubject {
  if (payloadType !== IN_TOTO_TYPE && payloadType !== SIMPLE_SIGNING_TYPE) {
    return { ok: false, why: `unsupported payload type ${JSON.stringify(payloadType.slice(0, 80))} (expected ${IN_TOTO_TYPE} or ${SIMPLE_SIGNING_TYPE})` };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(payload.toString('utf8'));
  } catch {
    return { ok: false, why: `the signed ${payloadType} payload is not JSON` };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { ok: false, why: 'the signed payload is not a JSON object' };
  const o = doc as Record<string, unknown>;

  if (payloadType === IN_TOTO_TYPE) {
    if (typeof o._type !== 'string' || !IN_TOTO_STATEMENTS.has(o._type)) return { ok: false, why: 'the signed payload is not an in-toto Statement (v0.1 or v1)' };
    if (!Array.isArray(o.subject) || o.subject.length === 0) return { ok: false, why: 'the in-toto Statement has no subject' };
    if (o.subject.length > MAX_SUBJECTS) return { ok: false, why: `the in-toto Statement has more than ${MAX_SUBJECTS} subjects` };
    const digests: string[] = [];
    for (const s of o.subject) {
      const d = (s as { digest?: { sha256?: unknown } } | null)?.digest?.sha256;
      if (typeof d === 'string' && HEX64.test(d.toLowerCase())) digests.push('sha256:' + d.toLowerCase());
    }
    if (digests.length === 0) return { ok: false, why: 'no subject of the in-toto Statement has a sha256 digest' };
    return { ok: true, digests };
  }

  // Simple signing.
  const critical = o.critical as { image?: { 'docker-manifest-digest'?: unknown } } | undefined;
  const d = critical?.image?.['docker-manifest-digest'];
  if (typeof d !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(d)) return { ok: false, why: 'the simple-signing payload has no critical.image.docker-manifest-digest of the form sha256:<hex>' };
  return { ok: true, digests: [d] };
}

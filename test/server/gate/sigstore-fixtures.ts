import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/**
 * Sigstore bundles built in the test: DSSE envelopes over in-toto statements or cosign
 * simple-signing payloads, signed with keys made here (no network, no fixtures from elsewhere).
 */

export const BUNDLE_V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';
export const IN_TOTO = 'application/vnd.in-toto+json';
export const SIMPLE_SIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';

export interface TestKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  pem: string;
}

export function ecKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicKey, pem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** DSSE pre-authentication encoding (the bytes a DSSE signature covers). */
export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}

export function statement(digests: string[], predicateType = 'https://slsa.dev/provenance/v1'): Buffer {
  return Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: digests.map((d, i) => ({ name: `registry.example/shop/web-${i}`, digest: { sha256: d.replace(/^sha256:/, '') } })),
      predicateType,
      predicate: { builder: { id: 'https://ci.example/builder' } },
    }),
  );
}

export function simpleSigning(digest: string): Buffer {
  return Buffer.from(JSON.stringify({ critical: { identity: { 'docker-reference': 'registry.example/shop/web' }, image: { 'docker-manifest-digest': digest }, type: 'cosign container image signature' }, optional: null }));
}

export interface BundleParts {
  payloadType: string;
  payload: Buffer;
  /** The signature over the PAE; defaults to signing with `key`. */
  sig?: Buffer;
  key?: KeyObject;
  /** Public-key hint (key-signed bundles). */
  hint?: string;
  /** DER of a leaf certificate (keyless bundles) instead of a key hint. */
  certificate?: Buffer;
  /** DER TimeStampResp tokens. */
  timestamps?: Buffer[];
}

export function dsseSign(key: KeyObject, payloadType: string, payload: Buffer): Buffer {
  return sign('sha256', pae(payloadType, payload), key);
}

/** A serialized (JSON) Sigstore v0.3 bundle with a DSSE envelope. */
export function dsseBundle(p: BundleParts): Record<string, unknown> {
  const sig = p.sig ?? dsseSign(p.key!, p.payloadType, p.payload);
  return {
    mediaType: BUNDLE_V03,
    verificationMaterial: {
      ...(p.certificate ? { certificate: { rawBytes: p.certificate.toString('base64') } } : { publicKey: { hint: p.hint ?? '' } }),
      tlogEntries: [],
      ...(p.timestamps ? { timestampVerificationData: { rfc3161Timestamps: p.timestamps.map((t) => ({ signedTimestamp: t.toString('base64') })) } } : {}),
    },
    dsseEnvelope: { payload: p.payload.toString('base64'), payloadType: p.payloadType, signatures: [{ sig: sig.toString('base64'), keyid: '' }] },
  };
}

/** A key-signed in-toto bundle for these digests. */
export function keyBundle(key: TestKey, digests: string[], hint = ''): Record<string, unknown> {
  return dsseBundle({ payloadType: IN_TOTO, payload: statement(digests), key: key.privateKey, hint });
}

/** The policy section trusting these keys, offline (no transparency log, no timestamps: said explicitly). */
export function keyPolicy(keys: { name?: string; pem: string }[]): Record<string, unknown> {
  return { required: true, keys, tlogThreshold: 0, timestampThreshold: 0 };
}

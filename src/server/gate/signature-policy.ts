import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';

/**
 * The `signature` part of an environment's policy: which signers the gate trusts for an image
 * signature (Sigstore bundles) and how much evidence it wants beyond the signature itself.
 *
 * Verification is offline: trust comes only from the policy (keys, identities) and a Sigstore
 * TrustedRoot given inline or by name from the server's trusted-root directory (read at start);
 * nothing is fetched from TUF, Rekor or Fulcio while deciding.
 */

/** Bounds that keep one check's verification work small. */
export const MAX_KEYS = 16;
export const MAX_IDENTITIES = 16;
const MAX_PEM_CHARS = 16_384;
/** The largest inline TrustedRoot, as JSON text (the public-good root is about 10 KiB). */
export const MAX_TRUSTED_ROOT_CHARS = 256 * 1024;

const KEY_NAME = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$/, 'a key name: letters, digits and . _ @ : - (at most 128)');
export const ROOT_FILE = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.json$/, 'a file name in the trusted-root directory ending in .json');

const KeySchema = z
  .object({
    name: KEY_NAME.optional(),
    /** An SPKI public key in PEM (ECDSA P-256/P-384, Ed25519 or RSA). */
    pem: z.string().min(1).max(MAX_PEM_CHARS),
  })
  .strict()
  .superRefine((k, ctx) => {
    if (publicKeyOf(k.pem) === null) ctx.addIssue({ code: 'custom', path: ['pem'], message: 'not a PEM public key (expected -----BEGIN PUBLIC KEY-----)' });
  });

const IdentitySchema = z
  .object({
    /** The OIDC issuer in the Fulcio certificate, compared exactly. */
    issuer: z.string().min(1).max(512),
    /** The certificate's subject (SAN: an email or URI), compared exactly. */
    subject: z.string().min(1).max(1024).optional(),
    /**
     * A glob over the subject: `*` matches any run of characters (slashes included), everything
     * else is literal. A glob rather than a regex so a policy cannot make matching slow.
     */
    subjectPattern: z.string().min(1).max(1024).optional(),
  })
  .strict()
  .refine((i) => (i.subject === undefined) !== (i.subjectPattern === undefined), 'exactly one of subject or subjectPattern');

const THRESHOLD = z.number().int().min(0).max(8);

export const SignatureSchema = z
  .object({
    /** false switches the check off while keeping the trust configured (nothing is verified then). */
    required: z.boolean().default(true),
    keys: z.array(KeySchema).max(MAX_KEYS).default([]),
    identities: z.array(IdentitySchema).max(MAX_IDENTITIES).default([]),
    /** A Sigstore TrustedRoot document (CAs, Rekor logs, CT logs, timestamp authorities). */
    trustedRoot: z
      .record(z.string(), z.unknown())
      .refine((r) => JSON.stringify(r).length <= MAX_TRUSTED_ROOT_CHARS, `at most ${MAX_TRUSTED_ROOT_CHARS} characters`)
      .optional(),
    /** Or the name of a TrustedRoot file in the server's trusted-root directory. */
    trustedRootFile: ROOT_FILE.optional(),
    /**
     * Evidence counts, Sigstore's defaults (1). 0 switches a check off and must be written
     * explicitly: e.g. a key-signed bundle never uploaded to a transparency log needs
     * `tlogThreshold: 0, timestampThreshold: 0`.
     */
    tlogThreshold: THRESHOLD.default(1),
    ctlogThreshold: THRESHOLD.default(1),
    timestampThreshold: THRESHOLD.default(1),
  })
  .strict()
  .refine((s) => s.trustedRoot === undefined || s.trustedRootFile === undefined, 'trustedRoot and trustedRootFile: give one, not both');

export type SignaturePolicy = z.infer<typeof SignatureSchema>;
export type SignatureKey = SignaturePolicy['keys'][number];
export type SignatureIdentity = SignaturePolicy['identities'][number];

/** The key in a PEM text, or null when it is not a public key. */
export function publicKeyOf(pem: string): KeyObject | null {
  if (!pem.includes('-----BEGIN PUBLIC KEY-----')) return null;
  try {
    const k = createPublicKey({ key: pem, format: 'pem' });
    return k.type === 'public' ? k : null;
  } catch {
    return null;
  }
}

/** How a key is named in reasons: its policy name, else `sha256:` + 16 hex of its SPKI DER. */
export function keyLabel(k: SignatureKey): string {
  if (k.name) return k.name;
  const key = publicKeyOf(k.pem);
  const der = key ? key.export({ type: 'spki', format: 'der' }) : Buffer.from(k.pem);
  return 'sha256:' + createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/**
 * Rules a policy must meet to be saved, beyond its shape: a requirement that cannot be met, or a
 * trust setting that would silently skip a check, is refused with the field that is wrong.
 * `rootFiles` are the trusted-root file names the server loaded at start.
 */
export function signatureProblems(s: SignaturePolicy, rootFiles: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const at = (field: string, msg: string) => problems.push(`signature.${field}: ${msg}`);
  const hasRoot = s.trustedRoot !== undefined || s.trustedRootFile !== undefined;
  if (s.required && s.keys.length === 0 && s.identities.length === 0) {
    at('keys', 'a required signature needs at least one trusted key or identity');
  }
  if (s.identities.length > 0) {
    if (!hasRoot) at('trustedRoot', 'keyless identities need a trustedRoot (or trustedRootFile) holding the certificate authority');
    // The certificate chain is checked at the signing time that a timestamp proves: without one it is not checked at all.
    if (s.timestampThreshold < 1) at('timestampThreshold', 'keyless identities need at least 1 timestamp (transparency log or timestamp authority)');
  }
  if (!hasRoot) {
    if (s.tlogThreshold > 0) at('tlogThreshold', 'transparency-log entries can only be verified with a trustedRoot; set a trustedRoot or tlogThreshold: 0 explicitly');
    if (s.timestampThreshold > 0 && s.identities.length === 0) at('timestampThreshold', 'timestamps can only be verified with a trustedRoot; set a trustedRoot or timestampThreshold: 0 explicitly');
  }
  if (s.trustedRootFile !== undefined && !rootFiles.has(s.trustedRootFile)) {
    at('trustedRootFile', `the server has no trusted root ${s.trustedRootFile} (files are read from its trusted-root directory at start)`);
  }
  const names = new Set<string>();
  s.keys.forEach((k, i) => {
    if (k.name === undefined) return;
    if (names.has(k.name)) at(`keys.${i}.name`, `duplicate key name ${k.name}`);
    names.add(k.name);
  });
  return problems;
}

/** Does `subject` match a glob where `*` is any run of characters? Linear in practice, never exponential. */
export function globMatch(pattern: string, subject: string): boolean {
  let p = 0;
  let s = 0;
  let star = -1;
  let mark = 0;
  while (s < subject.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === subject[s]) {
      p++;
      s++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = s;
    } else if (star !== -1) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

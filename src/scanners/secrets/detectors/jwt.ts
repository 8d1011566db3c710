import { createHmac } from 'node:crypto';
import type { Detector } from '../detector.js';
import { charClasses, b64decode } from '../pattern-parts.js';
import { shannonEntropy } from '../filters.js';
import { trimEndChars } from '../../../core/trim.js';

function jsonSegment(seg: string): Record<string, unknown> | null {
  const d = b64decode(seg);
  if (!d) return null;
  try {
    const v: unknown = JSON.parse(d.toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A signed JWS: JSON header with a real `alg`, JSON payload, non-trivial signature. */
export function validJwt(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const header = jsonSegment(parts[0]!);
  if (!header || typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') return false;
  const payload = jsonSegment(parts[1]!);
  if (!payload) return false;
  // The jwt.io / RFC documentation sample (John Doe, sub 1234567890) appears in countless tests.
  if (payload.sub === '1234567890' && payload.name === 'John Doe') return false;
  const sig = b64decode(parts[2]!);
  if (sig === null || sig.length < 16) return false;
  return !signedWithDocsSecret(header.alg, `${parts[0]}.${parts[1]}`, parts[2]!);
}

// HMAC keys that tutorials and library READMEs sign their sample tokens with.
const DOCS_SECRETS = ['secret', 'your-256-bit-secret', 'your-384-bit-secret', 'your-512-bit-secret', 'your-secret', 'key', 'secretkey', 'my-secret', 'shhhhh'];
const HMAC: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** True for an HS* token whose signature verifies with a documentation secret: a sample, not a leak. */
function signedWithDocsSecret(alg: string, data: string, sig: string): boolean {
  const h = HMAC[alg];
  if (!h) return false;
  const want = trimEndChars(sig, '=');
  return DOCS_SECRETS.some((k) => createHmac(h, k).update(data).digest('base64url') === want);
}

/** Signing secrets that are stand-ins (words joined by dashes) rather than random keys. */
function realSigningSecret(s: string): boolean {
  if (/^[a-z]+(?:[_\-. ][a-z]+)*$/i.test(s) && !/[0-9]/.test(s)) return false;
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(s)) return false; // config.jwt.secret
  return charClasses(s) >= 2 && shannonEntropy(s) >= 3;
}

export const detectors: Detector[] = [
  {
    id: 'secrets/jwt/token',
    title: 'JSON Web Token',
    description: 'A signed JSON Web Token (header.payload.signature). Until it expires it authenticates as its subject to any service that trusts the issuer; its payload may also leak personal data.',
    remediation: 'Revoke the session or token at the issuer (or rotate the signing key if it must die now), and stop logging or committing bearer tokens.',
    severity: 'medium',
    cwe: [798],
    references: ['https://www.rfc-editor.org/rfc/rfc7519'],
    keywords: ['eyj'],
    pattern:
      '(?:^|[^A-Za-z0-9_.-])(eyJ[A-Za-z0-9_-]{8,}={0,2}\\.[A-Za-z0-9_-]{4,}={0,2}\\.[A-Za-z0-9_-]{16,}={0,2})(?:[^A-Za-z0-9_.=-]|$)',
    maxLength: 8192,
    check: validJwt,
  },
  {
    id: 'secrets/jwt/signing-secret',
    title: 'JWT signing secret',
    description: 'A literal HMAC secret for signing JWTs (JWT_SECRET=..., jwt.sign(payload, "...")); whoever holds it can mint valid tokens for any user.',
    remediation: 'Generate a new random signing key (at least 256 bits), load it from a secrets manager, and invalidate tokens signed with the old one.',
    severity: 'high',
    cwe: [798, 321],
    references: ['https://www.rfc-editor.org/rfc/rfc7518#section-3.2'],
    keywords: ['jwt', 'jws'],
    pattern:
      `(?:(?i:jw[ts])[_.\\-]?(?i:secret|signing[_.\\-]?key|secret[_.\\-]?key|key|hmac[_.\\-]?key)["'\\]]{0,2}[ \\t]{0,4}(?::=|=>|=|:)[ \\t]{0,4}` +
      `|jwt\\.(?:sign|verify)\\([^,()]{1,200},[ \\t]{0,4})` +
      `["'\`]?([^"'\`\\s,;(){}<>\\[\\]]{8,200})(?:["'\`\\s,;)]|$)`,
    maxLength: 460,
    minEntropy: 2.8,
    check: realSigningSecret,
  },
];

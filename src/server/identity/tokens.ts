import { createHash, hash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Rampart API token format:
 *
 *   rmp_<k>_<43 random base62 chars><6-char base62 CRC32>
 *
 * `<k>` names the kind (u = user, s = service account, c = short-lived CI token). 43 base62
 * characters carry 43 * log2(62) ≈ 256.03 bits. The checksum is the CRC32 of everything before
 * it (prefix included, so a token whose kind letter was altered fails too), base62, zero-padded
 * to 6 characters. It lets the secret scanner recognise leaked tokens and lets the server refuse
 * typos without a database lookup; it is not a security control (anyone can compute a CRC).
 */

export type TokenKind = 'user' | 'service' | 'ci';

const KIND_LETTER: Record<TokenKind, string> = { user: 'u', service: 's', ci: 'c' };
const LETTER_KIND: Record<string, TokenKind> = { u: 'user', s: 'service', c: 'ci' };

export const TOKEN_PREFIX = 'rmp_';
export const RANDOM_LENGTH = 43;
export const CHECKSUM_LENGTH = 6;
/** Total length of every Rampart token: `rmp_` + kind letter + `_` + random + checksum. */
export const TOKEN_LENGTH = TOKEN_PREFIX.length + 2 + RANDOM_LENGTH + CHECKSUM_LENGTH;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// Anchored, no nested quantifiers: linear time. Length is checked before it runs.
const TOKEN_RE = /^rmp_([usc])_([0-9A-Za-z]{43})([0-9A-Za-z]{6})$/;

export interface NewToken {
  /** The full secret: show it once, never store or log it. */
  token: string;
  /** Row id for the api_tokens table (not secret, not derived from the token). */
  id: string;
  /** Hex SHA-256 of the token: the only form stored. */
  hash: string;
  kind: TokenKind;
  /** `rmp_u_` etc.: stored to tell kinds apart in listings. */
  prefix: string;
  /** Safe to show and log: the prefix, four random characters and the length. */
  display: string;
}

export interface ParsedToken {
  kind: TokenKind;
  prefix: string;
  random: string;
  checksum: string;
}

/** Base62 of a 32-bit unsigned integer, left-padded with zeros to `width`. */
export function base62(n: number, width: number): string {
  let s = '';
  let v = n >>> 0;
  while (v > 0) {
    s = BASE62[v % 62]! + s;
    v = Math.floor(v / 62);
  }
  return s.padStart(width, '0');
}

/** The 6-character checksum for the token text before it (`rmp_u_` + random part). */
export function tokenChecksum(head: string): string {
  return base62(crc32(head), CHECKSUM_LENGTH);
}

/** Uniform random base62 string: rejection sampling, so no character is more likely than another. */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      // 248 = 4 * 62: bytes at or above it would bias the first characters, so they are dropped.
      if (b < 248) out += BASE62[b % 62]!;
      if (out.length === length) break;
    }
  }
  return out;
}

export function newToken(kind: TokenKind): NewToken {
  const letter = KIND_LETTER[kind];
  if (letter === undefined) throw new TypeError(`unknown token kind: ${String(kind)}`);
  const prefix = `${TOKEN_PREFIX}${letter}_`;
  const head = prefix + randomBase62(RANDOM_LENGTH);
  const token = head + tokenChecksum(head);
  return { token, id: randomUUID(), hash: hashToken(token), kind, prefix, display: redactToken(token) };
}

/** Format and checksum check only (no database): null for anything that is not a Rampart token. */
export function parseToken(s: unknown): ParsedToken | null {
  if (typeof s !== 'string' || s.length !== TOKEN_LENGTH) return null;
  const m = TOKEN_RE.exec(s);
  if (m === null) return null;
  const [, letter, random, checksum] = m as unknown as [string, string, string, string];
  const prefix = `${TOKEN_PREFIX}${letter}_`;
  if (tokenChecksum(prefix + random) !== checksum) return null;
  const kind = LETTER_KIND[letter];
  if (kind === undefined) return null;
  return { kind, prefix, random, checksum };
}

/**
 * Hex SHA-256 of the token. A fast unsalted hash is right here, unlike for passwords: tokens
 * carry 256 random bits, so neither brute force nor precomputed tables can invert the hash, and
 * a deterministic hash lets the server find the row by an indexed lookup on every request
 * without a slow KDF in the hot path.
 */
export function hashToken(token: string): string {
  // One-shot hash: no Hash object per request (same digest as createHash().update().digest()).
  return hash('sha256', token, 'hex');
}

/**
 * Constant-time comparison. Both sides are hashed first, so the compared buffers always have the
 * same length and the time taken says nothing about the length or content of either token.
 */
export function tokensEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

/** Constant-time comparison of two hex digests (e.g. a stored hash and hashToken(presented)). */
export function hashesEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ba.length !== bb.length) return false;
  return timingSafeEqual(ba, bb);
}

/** A form safe for logs and listings: `rmp_u_AbCd…(55)`. Never reveals enough to use the token. */
export function redactToken(token: string): string {
  const parsed = parseToken(token);
  if (parsed === null) return `…(${token.length})`;
  return `${parsed.prefix}${parsed.random.slice(0, 4)}…(${token.length})`;
}

import { crc32 } from 'node:zlib';
import { base62 } from '../../../src/scanners/secrets/checksum.js';
import { isPlaceholder } from '../../../src/scanners/secrets/filters.js';

/** Character sets for synthetic test tokens. */
export const CS = {
  alnum: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  lowerAlnum: '0123456789abcdefghijklmnopqrstuvwxyz',
  upperAlnum: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  hex: '0123456789abcdef',
  upperHex: '0123456789ABCDEF',
  b64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  b64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  base32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  lowerBase32: 'abcdefghijklmnopqrstuvwxyz234567',
} as const;

/**
 * Deterministic generator of random-looking synthetic tokens (mulberry32). Every string it returns
 * passes the engine's placeholder filter, so a failing case is the detector's fault, not the data's.
 */
export function synth(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const raw = (cs: string, n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += cs[Math.floor(next() * cs.length)]!;
    return s;
  };
  /** n characters from cs; regenerated until it is not placeholder-like. */
  const tok = (cs: string, n: number): string => {
    for (;;) {
      const s = raw(cs, n);
      if (!isPlaceholder(s) && (n < 8 || (/[0-9]/.test(s) || !/[0-9]/.test(cs)))) return s;
    }
  };
  const bytes = (n: number): Buffer => {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = Math.floor(next() * 256);
    return b;
  };
  const uuid = () => {
    const h = tok(CS.hex, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  return { tok, bytes, uuid, next };
}

/** GitHub / npm style: `prefix` + 30 random base62 + 6-char CRC32 checksum. */
export function withCrc32(prefix: string, body: string): string {
  return `${prefix}${body}${base62(crc32(body), 6)}`;
}

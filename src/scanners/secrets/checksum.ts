import { crc32 } from 'node:zlib';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function base62(n: number, width: number): string {
  let s = '';
  let v = n >>> 0;
  while (v > 0) {
    s = BASE62[v % 62]! + s;
    v = Math.floor(v / 62);
  }
  return s.padStart(width, '0');
}

/**
 * GitHub-style token checksum (also npm `npm_` tokens): the last 6 characters are the CRC32 of
 * the random part before them, in base62, left-padded with zeros.
 */
export function crc32Base62Valid(body: string, check: string): boolean {
  return base62(crc32(body), 6) === check;
}

import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { base62 } from '../../../../src/scanners/secrets/checksum.js';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * A synthetic GitHub classic PAT with a valid checksum, different for each label and the same
 * every run: `ghp_` + 30 base62 characters + their CRC32 in base62.
 */
export function ghpToken(label: string): string {
  const h = createHash('sha256').update(`rampart-git-test:${label}`).digest();
  let body = '';
  for (let i = 0; i < 30; i++) body += ALNUM[h[i]! % 62];
  return `ghp_${body}${base62(crc32(body), 6)}`;
}

import type { FamilyCases } from '../detector-cases.js';
import { base62 } from '../../../../src/scanners/secrets/checksum.js';
import { crc32 } from 'node:zlib';

// Synthetic: 30 random base62 characters plus their real checksum.
const body = 'Kq7Rm2Vx9Lp4Tz8Wb3Nc6Yd1Hf5Gj0';
const valid = (prefix: string) => `${prefix}${body}${base62(crc32(body), 6)}`;
const badChecksum = (prefix: string) => `${prefix}${body}AAAAAA`;

export const cases: FamilyCases = {
  'secrets/github/classic-pat': {
    flagged: [`GITHUB_TOKEN=${valid('ghp_')}`, `token: "${valid('ghp_')}"`, `x${' '.repeat(3)}${valid('ghp_')}\n`],
    clean: [badChecksum('ghp_'), `ghp_${'x'.repeat(36)}`, `ghp_${body}`, `prefixghp_${body}${base62(crc32(body), 6)}`],
  },
  'secrets/github/oauth-token': {
    flagged: [`auth = '${valid('gho_')}'`],
    clean: [badChecksum('gho_'), valid('ghp_')],
  },
};

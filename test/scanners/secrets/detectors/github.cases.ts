import type { FamilyCases } from '../detector-cases.js';
import { base62 } from '../../../../src/scanners/secrets/checksum.js';
import { crc32 } from 'node:zlib';
import { CS, synth } from '../synthetic-tokens.js';

// Synthetic: 30 random base62 characters plus their real checksum.
const body = 'Kq7Rm2Vx9Lp4Tz8Wb3Nc6Yd1Hf5Gj0';
const valid = (prefix: string) => `${prefix}${body}${base62(crc32(body), 6)}`;
const badChecksum = (prefix: string) => `${prefix}${body}AAAAAA`;
const g = synth(0x6170);
const fineGrained = `github_pat_${g.tok(CS.alnum, 22)}_${g.tok(CS.alnum, 59)}`;
const ghrLong = `ghr_${g.tok(CS.alnum, 76)}`;

export const cases: FamilyCases = {
  'secrets/github/classic-pat': {
    flagged: [`GITHUB_TOKEN=${valid('ghp_')}`, `token: "${valid('ghp_')}"`, `x${' '.repeat(3)}${valid('ghp_')}\n`],
    clean: [badChecksum('ghp_'), `ghp_${'x'.repeat(36)}`, `ghp_${body}`, `prefixghp_${body}${base62(crc32(body), 6)}`],
  },
  'secrets/github/oauth-token': {
    flagged: [`auth = '${valid('gho_')}'`, `{"access_token":"${valid('gho_')}","scope":"repo"}`],
    clean: [badChecksum('gho_'), valid('ghp_'), `gho_${body}`, 'gho_<oauth-token>'],
  },
  'secrets/github/user-to-server-token': {
    flagged: [`GH_USER_TOKEN=${valid('ghu_')}`, `{"access_token": "${valid('ghu_')}", "token_type": "bearer"}`],
    clean: [badChecksum('ghu_'), `ghu_${body}`, `ghu_${'x'.repeat(36)}`, `id: x${valid('ghu_')}`],
  },
  'secrets/github/server-to-server-token': {
    flagged: [`      GITHUB_TOKEN: ${valid('ghs_')}`, `const token = '${valid('ghs_')}';`],
    clean: [badChecksum('ghs_'), `ghs_${body}`, valid('ghx_'), 'ghs_<installation-token>'],
  },
  'secrets/github/refresh-token': {
    flagged: [`refresh_token=${valid('ghr_')}`, `"refresh_token": "${ghrLong}"`],
    clean: [badChecksum('ghr_'), `ghr_${g.tok(CS.alnum, 50)}`, 'ghr_your_refresh_token_here'],
  },
  'secrets/github/fine-grained-pat': {
    flagged: [`export GH_TOKEN=${fineGrained}`, `token: "${fineGrained}"`],
    clean: [
      `github_pat_${g.tok(CS.alnum, 22)}_${g.tok(CS.alnum, 58)}`,
      `github_pat_${g.tok(CS.alnum, 22)}-${g.tok(CS.alnum, 59)}`,
      'github_pat_<your-token>',
      `github_pat_11AAAAAAAAAAAAAAAAAAAA_${'x'.repeat(59)}`,
    ],
  },
};

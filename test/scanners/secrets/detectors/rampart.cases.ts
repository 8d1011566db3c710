import { crc32 } from 'node:zlib';
import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';
import { base62 } from '../../../../src/scanners/secrets/checksum.js';
import { newToken } from '../../../../src/server/identity/tokens.js';

const g = synth(0x7a3c51);
// The checksum covers the prefix and the random part.
const make = (prefix: string, random: string) => `${prefix}${random}${base62(crc32(prefix + random), 6)}`;
const body = g.tok(CS.alnum, 43);
const user = make('rmp_u_', body);
const service = make('rmp_s_', g.tok(CS.alnum, 43));
const ci = make('rmp_c_', g.tok(CS.alnum, 43));
// A token minted by the server module itself, so the detector and the format cannot drift apart.
const minted = newToken('service').token;
const wrongSum = user.slice(0, 49) + (user.slice(49) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA');

export const cases: FamilyCases = {
  'secrets/rampart/api-token': {
    flagged: [
      `RAMPART_TOKEN=${user}`,
      `Authorization: Bearer ${service}`,
      `{"token":"${ci}"}`,
      `export RAMPART_TOKEN='${minted}'`,
      `${user} ${service}`,
    ],
    clean: [
      `RAMPART_TOKEN=${wrongSum}`,
      // Same random part and checksum under another kind letter: the checksum no longer fits.
      `RAMPART_TOKEN=rmp_s_${user.slice(6)}`,
      `RAMPART_TOKEN=rmp_x_${user.slice(6)}`,
      `RAMPART_TOKEN=${user}Z`,
      `RAMPART_TOKEN=${user.slice(0, -1)}`,
      `RAMPART_TOKEN=rmp_u_${'x'.repeat(49)}`,
      'RAMPART_TOKEN=${RAMPART_TOKEN}',
    ],
  },
};

import type { FamilyCases } from '../detector-cases.js';
import { BECH32_CHARSET, bech32Checksum } from '../../../../src/scanners/secrets/bech32.js';
import { gen } from '../token-gen.js';

const g = gen('age');
const data = g.str(BECH32_CHARSET, 52);
const key = `AGE-SECRET-KEY-1${(data + bech32Checksum('age-secret-key-', data)).toUpperCase()}`;
const broken = key.slice(0, -1) + (key.endsWith('Q') ? 'P' : 'Q');

export const cases: FamilyCases = {
  'secrets/age/secret-key': {
    flagged: [`# created: 2024-05-01T10:00:00Z\n# public key: age1${g.str(BECH32_CHARSET, 58)}\n${key}\n`, `SOPS_AGE_KEY=${key}\n`],
    clean: [broken, key.slice(0, -2), 'AGE-SECRET-KEY-1<your-key>', key.toLowerCase().replace('age-secret-key-1', 'AGE-SECRET-KEY-1')],
  },
};

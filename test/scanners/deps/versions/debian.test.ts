import { describe, expect, it } from 'vitest';
import { scheme } from '../../../../src/scanners/deps/ecosystems/debian/version.js';
import { runTable, type OrderingTable } from './table.js';

// deb-version(7) and Debian Policy §5.6.12: epoch, upstream_version, debian_revision; `~` before
// everything, then the end, then letters, then other characters; digit runs numerically.
const table: OrderingTable = {
  chains: [
    [
      '0.9',
      '1.0~~',
      '1.0~~a',
      '1.0~',
      '1.0~alpha',
      '1.0~beta1',
      '1.0~rc1',
      '1.0~rc1-1',
      '1.0~rc2',
      '1.0',
      '1.0-0.1',
      '1.0-1~bpo11+1',
      '1.0-1',
      '1.0-1build1',
      '1.0-1ubuntu1~20.04',
      '1.0-1ubuntu1',
      '1.0-1ubuntu2',
      '1.0-1+b1',
      '1.0-1+deb11u1',
      '1.0-1+deb11u2',
      '1.0-1+deb11u10',
      '1.0-1+deb12u1',
      '1.0-1.1',
      '1.0-2',
      '1.0-10',
      '1.0A',
      '1.0a',
      '1.0b',
      '1.0z',
      '1.0+dfsg',
      '1.0+dfsg-1',
      '1.0+dfsg1',
      '1.0-beta-1', // upstream "1.0-beta": `-` is a non-letter, after `+`
      '1.0.1',
      '1.0.2',
      '1.0.10',
      '1.1~beta',
      '1.1',
      '1.9',
      '1.10',
      '10',
      '99999999999999999999',
      '1:0.1',
      '1:0.9-1',
      '1:1.0',
      '2:0',
      '10:0',
    ],
  ],
  equal: [
    ['1.0', '0:1.0', '1.0-0', '00:1.0', '1.0-00'],
    ['1.00', '1.0', '1.000-0'],
    ['1.01', '1.1'],
    ['1:2.0-1', '01:2.0-1', '1:2.00-01'],
    ['2.30-0ubuntu1', '2.30-0ubuntu01', ' 2.30-0ubuntu1 '],
  ],
  less: [
    ['1.0~rc1', '1.0'], // `~` sorts before the end
    ['1.0', '1.0a'], // the end sorts before a letter
    ['1.0a', '1.0+'], // letters before non-letters
    ['1.0+', '1.0.'],
    ['1.0~~', '1.0~'],
    ['1.0A', '1.0a'], // ASCII among letters
    ['1.0Z', '1.0a'],
    ['1.0z', '1.0+'],
    ['1.9', '1.10'], // digit runs numerically
    ['1.2.3-1~bpo11+1', '1.2.3-1'],
    ['1.2.3-1', '1.2.3-1+deb11u1'],
    ['2.30-0ubuntu1~20.04', '2.30-0ubuntu1'],
    ['2.30-0ubuntu1~18.04', '2.30-0ubuntu1~20.04'],
    ['1:0.1', '2:0.0'], // epochs first
    ['9.9-9', '1:0'],
    ['1.0-9', '1.0.1-1'], // upstream before revision
    ['1.0-1', '1.0-a'], // each part starts with a non-digit run: empty (the end) sorts before a letter
  ],
  invalid: ['', 'a1.0', '1.0-', ':1.0', 'a:1.0', '1.0_1', '1.0 1', '1.0-1-', '-1', '1.0-rev_1', '1:2:3', '1.0-1:2',
    '-1:1.0', '1.0-1/2', 'latest', '~1.0', '+1.0', '1:', '1.0-1!'],
};

describe('Debian versions (dpkg)', () => {
  runTable(scheme, table, 100);
  it('serves Debian and Ubuntu', () => expect(scheme.ecosystems).toEqual(['Debian', 'Ubuntu']));
});

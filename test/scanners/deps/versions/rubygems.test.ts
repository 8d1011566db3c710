import { describe } from 'vitest';
import { scheme } from '../../../../src/scanners/deps/ecosystems/rubygems/version.js';
import { runTable, type OrderingTable } from './table.js';

// Gem::Version: segments, letters make a prerelease (sorting before numbers), `-` read as `.pre.`,
// trailing zeros ignored (canonical segments).
const table: OrderingTable = {
  chains: [
    [
      '0.0.1',
      '0.1',
      '0.9.9',
      '1.0.A', // byte order: upper case first
      '1.0.a',
      '1.0.a.1',
      '1.0.a.2',
      '1.0.a.10',
      '1.0.alpha',
      '1.0.b',
      '1.0.b1',
      '1.0.b2',
      '1.0.beta',
      '1.0-beta', // 1.0.pre.beta
      '1.0-rc1', // 1.0.pre.rc.1
      '1.0.rc1',
      '1.0.rc2',
      '1.0.rc10',
      '1.0',
      '1.0.0.1',
      '1.0.1.a',
      '1.0.1',
      '1.0.2',
      '1.0.10',
      '1.1.a',
      '1.1',
      '1.2',
      '1.10',
      '2.a',
      '2',
      '2.0.0.1',
      '3.0.0.0.0.1',
      '10',
      '100000000000000000000',
    ],
    ['4.0.0.pre', '4.0.0.pre.1', '4.0.0.pre1.1', '4.0.0.pre2', '4.0.0.rc', '4.0.0.rc1', '4.0.0'],
  ],
  equal: [
    ['1', '1.0', '1.0.0', '1.0.0.0', ' 1.0 ', '01.00', '1.00.0'],
    ['1.0.a', '1.0.a.0', '1.a', '1.0.0.a', '1.a.0.0'],
    ['1.0.b1', '1.0b1', '1.0.b.1', '1.0.0b1'],
    ['1.0-1', '1.0.pre.1', '1.0.0-1', '1-1'],
    ['1.0-rc.1', '1.0.pre.rc.1', '1.0-rc1'],
    ['2.5.0', '2.5'],
  ],
  less: [
    ['1.0.a', '1.0'], // a letter makes a prerelease, before the release
    ['1.0.0.a', '1.0'],
    ['1.0', '1.0.0.1'],
    ['1.0.rc', '1.0.0.1.a'], // a prerelease of a later release is later
    ['1.0.z', '1.0.0.0.1'],
    ['1.0-beta', '1.0.rc1'], // "pre" < "rc"
    ['1.0.pre', '1.0.rc'],
    ['1.0.B', '1.0.a'],
    ['1.9', '1.10'], // numbers, not strings
    ['1.0.a9', '1.0.a10'],
    ['1.0.a', '1.0.aa'], // longer string after its prefix
    ['1.0-1', '1.0'], // `-` is a prerelease
  ],
  invalid: ['', ' ', 'a1.0', '1..0', '1.0.', '.1', '1.0 beta', '1.0-', '1.0-beta_1', '1.0+build', '-1', '1.0-.1',
    'junk', 'v1.0', '1.0_1', '1,0', '= 1.0', '~> 1.0', '1.0-beta..1'],
};

describe('RubyGems versions (Gem::Version)', () => runTable(scheme, table, 40));

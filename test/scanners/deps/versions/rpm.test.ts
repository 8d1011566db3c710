import { describe, expect, it } from 'vitest';
import { scheme } from '../../../../src/scanners/deps/ecosystems/rpm/version.js';
import { runTable, type OrderingTable } from './table.js';

// rpmvercmp: alphanumeric segments, numbers newer than letters, `~` before everything, `^` after
// the end but before anything else; EVR compares epoch, version, release.
const table: OrderingTable = {
  chains: [
    [
      '0.9',
      '1.0~~',
      '1.0~rc1',
      '1.0~rc1^git1',
      '1.0~rc2',
      '1.0',
      '1.0^',
      '1.0^git1',
      '1.0^git2',
      '1.0^git2^1',
      '1.0a',
      '1.0b',
      '1.0.0',
      '1.0.0.0',
      '1.0.1~beta',
      '1.0.1',
      '1.0.1a',
      '1.0.2',
      '1.0.10',
      '1.1',
      '1.9',
      '1.10',
      '2',
      '10',
      '99999999999999999999',
      '1:0',
      '1:0.5',
      '2:0.1',
    ],
    // Releases.
    [
      '2.3.4-0',
      '2.3.4-1',
      '2.3.4-1.el8',
      '2.3.4-1.el9',
      '2.3.4-1.el9_1',
      '2.3.4-1.el9_1.1',
      '2.3.4-1.el9_2',
      '2.3.4-1.fc38',
      '2.3.4-2~rc1.el9',
      '2.3.4-2.el9',
      '2.3.4-10.el9',
      '2.3.5-0.1.el9',
      '0:2.3.6-1.el9',
      '1:2.0.0-1.el9',
    ],
  ],
  equal: [
    ['1.0', '1_0', '1+0', '1..0', '0:1.0', '1.0.', '01.0', '1.00'],
    ['1.0-1.el9', '0:1.0-1.el9', '1.0-1_el9', '1.0-01.el9', '00:1.0-1.el9'],
    ['1.0^git1', '1.0^git01'],
    ['1.1', '1.01', '1.00001'], // leading zeros ignored
    ['2.0~rc1', '2.0~rc01', '2.0~rc.1'],
  ],
  less: [
    ['1.0~rc1', '1.0'], // `~` before the end
    ['1.0', '1.0^1'], // `^` after the end...
    ['1.0^1', '1.0.1'], // ...but before anything else
    ['1.0^1', '1.0a'],
    ['1.0~1', '1.0^1'],
    ['1.a', '1.0'], // numeric segments newer than alphabetic
    ['2.0.x', '2.0.1'],
    ['1.0A', '1.0a'], // ASCII
    ['1.0a', '1.0aa'], // a longer segment
    ['1.0', '1.0a'], // the string with segments left over is newer
    ['1.0', '1.0.0'],
    ['1.9', '1.10'],
    ['1.0-1', '1.0-2'],
    ['1.0-2', '1.0.1-1'], // version before release
    ['1.0', '1.0-1'], // decision: an absent release is the empty string
    ['99:1.0', '100:0.1'], // epochs numerically
    ['5.14.0-284.11.1.el9_2', '5.14.0-284.18.1.el9_2'],
    ['3.0.7-16.el9_2', '3.0.7-17.el9'],
  ],
  invalid: ['', '1.0-', ':1.0', 'a:1.0', '1.0-1-2', '1.0 1', '1.0/1', '~', '^', '...', '-1', '1.0-1 2', '1:2:3', '1.0-el9!',
    '1.0,1', '1.0-1:2', '-1:1.0', '1.0(1)', 'é1.0', '@1'],
};

describe('RPM versions (rpmvercmp)', () => {
  runTable(scheme, table, 100);
  it('serves AlmaLinux, Rocky Linux and Red Hat', () => expect(scheme.ecosystems).toEqual(['AlmaLinux', 'Rocky Linux', 'Red Hat']));
});

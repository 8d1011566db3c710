import { describe } from 'vitest';
import { scheme } from '../../../../src/scanners/deps/ecosystems/maven/version.js';
import { runTable, type OrderingTable } from './table.js';

// Maven ComparableVersion (3.9) / POM reference "Version Order Specification".
const table: OrderingTable = {
  chains: [
    // Qualifiers: alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp < unknown.
    [
      '2.0-alpha1-SNAPSHOT',
      '2.0-alpha1',
      '2.0-a2',
      '2.0-alpha-3',
      '2.0-beta1-SNAPSHOT',
      '2.0-beta1',
      '2.0-b2',
      '2.0-BETA-3',
      '2.0-milestone1',
      '2.0-m2',
      '2.0-rc1-SNAPSHOT',
      '2.0-rc1',
      '2.0-CR2',
      '2.0-RC3',
      '2.0-rc10',
      '2.0-SNAPSHOT',
      '2.0',
      '2.0-sp',
      '2.0-sp1',
      '2.0-SP2',
      '2.0-a', // `a` without a following digit is an unknown qualifier
      '2.0-abc',
      '2.0-abd',
      '2.0-jre',
      '2.0-z',
      '2.0-1',
      '2.0-1-jre',
      '2.0-2',
      '2.0.1-SNAPSHOT',
      '2.0.1',
      '2.0.1.1',
      '2.1-alpha1',
      '2.1',
      '2.9',
      '2.10',
      '10.0',
      '10.0.0.0.1',
      '99999999999999999999.0',
    ],
    // Numbers, lists and qualifiers: number > list > qualifier; `.` vs `-`.
    ['1-alpha', '1-sp', '1-xyz', '1-1', '1-1.1', '1-2', '1.1-beta', '1.1', '1.1.1'],
    // "1.0.RC2 < 1.0-RC3 < 1.0.1" and "1.0.X2 < 1.0-X3 < 1.0.1" (ComparableVersion documentation).
    ['1.0.RC2', '1.0-RC3', '1.0.1'],
    ['1.0.foo2', '1.0-foo3', '1.0.1'],
  ],
  equal: [
    ['1', '1.0', '1.0.0', '1-0', '1.0-0', '1.0.0.0.0', '01', '1.00'],
    ['1', '1-ga', '1.0-GA', '1-final', '1.0.FINAL', '1-release', '1.0.0-Release', '1.ga'],
    ['1.0-cr1', '1.0-rc1', '1.0-RC-1', '1.0RC1', '1.0.0-rc-1', '1-cr-1'],
    ['1.0a1', '1.0-alpha-1', '1.0-ALPHA1', '1.0.0-a1', '1-alpha1', '1alpha1'],
    ['1.0b1', '1-beta-1', '1.0.0-b1'],
    ['1.0M1', '1.0-milestone-1', '1.0-m1'],
    ['1.0-alpha', '1.0alpha', '1-ALPHA'],
    ['1.0-SNAPSHOT', '1-snapshot', '1.0.0-Snapshot'],
    ['1..1', '1.0.1'], // an empty item is 0
  ],
  less: [
    ['1.0-alpha-1', '1.0-alpha.1'], // number after `.` beats a sub-list after `-`
    ['1.0-1', '1.0.1'],
    ['1-1', '1.1'],
    ['1-sp', '1-1'], // a number beats a qualifier
    ['1-SNAPSHOT', '1'],
    ['1', '1-sp'],
    ['1-sp', '1-a'], // unknown qualifiers after known ones
    ['1.0-abc', '1.0-ABD'], // case-insensitive
    ['1.0-alpha1', '1.0-beta1'],
    ['1.0-rc1', '1.0-snapshot'],
    ['1.9', '1.10'],
    ['1.0.0', '1.0.0.1'],
    ['1.0', '1.0.1-alpha'], // a qualifier of a later number
    ['2147483647', '2147483648'], // beyond int
    ['9223372036854775807', '9223372036854775808'], // beyond long
    ['1-alpha', '1.0-alpha1'],
  ],
  invalid: ['', ' ', '1.0 beta', '1.0\t', '\u0000', 'x'.repeat(300), '1.0\n1', ' 1.0', '1.0 '],
};

describe('Maven versions (ComparableVersion)', () => runTable(scheme, table, 100));

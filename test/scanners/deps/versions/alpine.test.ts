import { describe, expect, it } from 'vitest';
import { scheme } from '../../../../src/scanners/deps/ecosystems/alpine/version.js';
import { runTable, type OrderingTable } from './table.js';

// apk-tools: digits{.digits}[letter]{_suffix[N]}[~hash][-rN]; pre-release suffixes before the
// release, post-release suffixes after; revisions numerically.
const table: OrderingTable = {
  chains: [
    [
      '0.9',
      '1.0_alpha',
      '1.0_alpha1',
      '1.0_alpha2',
      '1.0_alpha10',
      '1.0_beta',
      '1.0_beta1',
      '1.0_pre1',
      '1.0_rc1',
      '1.0_rc1-r1',
      '1.0_rc1_p1',
      '1.0_rc2',
      '1.0',
      '1.0-r0',
      '1.0-r1',
      '1.0-r2',
      '1.0-r10',
      '1.0_cvs',
      '1.0_cvs1',
      '1.0_svn1',
      '1.0_git20200101',
      '1.0_git20200101-r1',
      '1.0_git20210101',
      '1.0_hg1',
      '1.0_p1',
      '1.0_p1-r1',
      '1.0_p2',
      '1.0_p20250503',
      '1.0a',
      '1.0a-r1',
      '1.0b_rc1',
      '1.0b',
      '1.0z',
      '1.0.0',
      '1.0.1_rc1',
      '1.0.1',
      '1.0.2',
      '1.0.10',
      '1.1',
      '1.9',
      '1.10',
      '2.0',
      '10.0',
      '2024.04.01',
    ],
    // Later number components with a leading zero compare as strings.
    ['1.001', '1.01', '1.010', '1.1', '1.2', '1.10'],
  ],
  equal: [
    ['1.0', ' 1.0 '],
    ['01.0', '1.0', '001.0'], // the first number is numeric
    ['1.0-r01', '1.0-r1'],
    ['1.0_rc01', '1.0_rc1'],
    ['1.2.3~abc123-r3', '1.2.3~abc123-r03'],
  ],
  less: [
    ['1.0_rc1', '1.0'], // pre-release suffix before the release
    ['1.0', '1.0_p1'], // post-release suffix after it
    ['1.0_alpha', '1.0_beta'],
    ['1.0_beta', '1.0_pre'],
    ['1.0_pre', '1.0_rc'],
    ['1.0_cvs', '1.0_svn'],
    ['1.0_svn', '1.0_git'],
    ['1.0_git', '1.0_hg'],
    ['1.0_hg', '1.0_p'],
    ['1.0_rc', '1.0_rc1'],
    ['1.0_p9', '1.0_p10'],
    ['1.0-r9', '1.0-r10'],
    ['1.0-r99', '1.0_p0'], // suffixes before the revision
    ['1.0_p99', '1.0a'], // the letter before suffixes
    ['1.0z', '1.0.1'], // a further number beats a letter
    ['1.0-r99', '1.0.1_alpha'],
    ['1.2.3~abc123-r3', '1.2.3~abc123-r4'],
    ['1.0', '1.0-r0'], // decision (apk): a revision token makes it newer
  ],
  invalid: ['', 'v1.0', '1.0-1', '1.0-rc1', '1.0_foo', '1.0A', '1.0ab', '1.0.', '.1', '1..0', '1.0_rc1a', '1.0-r',
    '1.0_p1_', '1.0~XYZ', '1.0-r1-r2', '1.0_', 'a1.0', '1.0-r1_p1', '1.0 r1', '1.0~'],
};

describe('Alpine versions (apk)', () => {
  runTable(scheme, table, 80);
  it('serves Alpine', () => expect(scheme.ecosystems).toEqual(['Alpine']));
});

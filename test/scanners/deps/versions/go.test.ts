import { describe, expect, it } from 'vitest';
import { scheme } from '../../../../src/scanners/deps/ecosystems/go/version.js';
import { runTable, type OrderingTable } from './table.js';

// Go modules reference: "Versions", "Pseudo-versions", "Compatibility with non-module repositories"
// (+incompatible); OSV records Go versions without the `v`.
const table: OrderingTable = {
  chains: [
    [
      // no tag at all yet: vX.0.0-yyyymmddhhmmss-abcdefabcdef
      'v0.0.0-20190101000000-000000000000',
      'v0.0.0-20190101000000-ffffffffffff',
      'v0.0.0-20190102030405-1a2b3c4d5e6f',
      'v0.0.0-20201231235959-aaaaaaaaaaaa',
      'v0.0.1',
      'v0.1.0',
      // after v0.1.0, before v0.1.1: vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdefabcdef
      'v0.1.1-0.20200101000000-abcdefabcdef',
      'v0.1.1-0.20200601120000-abcdefabcdef',
      'v0.1.1',
      'v0.2.0',
      'v1.0.0-alpha',
      // after v1.0.0-alpha: vX.Y.Z-pre.0.yyyymmddhhmmss-abcdefabcdef
      'v1.0.0-alpha.0.20210101000000-abcdefabcdef',
      'v1.0.0-alpha.0.20210202000000-abcdefabcdef',
      'v1.0.0-alpha.1',
      'v1.0.0-beta',
      'v1.0.0-rc.1',
      'v1.0.0-rc.1.0.20210301000000-abcdefabcdef',
      'v1.0.0-rc.2',
      'v1.0.0',
      'v1.0.1-0.20210401000000-abcdefabcdef',
      'v1.0.1',
      'v1.2.0',
      'v1.10.0',
      'v2.0.0-20180101000000-abcdefabcdef',
      'v2.0.0+incompatible',
      'v2.0.1-0.20190101000000-abcdefabcdef+incompatible',
      'v2.0.1+incompatible',
      'v2.1.0',
      'v3.0.0',
      'v12.0.0',
    ],
    // OSV spelling, no `v`
    ['0.0.0-20190101000000-abcdefabcdef', '0.9.0', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.1.0', '1.11.0', '2.0.0+incompatible', '2.1.0'],
  ],
  equal: [
    ['v1.2.3', '1.2.3', 'v1.2.3+meta', '1.2.3+meta'],
    ['v2.0.0+incompatible', 'v2.0.0', '2.0.0+incompatible', '2.0.0'],
    ['v1.2', 'v1.2.0', '1.2'],
    ['v1', 'v1.0.0', '1'],
    ['v0.0.0-20190101000000-abcdefabcdef', '0.0.0-20190101000000-abcdefabcdef'],
  ],
  less: [
    ['v1.2.3', '1.2.4'], // mixed spellings compare as one
    ['1.2.3', 'v1.2.4'],
    ['v1.9.0', 'v1.10.0'],
    ['v1.2.3-pre', 'v1.2.3-pre.0.20200101000000-abcdefabcdef'], // pseudo-version after its pre-release base
    ['v1.2.3-pre.0.20200101000000-abcdefabcdef', 'v1.2.3'],
    ['v1.2.3', 'v1.2.4-0.20200101000000-abcdefabcdef'], // pseudo-version after its release base
    ['v1.2.4-0.20200101000000-abcdefabcdef', 'v1.2.4'],
    ['v1.2.4-0.20200101000000-abcdefabcdef', 'v1.2.4-0.20200101000001-000000000000'], // later commit
    ['v0.0.0-20200101000000-abcdefabcdef', 'v0.0.0'], // a pseudo-version is a pre-release
    ['v1.99.99', 'v2.0.0+incompatible'],
  ],
  invalid: ['', 'V1.2.3', 'vv1.2.3', 'v1.2.3.4', 'v01.2.3', 'v1.02.3', 'v1.2.3-01', 'v1.2.3-', 'v1.2.3+', 'v1.2-pre',
    'v1-pre', 'v1.2+meta', ' v1.2.3', 'v1.2.3 ', 'latest', 'master', 'go1.21', 'v', 'v1.', '1.2.3.4'],
};

describe('Go versions', () => {
  runTable(scheme, table, 60);
  it('names the Go ecosystem', () => expect(scheme.ecosystems).toEqual(['Go']));
});

import { describe } from 'vitest';
import { scheme } from '../../../../src/scanners/deps/ecosystems/nuget/version.js';
import { runTable, type OrderingTable } from './table.js';

// NuGet package versioning: 4-part versions, pre-release labels (case-insensitive), SemVer 2.0
// dotted labels and metadata, normalised leading zeros.
const table: OrderingTable = {
  chains: [
    [
      '0.0.0.1',
      '0.0.1',
      '0.1',
      '1.0.0-0',
      '1.0.0-1',
      '1.0.0-10',
      '1.0.0-a',
      '1.0.0-Alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.2',
      '1.0.0-alpha.10',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-beta10', // SemVer 1 labels compare as strings: beta10 < beta2
      '1.0.0-beta2',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.0.1-preview',
      '1.0.0.1',
      '1.0.0.10',
      '1.0.1',
      '1.0.10',
      '1.1',
      '1.10',
      '2.0.0.0',
      '10.0',
      '2147483648.0',
    ],
  ],
  equal: [
    ['1', '1.0', '1.0.0', '1.0.0.0', '01.00.000', '1.0.0+build', '1.0.0.0+abc.def'],
    ['1.01.1', '1.1.1', '1.1.1.0'],
    ['1.0.0-Beta', '1.0.0-beta', '1.0.0-BETA', '1.0-beta', '1.0.0.0-beta+sha.1'],
    ['1.0.0-rc.1', '1.0.0-RC.1', '1.0.0-rc.1+build.7'],
    ['2.0.0-alpha.01', '2.0.0-alpha.1'],
  ],
  less: [
    ['1.0.0-beta', '1.0.0'], // a pre-release before its release
    ['1.0.0-alpha', '1.0.0-alpha.1'], // more labels later
    ['1.0.0-1', '1.0.0-a'], // numeric labels first
    ['1.0.0-2', '1.0.0-10'], // numerically
    ['1.0.0-ALPHA', '1.0.0-beta'], // case-insensitive
    ['1.0.0-alpha', '1.0.0-BETA'],
    ['1.0.0', '1.0.0.1'], // fourth part
    ['1.0.0.9', '1.0.0.10'],
    ['1.0.0.1-beta', '1.0.0.1'],
    ['1.0.0+zzz', '1.0.1+aaa'], // metadata never decides
  ],
  invalid: ['', 'v1.0.0', '1.0.0.0.0', '1.0.0-', '1.0.0-beta..1', 'a.b', '1.0.0+', '1.0.0-beta_1', '-1.0', '1..0',
    '1.0.', '.1', '1.0.0-beta+', '1.0.0 beta', 'latest', '[1.0,2.0)', '1.*', '1.0.0-beta.1+a+b'],
};

describe('NuGet versions', () => runTable(scheme, table, 40));

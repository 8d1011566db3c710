import { describe } from 'vitest';
import { scheme } from '../../../../src/scanners/deps/ecosystems/npm/version.js';
import { runTable, type OrderingTable } from './table.js';

// SemVer 2.0.0 §9–§11 as npm's semver package applies it (strict parsing).
const table: OrderingTable = {
  chains: [
    [
      '0.0.0-0',
      '0.0.0',
      '0.0.1',
      '0.1.0-rc.1',
      '0.1.0',
      '0.9.9',
      '1.0.0-0',
      '1.0.0-0.0',
      '1.0.0-1',
      '1.0.0-9',
      '1.0.0-10',
      '1.0.0-99999999999999999999',
      '1.0.0--',
      '1.0.0-A',
      '1.0.0-Z.1',
      '1.0.0-a',
      '1.0.0-alpha',
      '1.0.0-alpha.0',
      '1.0.0-alpha.1',
      '1.0.0-alpha.1.1',
      '1.0.0-alpha.2',
      '1.0.0-alpha.10',
      '1.0.0-alpha.a',
      '1.0.0-alpha-1',
      '1.0.0-alphabet',
      '1.0.0-beta',
      '1.0.0-beta.9',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.0.10',
      '1.1.0',
      '1.9.0',
      '1.10.0',
      '1.10.1',
      '2.0.0-alpha',
      '2.0.0',
      '10.0.0',
      '10.0.1',
    ],
  ],
  equal: [
    ['1.2.3', 'v1.2.3', ' 1.2.3 ', '1.2.3+build', '1.2.3+build.5.sha-0abc', 'v1.2.3+20130313144700'],
    ['1.0.0-beta.2', '1.0.0-beta.2+exp.sha.5114f85', 'v1.0.0-beta.2'],
    ['0.0.0', 'v0.0.0+0'],
  ],
  less: [
    ['1.0.0-rc.1', '1.0.0'], // §11.3: a pre-release is lower than its normal version
    ['1.0.0-alpha', '1.0.0-alpha.1'], // §11.4.4: more identifiers, higher precedence
    ['1.0.0-1', '1.0.0-a'], // §11.4.3: numeric identifiers are lower
    ['1.0.0-2', '1.0.0-10'], // §11.4.1: numerically
    ['1.0.0-beta10', '1.0.0-beta2'], // §11.4.2: alphanumeric identifiers lexically
    ['1.0.0-Beta', '1.0.0-beta'], // ASCII: upper case first
    ['1.9.9', '1.10.0'],
    ['1.0.0+zzz', '1.0.1+aaa'], // §10: build metadata never decides
    ['999999999.0.0', '1000000000.0.0'],
  ],
  invalid: ['1', '1.2', '1.2.3.4', '01.2.3', '1.02.3', '1.2.03', '1.2.3-01', '1.2.3-', '1.2.3+', '1.2.3-beta..1',
    '=1.2.3', 'V1.2.3', '^1.2.3', '~1.2.3', '>=1.2.3', '1.2.x', '*', 'latest', 'a.b.c', '1.2.3 - 2.0.0', '-1.2.3'],
};

describe('npm versions (semver)', () => runTable(scheme, table, 40));

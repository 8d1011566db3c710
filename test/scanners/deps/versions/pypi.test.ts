import { describe } from 'vitest';
import { scheme } from '../../../../src/scanners/deps/ecosystems/pypi/version.js';
import { runTable, type OrderingTable } from './table.js';

// PEP 440 / "Version specifiers": public version scheme, "Summary of permitted suffixes and
// relative ordering", "Local version identifiers", "Normalization".
const table: OrderingTable = {
  chains: [
    // One release line, every kind of suffix.
    [
      '3.0.dev0',
      '3.0.dev1',
      '3.0.dev10',
      '3.0a1.dev0',
      '3.0a1.dev3',
      '3.0a1',
      '3.0a1.post0.dev1',
      '3.0a1.post0',
      '3.0a1.post2',
      '3.0a2',
      '3.0a11',
      '3.0b0',
      '3.0b1.dev0',
      '3.0b1',
      '3.0b1.post1',
      '3.0rc1.dev1',
      '3.0rc1',
      '3.0rc2',
      '3.0',
      '3.0+a',
      '3.0+b.1',
      '3.0+0',
      '3.0.post0.dev0',
      '3.0.post0',
      '3.0.post1.dev2',
      '3.0.post1',
      '3.0.post1+local',
      '3.0.post12',
      '3.0.0.1.dev0',
      '3.0.0.1',
      '3.0.1a1',
      '3.0.1',
      '3.1.dev0',
      '3.1',
      '3.10',
      '4',
      '2013.10',
      '1!0.0.1',
      '1!1.0.dev0',
      '1!1.0',
      '2!0',
    ],
    // Local versions: segment by segment, numbers after words, longer after its prefix.
    ['1.0', '1.0+abc', '1.0+abc.def', '1.0+abc.0', '1.0+abc.7', '1.0+abc.10', '1.0+abd', '1.0+zzz.1', '1.0+0', '1.0+5', '1.0+5.a', '1.0+5.0', '1.0+12'],
    // Release segments: numeric, any length, zero-padded.
    ['0', '0.0.0.1', '0.1', '0.9', '0.10', '0.10.1', '1.0.0.0.0.1', '1.1', '1.2', '1.11', '9', '10', '100000000000000000000'],
  ],
  equal: [
    ['1.0', '1.0.0', '1.0.0.0', 'v1.0', 'V1.0', '0!1.0', ' 1.0 ', '1.0\n', '01.00'],
    ['1.0a1', '1.0.0-alpha.1', '1.0.0.a1', '1.0ALPHA1', '1.0-a-1', '1.0_a_1', '1.0a01', '1.0.0a1'],
    ['1.0a0', '1.0a', '1.0-alpha', '1.0.alpha.0'],
    ['1.0b2', '1.0beta2', '1.0-B_2', '1.0.beta.2'],
    ['1.0rc1', '1.0c1', '1.0pre1', '1.0preview1', '1.0.rc.1', '1.0-RC-1', '1.0_c1'],
    ['1.0.post1', '1.0post1', '1.0-post1', '1.0_post_1', '1.0-1', '1.0.rev1', '1.0.r1', '1.0-r-1', '1.0POST1'],
    ['1.0.post0', '1.0.post', '1.0-post', '1.0-0', '1.0rev'],
    ['1.0.dev0', '1.0.dev', '1.0-dev', '1.0_dev_0', '1.0DEV', '1.0dev0'],
    ['1.0a1.post2.dev3', '1.0a1post2dev3', '1.0-a1-2.dev3', '1.0.alpha1.rev2-dev3'],
    ['1.0+ubuntu-1', '1.0+ubuntu.1', '1.0+Ubuntu_1', '1.0+UBUNTU.01'],
    ['2!1.0.post1', '2!1.0-1', '02!1.0.post01'],
  ],
  less: [
    ['1.0.dev456', '1.0a1'], // a developmental release of a final sorts before its pre-releases
    ['1.0a1.dev1', '1.0a1'], // each pre-release after its own dev releases
    ['1.0rc1', '1.0'], // pre-releases before the final
    ['1.0', '1.0.post1.dev1'], // a post-release's dev releases come after the final
    ['1.0.post1.dev1', '1.0.post1'],
    ['1.0+zzz', '1.0.post1.dev0'], // local versions stay within their public version
    ['1.0.post999', '1.0.1.dev0'],
    ['1.0', '1.0.0.0.1'], // release padding only with zeros
    ['1.0a2', '1.0a10'], // numbers, not strings
    ['1.0c1', '1.0rc2'], // `c` is `rc`
    ['1.0b9', '1.0c1'],
    ['1.0rc9', '1.0-1'], // implicit post release
    ['1.0-1', '1.0-2'],
    ['1.0+abc', '1.0+1'], // numeric local segment after a word
    ['1.0+1', '1.0+1.0'], // longer local after its prefix
    ['1.0+Abc', '1.0+abd'], // local words compared case-insensitively
    ['9999!0', '10000!0'], // epochs numerically
    ['2099.12', '1!0.0.1'], // any epoch beats any release
  ],
  invalid: [
    '',
    '1.0-foo',
    '2.0b1pl0',
    '1.0.0-SNAPSHOT',
    'latest',
    '1.0+',
    '1.0+_abc',
    '1.0+abc_',
    '1.0++1',
    '1..0',
    '.1',
    '1.0.',
    'a1.0',
    '1.0a1a2',
    '1!',
    '!1.0',
    '1.0-',
    '1.0.post1.post2',
    '1.0dev1a1',
    '1.0 1',
    'vv1.0',
    '1.0-1-1',
    '1.0a1b2',
    '1.0.dev1.post1',
    '1.0+abc..1',
    '-1.0',
    '1.0_',
    'dev',
  ],
};

describe('PyPI versions (PEP 440)', () => runTable(scheme, table, 100));

import { describe, expect, test } from 'vitest';
import { rootDirs } from '../../../../src/scanners/iac/formats/terraform/roots.js';

describe('terraform: root modules', () => {
  test('directories nobody calls are roots; called ones are not', () => {
    const calls = new Map([
      ['envs/prod', ['modules/app']],
      ['envs/dev', ['modules/app']],
      ['modules/app', ['modules/db']],
    ]);
    expect(rootDirs(['envs/dev', 'envs/prod', 'modules/app', 'modules/db', 'scratch'], calls)).toEqual(['envs/dev', 'envs/prod', 'scratch']);
  });

  test('a cycle nobody outside calls still yields one root; a directory calling itself is still a root', () => {
    const calls = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['self', ['self']],
    ]);
    expect(rootDirs(['a', 'b', 'c', 'self'], calls)).toEqual(['self', 'a']);
  });

  test('a long chain of module directories is walked without recursion', () => {
    const n = 50_000;
    const dirs = Array.from({ length: n }, (_, i) => `m${i}`);
    const calls = new Map(dirs.slice(0, -1).map((d, i) => [d, [`m${i + 1}`]]));
    expect(rootDirs(dirs, calls)).toEqual(['m0']);
  });
});

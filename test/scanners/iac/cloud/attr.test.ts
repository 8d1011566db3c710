import { describe, expect, it } from 'vitest';
import { flatStrings, get, isOpenToWorld, strings } from '../../../../src/scanners/iac/rules/cloud/attr.js';
import { Unknown } from '../../../../src/scanners/iac/model/value.js';

describe('cloud attribute helpers', () => {
  it('any /0 prefix is the whole internet, whatever the address before it', () => {
    for (const s of ['0.0.0.0/0', '::/0', '0::/0', '192.168.1.0/0', '0.0.0.0/00', ' 0.0.0.0/0 ', '*', 'Internet', 'Any', '0.0.0.0']) expect(isOpenToWorld(s), s).toBe(true);
    for (const s of ['10.0.0.0/8', '0.0.0.0/1', '192.168.1.0/24', 'VirtualNetwork', '::1/128', 'sg-123', '/0', 'abc/0']) expect(isOpenToWorld(s), s).toBe(false);
  });

  it('strings flattens the nested lists of Terraform 0.11 list wrapping and skips unknowns', () => {
    expect(strings([['0.0.0.0/0', '10.0.0.0/8']])).toEqual(['0.0.0.0/0', '10.0.0.0/8']);
    expect(flatStrings(['a', new Unknown('x'), ['b', ['c']]])).toEqual(['a', 'b', 'c']);
    expect(strings('a')).toEqual(['a']);
    expect(strings(new Unknown('x'))).toEqual([]);
  });

  it('get reads dotted paths through block lists and stops at unknowns', () => {
    const u = new Unknown('var.x');
    const v = { versioning: [{ enabled: false }], tags: { env: 'prod' }, x: u };
    expect(get(v, 'versioning.0.enabled')).toBe(false);
    expect(get(v, 'versioning.enabled')).toBe(false);
    expect(get(v, 'tags.env')).toBe('prod');
    expect(get(v, 'x.y')).toBe(u);
    expect(get(v, 'missing.y')).toBeUndefined();
  });
});

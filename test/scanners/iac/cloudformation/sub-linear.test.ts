import { describe, expect, test } from 'vitest';
import { cpuTimed } from '../../../helpers/cpu-time.js';
import { load, res } from './helpers.js';

/** Fn::Sub of one template (a JSON string, so any character survives) with Env = prod, on resource T. */
function sub(tpl: string): unknown {
  const t = JSON.stringify({
    Parameters: { Env: { Type: 'String', Default: 'prod' } },
    Resources: { T: { Type: 'AWS::Test::Thing', Properties: { A: { 'Fn::Sub': tpl } } } },
  });
  return res(load(t, 'template.json'), 'T').attrs['A'];
}

describe('Fn::Sub variables are found in linear time', () => {
  test('each ${ ends at the first }; text with no } left stays as written', () => {
    expect(sub('a-${Env}-b')).toBe('a-prod-b');
    expect(sub('${Env}${Env}')).toBe('prodprod');
    expect(sub('$${Env}')).toBe('$prod');
    expect(sub('${!Env}-${Env}')).toBe('${Env}-prod');
    expect(sub('x-${Env')).toBe('x-${Env');
    expect(sub('${Env}-${ Env }-${Env')).toBe('prod-prod-${Env');
    expect(sub('}${Env}}')).toBe('}prod}');
  });

  test('a 200k-character template of unclosed ${ finishes quickly', () => {
    const tpl = '${'.repeat(100_000);
    const { value, ms } = cpuTimed(() => sub(tpl));
    expect(value).toBe(tpl);
    expect(ms).toBeLessThan(1500);
  });

  test('variables before a long unclosed run are still replaced', () => {
    const rest = '${'.repeat(100_000);
    const { value, ms } = cpuTimed(() => sub(`\${Env}-${rest}`));
    expect(value === `prod-${rest}`).toBe(true);
    expect(ms).toBeLessThan(1500);
  });
});

import { describe, expect, it } from 'vitest';
import { pairOutputs } from '../../src/cli/outputs.js';

describe('pairOutputs', () => {
  it('defaults to a table on stdout', () => expect(pairOutputs(['.'])).toEqual([{ format: 'table' }]));
  it('pairs each --output with the --format before it, in order', () => {
    expect(pairOutputs(['--format', 'sarif', '--output', 'r.sarif', '-f', 'table', '--format=json', '-o', 'r.json'])).toEqual([
      { format: 'sarif', path: 'r.sarif' },
      { format: 'table', path: undefined },
      { format: 'json', path: 'r.json' },
    ]);
  });
  it('infers the format of a lone --output from its extension', () => {
    expect(pairOutputs(['--output', 'x.sarif'])).toEqual([{ format: 'sarif', path: 'x.sarif' }]);
  });
  it('rejects an unknown format and a missing value', () => {
    expect(() => pairOutputs(['--format', 'yaml'])).toThrow(/unknown --format "yaml"/);
    expect(() => pairOutputs(['--format'])).toThrow(/needs a value/);
  });
});

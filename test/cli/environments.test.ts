import { describe, expect, it } from 'vitest';
import { indentBlock } from '../../src/cli/environments.js';

/** `rampart environments show`: the policy document indented under its heading. */

describe('indentBlock', () => {
  it('indents every line and trims each line end, not only the end of the whole text', () => {
    expect(indentBlock('rules:\n\n  - deny: true   \nname: x\n')).toBe('  rules:\n\n    - deny: true\n  name: x\n');
  });

  it('keeps text without a final newline as it is, apart from the indent', () => {
    expect(indentBlock('a: 1')).toBe('  a: 1');
    expect(indentBlock('')).toBe('');
  });

  it('a long run of spaces inside a line is kept; one at a line end is dropped', () => {
    const spaces = ' '.repeat(50_000);
    expect(indentBlock(`a:${spaces}b\n${spaces}\n`)).toBe(`  a:${spaces}b\n\n`);
  });
});

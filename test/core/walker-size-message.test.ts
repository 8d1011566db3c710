import { describe, expect, it } from 'vitest';
import { overCap } from '../../src/core/walker.js';

describe('size cap notice', () => {
  it('gives bytes when the rounded sizes would read the same', () => {
    const cap = 10 * 1024 * 1024;
    expect(overCap(cap + 300, cap)).toBe(`${cap + 300} bytes is over the size cap of ${cap} bytes`);
    expect(overCap(1025, 1024)).toBe('1025 bytes is over the size cap of 1024 bytes');
  });
  it('keeps the short form when the sizes differ', () => {
    expect(overCap(12.5 * 1024 * 1024, 10 * 1024 * 1024)).toBe('12.5 MB is over the size cap of 10.0 MB');
    expect(overCap(4096, 1024)).toBe('4.0 KB is over the size cap of 1.0 KB');
  });
});

import { describe, expect, it } from 'vitest';
import { trimEndChars, trimStartChars } from '../../src/core/trim.js';

// Deterministic strings over a small alphabet, so runs and mixes of the stripped characters occur.
function* strings(alphabet: string, count: number): Generator<string> {
  let seed = 12345;
  for (let n = 0; n < count; n++) {
    let s = '';
    const len = n % 9;
    for (let i = 0; i < len; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      s += alphabet[seed % alphabet.length];
    }
    yield s;
  }
}

describe('trimEndChars / trimStartChars', () => {
  it('strip like the regexes they replace', () => {
    for (const s of strings('a/=-\n \t', 3000)) {
      expect(trimEndChars(s, '/')).toBe(s.replace(/\/+$/, ''));
      expect(trimEndChars(s, '=')).toBe(s.replace(/=+$/, ''));
      expect(trimEndChars(s, '\n')).toBe(s.replace(/\n+$/, ''));
      expect(trimEndChars(s, ' \t')).toBe(s.replace(/[ \t]+$/, ''));
      expect(trimStartChars(s, '/')).toBe(s.replace(/^\/+/, ''));
    }
  });

  it('handle empty strings, strings made only of the characters, and an empty set', () => {
    expect(trimEndChars('', '/')).toBe('');
    expect(trimEndChars('////', '/')).toBe('');
    expect(trimStartChars('////', '/')).toBe('');
    expect(trimEndChars('a//', '')).toBe('a//');
    expect(trimEndChars('/a/b//', '/')).toBe('/a/b');
  });

  it('strip a long run that does not end the input at once', () => {
    const s = `${'/'.repeat(50_000)}x`;
    expect(trimEndChars(s, '/')).toBe(s);
    expect(trimStartChars(s, '/')).toBe('x');
  });
});

import { describe, expect, it } from 'vitest';
import { analyseRegex, isExponential } from '../../../src/scanners/sast/rules/regex/analyse.js';

/**
 * Exponential ReDoS needs a text the matcher reads in many ways and then fails on. Where the
 * ambiguous text holds a character at which the pattern can already end (the closing quote of
 * `'(?:\\'|.)*?'`, with nothing after it), the matcher succeeds there instead of backtracking.
 * A backreference to a one-character group that surely matched (`(["'])…\1`) reads that group's
 * captured character: it ends the match only where the text reads that same group. Each clean
 * pattern has a flagged twin with the end taken away (something after the quote that can fail).
 */
const exp = (src: string, flags = ''): boolean => {
  const r = analyseRegex(src, flags);
  return r !== undefined && isExponential(r);
};

describe('exponential ReDoS: a pumped text that can end the match is no attack', () => {
  it('quoted strings with an escape alternative, closed by the quote at the end of the pattern, are clean', () => {
    expect(exp(String.raw`("|')(?:\\\1|.)*?\1`, 'g')).toBe(false); // css-tools 4.3.2 selector quotes
    expect(exp(String.raw`(["'])((?:\\\1|.)*?)(\1)`, 'g')).toBe(false);
    expect(exp(String.raw`'(?:\\'|.)*?'`)).toBe(false);
    expect(exp(String.raw`("|')(?:\\["']|.)*?["']`)).toBe(false);
    expect(exp(String.raw`(?:a|a)*a`)).toBe(false);
  });

  it('the same loops followed by a part that can fail, or ended by a group that may not have matched, stay exponential', () => {
    expect(exp(String.raw`("|')(?:\\\1|.)*?\1;`, 'g')).toBe(true);
    expect(exp(String.raw`'(?:\\'|.)*?';`)).toBe(true);
    expect(exp(String.raw`^(?:a|a)*a$`)).toBe(true);
    // `(a)?` may not take part: `\1` then matches the empty string, so it is no end of the text.
    expect(exp(String.raw`(a)?(?:\\\1|.)*?\1`)).toBe(true);
    // `\1` matches the quote the group took, not any quote: `'` then a run of `"` read two ways fails.
    expect(exp(String.raw`(["'])(?:["']|")*?\1`)).toBe(true);
  });

  it('a quote regex with a second alternative keeps that alternative\'s own risk (css-tools 4.3.1)', () => {
    expect(analyseRegex(String.raw`("|')(?:\\\1|.)*?\1|\(.*?\)`, 'g')?.kind).toBe('retried-run');
  });
});

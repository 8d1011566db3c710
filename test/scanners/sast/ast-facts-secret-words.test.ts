import { describe, expect, it } from 'vitest';
import { secretByWords, type SecretWords } from '../../../src/scanners/sast/rules/ast-facts.js';

const TABLES: SecretWords = {
  last: new Set(['password', 'secret']),
  qualified: { token: new Set(['access', 'api']), key: new Set(['api']) },
  notFirst: new Set(['has', 'is']),
};

describe('secretByWords', () => {
  it('reads secrets by their last word, or a qualified last word', () => {
    expect(secretByWords('dbPassword', TABLES)).toBe(true);
    expect(secretByWords('accessToken', TABLES)).toBe(true);
    expect(secretByWords('nextToken', TABLES)).toBe(false);
    expect(secretByWords('hasPassword', TABLES)).toBe(false);
  });

  it("a name ending in an Object.prototype key (constructor, toString) is no secret and never throws (react-dom's test utils broke timing-attack)", () => {
    expect(secretByWords('ReactTestConstructor', TABLES)).toBe(false);
    expect(secretByWords('valueToString', TABLES)).toBe(false);
    expect(secretByWords('hasOwnProperty', TABLES)).toBe(false);
  });
});

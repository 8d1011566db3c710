import { describe, expect, it } from 'vitest';
import { formatTokens, type TokenInfo } from '../../src/cli/tokens.js';

/**
 * Q7 review: a token's name is free text chosen by whoever issued it, and `rampart tokens list`
 * prints it to a terminal. A name with a newline, a carriage return or an escape sequence must not
 * forge rows or states in the listing people read during an incident ("which tokens are live, who
 * issued them"): control characters are shown escaped, never sent raw.
 */

const NOW = Date.parse('2026-06-01T00:00:00Z');
const tok = (over: Partial<TokenInfo>): TokenInfo => ({
  id: 'a1', prefix: 'rmp_s_', name: 'deploy', ownerKind: 'service_account', ownerId: 'sa-1', role: null, project: null,
  expiresAt: null, revokedAt: null, lastUsedAt: null, createdAt: '2026-05-01T00:00:00Z', issuedBy: null, ...over,
});

describe('formatTokens with hostile token names', () => {
  it('a newline in a name cannot add a forged row', () => {
    const forged = 'x\nfake-id  deploy  user:root  admin  -  revoked  never  self';
    const out = formatTokens([tok({ id: 'live', name: forged, issuedBy: 'user:mallory' })], NOW);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('x\\nfake-id');
    expect(lines[1]).toContain('active');
    expect(lines[1]!.endsWith('user:mallory')).toBe(true);
  });

  it('escape sequences, carriage returns, DEL, C1 controls and bidi overrides are shown escaped', () => {
    const name = 'a\u001b[2K\rb\u007fc\u009bd\u202ee\u2066f';
    const out = formatTokens([tok({ name })], NOW);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(out).toContain('a\\x1b[2K\\rb\\x7fc\\x9bd\\u202ee\\u2066f');
  });

  it('ordinary names, spaces and non-ASCII letters are printed as they are', () => {
    const out = formatTokens([tok({ name: 'laptop de Zoë' })], NOW);
    expect(out.split('\n')[1]).toContain('laptop de Zoë');
  });
});

import { describe, expect, it } from 'vitest';
import { formatTokens, type TokenInfo } from '../../src/cli/tokens.js';

/** Conformance sweep, issue 7: `rampart tokens list` names owners and issuers, not only their ids. */
const tok = (over: Partial<TokenInfo>): TokenInfo => ({
  id: 't1', prefix: 'rmp_s_ab', name: 'deploy', ownerKind: 'service_account', ownerId: 'sa-uuid', role: null, project: null,
  expiresAt: null, revokedAt: null, lastUsedAt: null, createdAt: '2026-05-01T00:00:00Z', issuedBy: null, ...over,
});

describe('formatTokens names', () => {
  it('owner and issuer by name when the server gives them; the id otherwise; control characters escaped', () => {
    const out = formatTokens([tok({ ownerName: 'bot', issuedBy: 'user:carol-uuid', issuedByName: 'carol' })], Date.parse('2026-06-01T00:00:00Z'));
    expect(out).toContain('service account bot');
    expect(out).toContain('user carol');
    expect(out).not.toContain('sa-uuid');
    const old = formatTokens([tok({ issuedBy: 'user:carol-uuid' })], Date.parse('2026-06-01T00:00:00Z'));
    expect(old).toContain('service_account:sa-uuid');
    expect(old).toContain('user:carol-uuid');
    expect(formatTokens([tok({ ownerName: 'b\u001b[2Jot' })], 0)).toContain('service account b\\x1b[2Jot');
  });
});

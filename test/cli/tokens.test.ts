import { describe, expect, it } from 'vitest';
import { formatTokens, type TokenInfo } from '../../src/cli/tokens.js';

/** `rampart tokens list` text output: one row per token, state, project name and who issued it. */

const NOW = Date.parse('2026-06-01T00:00:00Z');
const tok = (over: Partial<TokenInfo>): TokenInfo => ({
  id: 'a1', prefix: 'rmp_s_', name: 'deploy', ownerKind: 'service_account', ownerId: 'sa-1', role: null, project: null,
  expiresAt: null, revokedAt: null, lastUsedAt: null, createdAt: '2026-05-01T00:00:00Z', issuedBy: null, ...over,
});
const cells = (line: string) => line.split(/ {2,}/);

describe('formatTokens', () => {
  it('shows state (active, expired, revoked), the project by name where known, and the issuer or self', () => {
    const out = formatTokens(
      [
        tok({ id: 'live', issuedBy: 'user:carol-id', project: 'p-1', role: 'deployer' }),
        tok({ id: 'old', expiresAt: '2026-05-31T23:59:59Z', project: 'p-2' }),
        tok({ id: 'gone', revokedAt: '2026-05-02T00:00:00Z', expiresAt: '2027-01-01T00:00:00Z' }),
      ],
      NOW,
      new Map([['p-1', 'shop']]),
    );
    const [head, live, old, gone] = out.trimEnd().split('\n');
    expect(cells(head!)).toEqual(['ID', 'NAME', 'OWNER', 'ROLE', 'PROJECT', 'STATE', 'EXPIRES', 'ISSUED BY']);
    expect(cells(live!)).toEqual(['live', 'deploy', 'service_account:sa-1', 'deployer', 'shop', 'active', 'never', 'user:carol-id']);
    expect(cells(old!)).toEqual(['old', 'deploy', 'service_account:sa-1', '-', 'p-2', 'expired', '2026-05-31T23:59:59Z', 'self']);
    expect(cells(gone!).slice(5)).toEqual(['revoked', '2027-01-01T00:00:00Z', 'self']);
  });

  it("a live token of a disabled owner shows 'owner disabled' (it no longer authenticates); revoked and expired stay so", () => {
    const out = formatTokens(
      [tok({ id: 'live' }), tok({ id: 'gone', revokedAt: '2026-05-02T00:00:00Z' }), tok({ id: 'old', expiresAt: '2026-05-31T23:59:59Z' }), tok({ id: 'other', ownerId: 'sa-2' })],
      NOW,
      new Map(),
      new Set(['service_account:sa-1']),
    );
    const states = out.trimEnd().split('\n').slice(1).map((l) => cells(l)[5]);
    expect(states).toEqual(['owner disabled', 'revoked', 'expired', 'active']);
  });

  it('says so when there is nothing to list', () => {
    expect(formatTokens([], NOW)).toBe('no tokens\n');
  });
});

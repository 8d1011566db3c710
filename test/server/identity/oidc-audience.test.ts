import { describe, expect, it } from 'vitest';
import { trustPolicyWarnings } from '../../../src/server/identity/oidc.js';
import { SHOP, shopHarness } from './shop-harness.js';

/**
 * Conformance sweep, issue 7: a trust policy's audience is compared exactly as configured (no
 * normalisation: "https://x/" and "https://x" are different audiences, and the audience is a
 * security boundary), but an audience with a trailing slash is almost always a slip, so creating
 * one answers with a warning (also logged and in the audit entry) instead of failing silently at
 * every exchange.
 */
describe('trustPolicyWarnings', () => {
  it('warns for a trailing slash, naming the form the CLI asks for; none without', () => {
    const w = trustPolicyWarnings({ audience: 'https://rampart.example.com/' });
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/matched exactly/);
    expect(w[0]).toContain('"https://rampart.example.com"');
    expect(trustPolicyWarnings({ audience: 'https://rampart.example.com' })).toEqual([]);
    expect(trustPolicyWarnings({ audience: 'rampart' })).toEqual([]);
  });
});

describe.each(['sqlite', 'postgres'] as const)('trust policy audience on %s', (dialect) => {
  const h = shopHarness(dialect, { tmpPrefix: 'rampart-oidc-aud-', secrets: [] });
  const body = (name: string, audience: string) => ({
    name,
    issuer: 'https://token.actions.githubusercontent.com',
    audience,
    conditions: { repository: 'acme/shop', ref: 'refs/heads/main' },
    role: 'deployer',
  });

  it('a trailing-slash audience is stored exactly as given, with a warning in the answer and the audit entry; a plain one has none', async () => {
    let r = await h.call('POST', `${SHOP}/oidc-policies`, h.tok.root!, body('slash', 'https://rampart.example.com/'));
    expect(r.status).toBe(201);
    expect(r.json.audience).toBe('https://rampart.example.com/');
    expect(r.json.warnings).toEqual([expect.stringMatching(/ends with a slash and is matched exactly/)]);
    r = await h.call('POST', `${SHOP}/oidc-policies`, h.tok.root!, body('plain', 'https://rampart.example.com'));
    expect(r.status).toBe(201);
    expect(r.json).not.toHaveProperty('warnings');
    const listed = (await h.call('GET', `${SHOP}/oidc-policies`, h.tok.root!)).json as { name: string; audience: string }[];
    expect(listed.find((p) => p.name === 'slash')?.audience).toBe('https://rampart.example.com/');
    const rows = await h.store.db.selectFrom('audit_entries').select(['detail']).where('action', '=', 'oidc-policy.create').execute();
    expect(rows.filter((e) => String(e.detail).includes('matched exactly'))).toHaveLength(1);
  });
});

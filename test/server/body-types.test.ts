import { describe, expect, it } from 'vitest';
import { SHOP, shopHarness } from './identity/shop-harness.js';

/**
 * A JSON body is validated as sent (validators.ts): no quiet coercion of its values, while query
 * strings, which arrive as text, are still read as the numbers their schemas name.
 */
const DIALECTS = ['sqlite', 'postgres'] as const;

describe.each(DIALECTS)('request bodies keep their JSON types on %s', (dialect) => {
  const h = shopHarness(dialect, { tmpPrefix: 'rampart-body-types-', secrets: ['app/one'] });
  const policy = { issuer: 'https://token.actions.githubusercontent.com', audience: 'rampart', role: 'deployer' };

  it('a trust-policy condition keeps a number as a number and a one-item list as a list', async () => {
    const r = await h.call('POST', `${SHOP}/oidc-policies`, h.tok.root!, { ...policy, name: 'typed', conditions: { repository: ['acme/shop'], repository_id: 5 } });
    expect(r.status).toBe(201);
    expect(r.json.conditions).toEqual({ repository: ['acme/shop'], repository_id: 5 });
    const listed = await h.call('GET', `${SHOP}/oidc-policies`, h.tok.root!);
    expect(listed.json.find((p: { name: string }) => p.name === 'typed').conditions).toEqual({ repository: ['acme/shop'], repository_id: 5 });
  });

  it('a string field given a number or a one-item list is refused, naming the field', async () => {
    const num = await h.call('POST', `${SHOP}/oidc-policies`, h.tok.root!, { ...policy, name: 'n', audience: 5, conditions: { repository: 'acme/shop' } });
    expect(num.status).toBe(400);
    expect(num.json.error.message).toMatch(/^body\.audience: /);
    const list = await h.call('POST', `${SHOP}/oidc-policies`, h.tok.root!, { ...policy, name: 'l', issuer: [policy.issuer], conditions: { repository: 'acme/shop' } });
    expect(list.status).toBe(400);
    expect(list.json.error.message).toMatch(/^body\.issuer: /);
  });

  it('a query string is still read as the number its schema names', async () => {
    const r = await h.call('GET', `${SHOP}/secrets/app/one?version=1`, h.tok.root!);
    expect(r.status).toBe(200);
    expect(r.json.version).toBe(1);
    expect((await h.call('GET', `${SHOP}/secrets/app/one?version=x`, h.tok.root!)).status).toBe(400);
  });
});

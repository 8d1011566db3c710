import { describe, expect, it } from 'vitest';
import { SHOP, shopHarness } from './shop-harness.js';

/**
 * A trust policy's condition value is a string, a number, true/false or a list of 1 to 50
 * strings (an anyOf). A refused value is explained by the form it was closest to, through the
 * real server (its AJV options), not by the first branch's "must be a string".
 */
const DIALECTS = ['sqlite', 'postgres'] as const;

describe.each(DIALECTS)('trust-policy condition value messages on %s', (dialect) => {
  const h = shopHarness(dialect, { tmpPrefix: 'rampart-condition-messages-', secrets: [] });

  it.each([
    [{}, 'body.conditions.repository: must be a string, a number, true or false, or a list'],
    [[], 'body.conditions.repository: must not be an empty list'],
    [Array.from({ length: 51 }, (_, i) => `acme/r${i}`), 'body.conditions.repository: must list at most 50 items'],
    [['acme/a', { x: 1 }], 'body.conditions.repository[1]: must be a string'],
    ['a'.repeat(513), 'body.conditions.repository: must be at most 512 characters'],
  ])('repository %j', async (repository, message) => {
    const r = await h.call('POST', `${SHOP}/oidc-policies`, h.tok.root!, {
      name: 'ci', issuer: 'https://issuer.test', audience: 'rampart', conditions: { repository }, role: 'viewer',
    });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('E_VALIDATION');
    expect(r.json.error.message).toBe(message);
  });
});

import { describe, expect, it } from 'vitest';
import { tokenCreateBody } from '../../src/cli/tokens.js';

/**
 * `rampart tokens create`'s request body. `--expires never` must reach the server whatever the
 * route: a service account logged in as itself issues its own token on the self route (no
 * --service-account), and without neverExpires the server would give it the 90-day default.
 */
describe('tokenCreateBody', () => {
  it('--expires never sends neverExpires on the self route too (a service account issuing its own token)', () => {
    expect(tokenCreateBody({ name: 'ci' }, null)).toEqual({ name: 'ci', neverExpires: true });
    expect(tokenCreateBody({ name: 'ci', serviceAccount: 'bot', project: 'shop' }, null)).toEqual({ name: 'ci', neverExpires: true });
  });

  it('a lifetime is sent in seconds; none asked sends neither field (the server decides the default)', () => {
    expect(tokenCreateBody({ name: 'ci', role: 'deployer' }, 3600)).toEqual({ name: 'ci', role: 'deployer', expiresInSeconds: 3600 });
    expect(tokenCreateBody({ name: 'ci' }, undefined)).toEqual({ name: 'ci' });
  });

  it('your own token narrowed to a project names it in the body; an account route carries it in the path', () => {
    expect(tokenCreateBody({ name: 'ci', project: 'shop' }, undefined)).toEqual({ name: 'ci', project: 'shop' });
    expect(tokenCreateBody({ name: 'ci', project: 'shop', user: 'carol' }, undefined)).toEqual({ name: 'ci' });
  });
});

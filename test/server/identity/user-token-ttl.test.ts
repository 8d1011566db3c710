import { describe, expect, it } from 'vitest';
import { parseTokenTtl, resolveServerConfig } from '../../../src/server/config.js';

/** `rampart server --user-token-ttl` / RAMPART_USER_TOKEN_TTL: a person's default token lifetime (issue 7). */
describe('--user-token-ttl and RAMPART_USER_TOKEN_TTL', () => {
  const cfg = (flags: { userTokenTtl?: string }, env: Record<string, string> = {}) => resolveServerConfig({ ...flags, dataDir: '/tmp/rampart-ttl-test' }, env);

  it('is unset by default (the server then gives people’s tokens USER_TOKEN_TTL_S, 30 days)', () => {
    expect(cfg({}).userTokenTtlSeconds).toBeUndefined();
    expect(cfg({}, { RAMPART_USER_TOKEN_TTL: ' ' }).userTokenTtlSeconds).toBeUndefined();
  });

  it('reads seconds, s/m/h/d and never, the flag before the environment', () => {
    expect(parseTokenTtl('30d')).toBe(30 * 86400);
    expect(parseTokenTtl(' 12h ')).toBe(12 * 3600);
    expect(parseTokenTtl('300')).toBe(300);
    expect(parseTokenTtl('never')).toBeNull();
    expect(cfg({}, { RAMPART_USER_TOKEN_TTL: '7d' }).userTokenTtlSeconds).toBe(7 * 86400);
    expect(cfg({ userTokenTtl: '1h' }, { RAMPART_USER_TOKEN_TTL: '7d' }).userTokenTtlSeconds).toBe(3600);
    expect(cfg({ userTokenTtl: 'never' }).userTokenTtlSeconds).toBeNull();
  });

  it('refuses what is not a lifetime, and lifetimes outside 5m to 366d, naming the flag and the variable', () => {
    for (const bad of ['30 days', '-1d', '0', '1w', '4m', '367d', '1.5h']) {
      expect(() => parseTokenTtl(bad)).toThrow(/--user-token-ttl \(or RAMPART_USER_TOKEN_TTL\)/);
    }
    expect(() => cfg({}, { RAMPART_USER_TOKEN_TTL: 'soon' })).toThrow(/RAMPART_USER_TOKEN_TTL/);
  });
});

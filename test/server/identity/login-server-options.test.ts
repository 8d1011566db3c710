import { describe, expect, it } from 'vitest';
import { parseTrustProxy, resolveServerConfig } from '../../../src/server/config.js';

/** The server options of the review fixes: --trust-proxy (M5) and --oidc-allow-private-issuers (L2), both off by default. */
describe('rampart server --trust-proxy and --oidc-allow-private-issuers', () => {
  const base = { dataDir: '/tmp/rampart-options-test' };

  it('both are off by default', () => {
    const c = resolveServerConfig(base, {});
    expect(c.trustProxy).toBeUndefined();
    expect(c.oidcAllowPrivateIssuers).toBeUndefined();
  });

  it('--trust-proxy takes addresses, CIDR ranges and proxy-addr keywords; the flag wins over RAMPART_TRUST_PROXY', () => {
    expect(resolveServerConfig({ ...base, trustProxy: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback' }, {}).trustProxy).toBe('127.0.0.1,10.0.0.0/8,::1,fd00::/8,loopback');
    expect(resolveServerConfig(base, { RAMPART_TRUST_PROXY: '192.168.0.10' }).trustProxy).toBe('192.168.0.10');
    expect(resolveServerConfig({ ...base, trustProxy: '10.1.1.1' }, { RAMPART_TRUST_PROXY: '192.168.0.10' }).trustProxy).toBe('10.1.1.1');
    expect(parseTrustProxy('')).toBeUndefined();
  });

  it('a bad --trust-proxy entry is a usage error naming it (true is not accepted: it would trust every client)', () => {
    for (const bad of ['true', '*', '10.0.0.0/33', '::1/129', 'proxy.example', '1.2.3.4/8/9', '127.0.0.1,,']) {
      expect(() => resolveServerConfig({ ...base, trustProxy: bad }, {}), bad).toThrow(/--trust-proxy/);
    }
  });

  it('--oidc-allow-private-issuers, or RAMPART_OIDC_ALLOW_PRIVATE_ISSUERS=1; other values of the variable are refused', () => {
    expect(resolveServerConfig({ ...base, oidcAllowPrivateIssuers: true }, {}).oidcAllowPrivateIssuers).toBe(true);
    expect(resolveServerConfig(base, { RAMPART_OIDC_ALLOW_PRIVATE_ISSUERS: '1' }).oidcAllowPrivateIssuers).toBe(true);
    expect(resolveServerConfig(base, { RAMPART_OIDC_ALLOW_PRIVATE_ISSUERS: '0' }).oidcAllowPrivateIssuers).toBeUndefined();
    expect(() => resolveServerConfig(base, { RAMPART_OIDC_ALLOW_PRIVATE_ISSUERS: 'yes' })).toThrow(/expected 1 or 0/);
  });
});

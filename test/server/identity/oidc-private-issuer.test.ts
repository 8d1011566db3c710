import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getText, isPrivateAddress } from '../../../src/server/identity/issuer-address.js';
import { IssuerKeys, OidcError, validateTrustPolicy, type TrustPolicy } from '../../../src/server/identity/oidc.js';

/**
 * Review L2: a trust policy's issuer (chosen by an oidc:write holder, fetched on anyone's token
 * exchange) could name loopback, link-local (cloud metadata) or private hosts. They are refused
 * after DNS resolution unless the server allows private issuers.
 */
describe('OIDC issuers on private addresses', () => {
  let server: Server;
  let port: number;
  let hits = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      res.setHeader('content-type', 'application/json');
      // A discovery document whose jwks_uri is plain http: refused later by the https rule, after the fetch.
      res.end(JSON.stringify({ issuer: `http://${req.headers.host}`, jwks_uri: `http://${req.headers.host}/keys` }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('classifies loopback, link-local, metadata, RFC 1918, CGNAT, ULA and mapped addresses as private; public ones not', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '[::1]', '::', 'fe80::1', 'fd00:ec2::254', 'fc00::5', '::ffff:127.0.0.1', '::ffff:a9fe:a9fe', '64:ff9b::a00:1', 'ff02::1', '224.0.0.1', 'not-an-address']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '140.82.112.3', '172.32.0.1', '192.169.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('refuses to fetch from a literal private address or a name that resolves to one, without connecting', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::ffff:127.0.0.1]:${port}`]) {
      await expect(getText(`http://${host}/x`, { timeoutMs: 2000, maxBytes: 1000, allowPrivate: false }), host).rejects.toMatchObject({ code: 'E_OIDC_PRIVATE_ADDRESS' });
    }
    expect(hits).toBe(0);
  });

  it('discovery of a private issuer fails with E_OIDC_DISCOVERY naming the reason, and nothing is fetched; the server option allows it', async () => {
    const issuer = `http://127.0.0.1:${port}`;
    const before = hits;
    const keys = new IssuerKeys({ timeoutMs: 2000 });
    const err = await keys.resolver(issuer).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OidcError);
    expect((err as OidcError).code).toBe('E_OIDC_DISCOVERY');
    expect(JSON.stringify((err as OidcError).detail)).toMatch(/private address/);
    expect(hits).toBe(before);

    // --oidc-allow-private-issuers: the document is fetched (and then refused for its http jwks_uri, a separate rule).
    const allowed = new IssuerKeys({ timeoutMs: 2000, allowPrivateAddresses: true });
    await expect(allowed.resolver(issuer)).rejects.toMatchObject({ code: 'E_OIDC_DISCOVERY', message: expect.stringContaining('jwks_uri') });
    expect(hits).toBe(before + 1);
  });

  it('a trust policy naming a literal private IP as issuer is refused when it is made, unless private issuers are allowed', () => {
    const policy = (issuer: string): TrustPolicy => ({ id: 'p', project: 'shop', issuer, audience: 'https://rampart.test', role: 'deployer', conditions: { repository: 'octo-org/octo-repo' } });
    for (const issuer of ['https://169.254.169.254', 'https://10.0.0.7:8443/oidc', 'https://[::1]', 'https://[fd00::1]', 'https://127.0.0.1']) {
      const problems = validateTrustPolicy(policy(issuer));
      expect(problems.join('; '), issuer).toMatch(/^issuer: .*private address: refused .*--oidc-allow-private-issuers/);
      expect(validateTrustPolicy(policy(issuer), { allowPrivateAddresses: true }), issuer).toEqual([]);
    }
    // Public literal addresses and names pass here; a name is checked after DNS resolution at each fetch.
    for (const issuer of ['https://token.actions.githubusercontent.com', 'https://8.8.8.8', 'https://internal.example']) {
      expect(validateTrustPolicy(policy(issuer)), issuer).toEqual([]);
    }
  });
});

/** An OIDC issuer on 127.0.0.1 for tests: discovery plus a JWKS of one public key (keys made in the test). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestIssuer {
  url: string;
  server: Server;
  /** How often the JWKS was fetched (cache and cooldown tests). */
  hits: { jwks: number };
}

export async function startIssuer(publicJwk: Record<string, unknown>): Promise<TestIssuer> {
  const hits = { jwks: 0 };
  let url = '';
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer: url, jwks_uri: `${url}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === '/keys') {
      hits.jwks++;
      res.end(JSON.stringify({ keys: [publicJwk] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, server, hits };
}

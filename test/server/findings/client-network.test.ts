import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/index.js';
import { callServer, unreachableReason } from '../../../src/server/findings/client.js';

// Why the CLI could not reach a server: fetch itself only says "fetch failed", so the messages name
// the cause, and a certificate from an unknown CA says how to trust it (sweep 7 found
// `rampart server unseal` printing "cannot reach URL: fetch failed" and nothing else).

let dir: string;
let https: Server;
let httpsUrl: string;
let closedUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-client-net-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  await promisify(execFile)('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert,
    '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1',
  ]);
  https = createHttpsServer({ cert: readFileSync(cert), key: readFileSync(key) }, (_req, res) => res.end('{}'));
  await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
  const a = https.address();
  httpsUrl = `https://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  // A port nobody listens on: bind one, note it, close it.
  const t = createTcpServer();
  await new Promise<void>((r) => t.listen(0, '127.0.0.1', r));
  const ta = t.address();
  closedUrl = `http://127.0.0.1:${typeof ta === 'object' && ta ? ta.port : 0}`;
  await new Promise<void>((r) => t.close(() => r()));
}, 30_000);

afterAll(async () => {
  await new Promise<void>((r) => (https ? https.close(() => r()) : r()));
  rmSync(dir, { recursive: true, force: true });
});

describe('unreachableReason', () => {
  it('names the cause instead of "fetch failed", and a timeout in seconds', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(unreachableReason(new TypeError('fetch failed', { cause: refused }))).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(unreachableReason(Object.assign(new Error('x'), { name: 'TimeoutError' }), 5000)).toBe('no answer in 5 s');
    expect(unreachableReason('odd')).toBe('odd');
  });
  it('an untrusted certificate says how to trust its CA; other TLS errors do not', () => {
    const untrusted = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(unreachableReason(new TypeError('fetch failed', { cause: untrusted }))).toMatch(/^self-signed certificate \(a private CA\? point NODE_EXTRA_CA_CERTS at its PEM certificate\)$/);
    const expired = Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' });
    expect(unreachableReason(new TypeError('fetch failed', { cause: expired }))).toBe('certificate has expired');
  });
});

describe('callServer and rampart server unseal against servers they cannot use', () => {
  it('callServer: a self-signed HTTPS server and a closed port', async () => {
    await expect(callServer(httpsUrl, 'rmp_u_x', 'GET', '/api/v1/whoami')).rejects.toThrow(/cannot reach https:\/\/127\.0\.0\.1:\d+: .*certificate.*NODE_EXTRA_CA_CERTS/);
    await expect(callServer(closedUrl, 'rmp_u_x', 'GET', '/api/v1/whoami')).rejects.toThrow(/cannot reach http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
  });

  it('rampart server unseal: exit 2 naming the cause', async () => {
    const run = async (server: string) => {
      const err: string[] = [];
      const se = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
      let code: number;
      try {
        code = await main(['server', 'unseal', '--server', server]);
      } finally {
        se.mockRestore();
      }
      return { code, stderr: err.join('') };
    };
    let r = await run(closedUrl);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    expect(r.stderr).not.toMatch(/fetch failed/);
    r = await run(httpsUrl);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/NODE_EXTRA_CA_CERTS/);
  });
});

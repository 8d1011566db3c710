import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { Evidence } from '../../../../src/core/finding.js';
import type { Detector } from '../../../../src/scanners/secrets/detector.js';
import type { SecretHit } from '../../../../src/scanners/secrets/hit.js';
import { redact } from '../../../../src/scanners/secrets/redact.js';
import { verifyHits, type VerifyOptions } from '../../../../src/scanners/secrets/verify/index.js';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeServer {
  /** http://127.0.0.1:PORT */
  url: string;
  requests: Seen[];
  /** Most requests handled at the same time. */
  maxInFlight: number;
  close(): Promise<void>;
}

export type Handler = (req: Seen, res: ServerResponse) => unknown;

/** A real HTTP server on loopback that records every request it gets. */
export async function startServer(handler: Handler): Promise<FakeServer> {
  const requests: Seen[] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      res.on('close', () => inFlight--);
      Promise.resolve(handler(seen, res)).catch(() => {
        if (!res.headersSent) res.writeHead(599);
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL nothing listens on (a server bound then closed). */
export async function closedPortUrl(): Promise<string> {
  const s = await startServer(() => undefined);
  await s.close();
  return s.url;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export function text(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain', ...headers });
  res.end(body);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A SecretHit as the engine would hand it over, for any detector id. */
export function makeHit(detectorId: string, secret: string, context = '', path = 'config/app.env'): SecretHit {
  const detector: Detector = {
    id: detectorId,
    title: `Test ${detectorId}`,
    severity: 'high',
    cwe: [798],
    description: 'test detector',
    remediation: 'rotate it',
    keywords: ['x'],
    pattern: 'x',
    maxLength: 200,
  };
  return {
    detector,
    match: { detectorId, secret, start: 0, end: secret.length, encoding: 'plain', confidence: 'medium' },
    finding: {
      ruleId: detectorId,
      scanner: 'secrets',
      severity: 'high',
      title: detector.title,
      message: `${detector.title} found: ${redact(secret)}`,
      location: { path, startLine: 1, startColumn: 1, endLine: 1, endColumn: secret.length + 1 },
      cwe: [798],
      fingerprint: 'f'.repeat(32),
      evidence: { snippet: redact(secret), confidence: 'medium', encoding: 'plain' },
    },
    context: context || secret,
  };
}

/** Every secret value a test has handed to verifyHits, to check no detail ever shows one. */
const handedOver = new Set<string>();

/**
 * verifyHits, then the invariants every call keeps: each hit has a status and a detail, and no
 * detail holds any secret (the hit's own, or any other seen by this test file).
 */
export async function verify(hits: SecretHit[], opts: VerifyOptions = {}): Promise<Evidence[]> {
  for (const h of hits) handedOver.add(h.match.secret);
  await verifyHits(hits, { env: {}, timeoutMs: 2000, ...opts });
  return hits.map((h) => {
    const ev = h.finding.evidence!;
    expect(['verified', 'invalid', 'unknown']).toContain(ev.verification);
    expect(typeof ev.verificationDetail).toBe('string');
    expect(ev.verificationDetail!.length).toBeGreaterThan(0);
    for (const s of handedOver) expect(ev.verificationDetail).not.toContain(s);
    return ev;
  });
}

export async function verifyOne(hit: SecretHit, opts: VerifyOptions = {}): Promise<Evidence> {
  const [ev] = await verify([hit], opts);
  return ev!;
}

/** Synthetic token bodies: deterministic, never real. */
export function fake(prefix: string, length: number, seed = 'Tst0Rmp9'): string {
  let s = prefix;
  while (s.length < length) s += seed;
  return s.slice(0, length);
}

import Fastify, { type FastifyReply } from 'fastify';
import { describe, expect, it } from 'vitest';
import { apiSecurityHeaders, securityHeaderSetter } from '../../src/server/app.js';

// The security headers are copied straight into Fastify's header table of each reply (see
// securityHeaderSetter); these check the headers that reach the client, and the fallback.
describe('apiSecurityHeaders', () => {
  it('is the fixed JSON set, with HSTS only over TLS and none of the HTML-page headers', () => {
    const plain = apiSecurityHeaders({ tls: false });
    expect(plain).toEqual({
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
    });
    const tls = apiSecurityHeaders({ tls: true });
    expect(tls['strict-transport-security']).toMatch(/^max-age=31536000; includeSubDomains$/);
    expect(Object.keys(tls).sort()).toEqual([...Object.keys(plain), 'strict-transport-security'].sort());
  });
});

describe('securityHeaderSetter', () => {
  it('every answer carries the security headers and the request id, and a route can still override one', async () => {
    const headers = apiSecurityHeaders({ tls: true });
    const set = securityHeaderSetter(headers);
    const app = Fastify({ logger: false });
    app.addHook('onRequest', (req, reply, done) => {
      set(reply, req.id);
      done();
    });
    app.get('/plain', async () => ({ ok: true }));
    app.get('/framed', async (_req, reply) => {
      reply.header('X-Frame-Options', 'SAMEORIGIN');
      return { ok: true };
    });
    for (const url of ['/plain', '/framed', '/missing']) {
      const r = await app.inject({ method: 'GET', url });
      for (const [k, v] of Object.entries(headers)) if (!(url === '/framed' && k === 'x-frame-options')) expect(r.headers[k]).toBe(v);
      expect(String(r.headers['x-request-id'])).toMatch(/^req-/);
    }
    const framed = await app.inject({ method: 'GET', url: '/framed' });
    expect(framed.headers['x-frame-options']).toBe('SAMEORIGIN');
    await app.close();
  });

  it('falls back to reply.headers() when a reply keeps no header table it can find', () => {
    const calls: [string, string][] = [];
    const fake = {
      headers(h: Record<string, string>) {
        for (const [k, v] of Object.entries(h)) calls.push([k, v]);
        return this;
      },
      header(k: string, v: string) {
        calls.push([k, v]);
        return this;
      },
    } as unknown as FastifyReply;
    securityHeaderSetter({ 'x-a': '1', 'x-b': '2' })(fake, 'id-7');
    expect(calls).toEqual([
      ['x-a', '1'],
      ['x-b', '2'],
      ['x-request-id', 'id-7'],
    ]);
  });

  it('refuses a header name that is not lower-case (it would bypass Fastify\'s lower-casing)', () => {
    expect(() => securityHeaderSetter({ 'X-Frame-Options': 'DENY' })).toThrow(/lower-case/);
    expect(() => securityHeaderSetter({ 'set-cookie': 'a=b' })).toThrow(/set-cookie/);
  });
});

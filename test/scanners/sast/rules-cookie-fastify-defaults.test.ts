import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { insecureCookie } from '../../../src/scanners/sast/rules/insecure-cookie.js';

function lines(source: string): number[] {
  const o = parseSource('a.js', source);
  if (!o.ok) throw new Error(o.message);
  return insecureCookie.check(o.file, new ApiNames(o.file.program)).map((h) => o.file.lines.position(h.start).line).sort((a, b) => a - b);
}

/** @fastify/cookie's parseOptions are every setCookie's defaults (written by us). */
describe('sast/js/insecure-cookie: @fastify/cookie parseOptions', () => {
  it('with parseOptions httpOnly on, setCookie without options is clean; a flag switched off is still reported', () => {
    expect(lines(`import Fastify from 'fastify';
import cookie from '@fastify/cookie';
const app = Fastify();
app.register(cookie, { secret: process.env.COOKIE_SECRET, parseOptions: { httpOnly: true, secure: true, sameSite: 'lax' } });
app.post('/login', async (req, reply) => {
  reply.setCookie('session', req.id);
  reply.setCookie('token', req.id, { path: '/' });
  reply.setCookie('sid', req.id, { httpOnly: false });
  return 'ok';
});`)).toEqual([8]);
  });

  it('without parseOptions (or with httpOnly not turned on) a session setCookie without flags is reported', () => {
    expect(lines(`const fastify = require('fastify')();
fastify.register(require('@fastify/cookie'), { secret: 's', parseOptions: { secure: true } });
fastify.get('/login', async (req, reply) => {
  reply.setCookie('session', req.id);
  return 'ok';
});`)).toEqual([4]);
    expect(lines(`const fastify = require('fastify')();
fastify.register(require('@fastify/cookie'));
fastify.get('/login', async (req, reply) => {
  reply.setCookie('session', req.id, { path: '/' });
  return 'ok';
});`)).toEqual([4]);
  });

  it("the reviewer's require() form with parseOptions is clean", () => {
    expect(lines(`const fastify = require('fastify')();
fastify.register(require('@fastify/cookie'), { parseOptions: { httpOnly: true, secure: true } });
fastify.get('/login', async (req, reply) => {
  reply.setCookie('session', req.id);
  return 'ok';
});`)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const EXPRESS = `const express = require('express');
const app = express();
`;
// Line numbers below count from 3 (the first line after the header).
function hits(body: string, head = EXPRESS) {
  return brief(run(head + body, { path: 'src/server.js', models: MODELS })).map((h) => `${h.kind}@${h.sink}`);
}

describe('taint engine: response content types', () => {
  it('a body sent after an HTML type is set is XSS, chained or not', () => {
    expect(hits(`app.get('/a', (req, res) => { res.type('html').send(req.query.a); });
app.get('/b', (req, res) => { res.set('Content-Type', 'text/html'); res.end(req.query.b); });
app.get('/c', (req, res) => { res.status(200).type('html').send('<p>' + req.query.c + '</p>'); });
app.get('/d', (req, res) => { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end(req.query.d); });
app.get('/e', (req, res) => { res.send(req.query.e); });`)).toEqual(['xss@3', 'xss@4', 'xss@5', 'xss@6', 'xss@7']);
  });

  it('a body sent as JSON or plain text is not XSS', () => {
    expect(hits(`app.get('/a', (req, res) => { res.type('json').send(req.query.a); });
app.get('/b', (req, res) => { res.set('Content-Type', 'text/plain'); res.send(req.query.b); });
app.get('/c', (req, res) => { res.header({ 'Content-Type': 'application/json' }).status(200).send(req.query.c); });
app.get('/d', function (req, res) { res.writeHead(200, { 'Content-Type': 'text/plain' }); res.end(req.query.d); });
app.get('/e', (req, res) => { res.setHeader('X-Request', 'a'); res.type('text').send(req.query.e); });`)).toEqual([]);
  });

  it('a type set on one branch only, or computed, leaves the body a sink', () => {
    expect(hits(`app.get('/a', (req, res) => {
  if (req.query.raw) res.type('text/plain');
  res.send(req.query.a);
});
app.get('/b', (req, res) => { res.type(req.query.t).send(req.query.b); });`)).toEqual(['xss@5', 'xss@7']);
  });

  it('Fastify: reply.send is a page only after an HTML type', () => {
    const FASTIFY = `const fastify = require('fastify')();
`;
    expect(hits(`fastify.get('/a', async (request, reply) => { reply.type('text/html').send('<h1>' + request.query.a + '</h1>'); });
fastify.get('/b', async (request, reply) => { reply.header('Content-Type', 'text/html'); reply.send(request.query.b); });
fastify.get('/c', async (request, reply) => { reply.send(request.query.c); });
fastify.get('/d', async (request, reply) => { reply.code(200).type('application/json').send(request.query.d); });`, FASTIFY))
      .toEqual(['xss@2', 'xss@3']);
  });

  it('a Location header set from the request is an open redirect; other headers are not', () => {
    expect(hits(`app.get('/a', (req, res) => { res.setHeader('Location', req.query.next); res.statusCode = 302; res.end(); });
app.get('/b', (req, res) => { res.set('location', req.query.next).status(302).end(); });
app.get('/c', (req, res) => { res.setHeader('X-Next', req.query.next); res.end(); });
app.get('/d', (req, res) => { res.setHeader('Location', '/home?from=' + encodeURIComponent(req.query.next)); res.end(); });`)
      .filter((h) => h.startsWith('open-redirect'))).toEqual(['open-redirect@3', 'open-redirect@4']);
  });
});

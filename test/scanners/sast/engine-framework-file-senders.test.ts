/**
 * Framework file senders that confine the name by default: @fastify/static reply.sendFile (send
 * refuses '..' under its root) and @hapi/inert h.file (confine defaults to relativeTo). Only what
 * turns the protection off, or a root from the request, is path traversal.
 */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const lines = (code: string) => brief(run(code, { models: MODELS, path: 'server.js' })).map((h) => `${h.sink}:${h.kind}`);

describe('@fastify/static reply.sendFile', () => {
  const HEAD = `const path = require('path');
const fastify = require('fastify')();
fastify.register(require('@fastify/static'), { root: path.join(__dirname, 'public') });
`;
  it('a root from the request is reported', () => {
    expect(lines(`${HEAD}fastify.get('/a', (request, reply) => reply.sendFile('index.html', request.query.dir));
fastify.get('/b', async (request, reply) => reply.sendFile('report.pdf', { root: '/srv/' + request.params.tenant, maxAge: 0 }));`)).toEqual([
      '4:path-traversal', '5:path-traversal',
    ]);
  });
  it('a file name from the request under the configured or a fixed root is clean', () => {
    expect(lines(`${HEAD}fastify.get('/a', (request, reply) => reply.sendFile(request.query.f));
fastify.get('/b', (request, reply) => reply.sendFile(request.params.name, path.join(__dirname, 'docs')));
fastify.get('/c', (request, reply) => reply.sendFile(request.params.name, { cacheControl: false }));`)).toEqual([]);
  });
});

describe('@hapi/inert h.file', () => {
  const HEAD = `const Hapi = require('@hapi/hapi');
const server = Hapi.server({ port: 3000, routes: { files: { relativeTo: '/srv/public' } } });
`;
  it('confine: false with a path from the request is reported', () => {
    expect(lines(`${HEAD}server.route({ method: 'GET', path: '/a', handler: (request, h) => h.file(request.query.path, { confine: false }) });
server.route({ method: 'GET', path: '/b', handler: (request, h) => h.file('/var/data/' + request.params.name, { confine: false, mode: 'attachment' }) });`)).toEqual([
      '3:path-traversal', '4:path-traversal',
    ]);
  });
  it('the default (confined) and confine: true are clean', () => {
    expect(lines(`${HEAD}server.route({ method: 'GET', path: '/a', handler: (request, h) => h.file(request.query.path) });
server.route({ method: 'GET', path: '/b', handler: (request, h) => h.file(request.params.name, { confine: true, mode: 'inline' }) });
server.route({ method: 'GET', path: '/c', handler: (request, h) => h.file('manual.pdf', { confine: false }) });`)).toEqual([]);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { tmpTrees } from '../../helpers/tmp.js';
import { scanRoot } from './scan-root.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

async function xss(files: Record<string, string>): Promise<string[]> {
  const root = trees.make({ 'package.json': '{"name":"app","private":true}', ...files });
  const findings = await scanRoot(root, Object.keys(files));
  return findings.filter((f) => f.ruleId === 'sast/js/xss').map((f) => `${f.location.path}:${f.location.startLine}`).sort();
}

describe('SAST: a handler\'s returned text is its response body', () => {
  it('NestJS: a string built from request data is sent as text/html; JSON types, objects, numbers, @Render and @Res() are not', async () => {
    const controller = [
      "import { Controller, Get, Query, Header, Render, Res } from '@nestjs/common';", // 1
      "import { GreetService } from './greet.service';",
      "@Controller('x')",
      'export class XController {',
      '  constructor(private readonly greet: GreetService) {}', // 5
      "  @Get('a') @Header('Content-Type', 'text/html') a(@Query('msg') msg: string) { return this.greet.wrap(msg); }",
      "  @Get('b') b(@Query('name') name: string) { return `<p>Hello ${name}</p>`; }",
      "  @Get('c') @Header('Content-Type', 'application/json') c(@Query('n') n: string) { return `{\"n\": \"${n}\"}`; }",
      "  @Get('d') d(@Query('n') n: string) { return { greeting: `Hello ${n}` }; }",
      "  @Get('e') e(@Query('n') n: string) { return `<p>${Number(n) * 2}</p>`; }", // 10
      "  @Get('f') @Render('page') f(@Query('n') n: string) { return { title: `Hi ${n}` }; }",
      "  @Get('g') g(@Query('n') n: string, @Res() res: any) { res.json({ n }); return `<p>${n}</p>`; }",
      "  @Get('h') h(@Query('id') id: string) { return this.greet.find(id); }",
      "  @Get('i') i(@Query('n') n: string) { return [n].map((x) => { return '<li>' + x + '</li>'; }).length; }",
      "  @Get('j') j(@Query('n') n: string, @Res({ passthrough: true }) res: any) { res.status(200); return `<p>${n}</p>`; }", // 15
      '}',
    ].join('\n');
    const service = [
      "import { Injectable } from '@nestjs/common';",
      '@Injectable()',
      'export class GreetService {',
      '  wrap(input: string): string { return `<html><body><div>${input}</div></body></html>`; }',
      '  find(id: string) { return { id }; }',
      '}',
    ].join('\n');
    expect(await xss({ 'src/x.controller.ts': controller, 'src/greet.service.ts': service })).toEqual(['src/x.controller.ts:15', 'src/x.controller.ts:6', 'src/x.controller.ts:7']);
  });

  it('NestJS on Fastify: a returned string is text/plain unless the handler declares HTML; an Express main.ts keeps it HTML', async () => {
    const controller = [
      "import { Controller, Get, Query, Header } from '@nestjs/common';", // 1
      "@Controller('x')",
      'export class XController {',
      "  @Get('a') a(@Query('name') name: string) { return `<p>Hello ${name}</p>`; }",
      "  @Get('b') @Header('Content-Type', 'text/html; charset=utf-8') b(@Query('name') name: string) { return `<p>Hello ${name}</p>`; }", // 5
      '}',
    ].join('\n');
    const generic = [
      "import { NestFactory } from '@nestjs/core';",
      "import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';",
      "import { AppModule } from './app.module';",
      'async function bootstrap() {',
      '  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter({ logger: true }));',
      '  await app.listen(3000);',
      '}',
      'bootstrap();',
    ].join('\n');
    const byVariable = [
      "import { NestFactory } from '@nestjs/core';",
      "import { FastifyAdapter } from '@nestjs/platform-fastify';",
      'async function bootstrap() {',
      '  const adapter = new FastifyAdapter();',
      '  const app = await NestFactory.create(AppModule, adapter);',
      '  await app.listen(3000);',
      '}',
    ].join('\n');
    const onExpress = [
      "import { NestFactory } from '@nestjs/core';",
      "// import { FastifyAdapter } from '@nestjs/platform-fastify'; const app = await NestFactory.create(AppModule, new FastifyAdapter());",
      'async function bootstrap() {',
      '  const app = await NestFactory.create(AppModule);',
      '  await app.listen(3000);',
      '}',
    ].join('\n');
    expect(await xss({ 'src/x.controller.ts': controller, 'src/main.ts': generic })).toEqual(['src/x.controller.ts:5']);
    expect(await xss({ 'src/x.controller.ts': controller, 'src/main.ts': byVariable })).toEqual(['src/x.controller.ts:5']);
    expect(await xss({ 'src/x.controller.ts': controller, 'src/main.ts': onExpress })).toEqual(['src/x.controller.ts:4', 'src/x.controller.ts:5']);
  });

  it('hapi: a returned string is text/html, an expression-bodied handler too; an object is JSON', async () => {
    const app = [
      "const Hapi = require('@hapi/hapi');",
      'const server = Hapi.server({ port: 3000 });',
      "server.route({ method: 'GET', path: '/a', handler: (request, h) => '<h1>' + request.query.q + '</h1>' });",
      "server.route({ method: 'GET', path: '/b', handler: (request, h) => ({ q: request.query.q }) });",
      "server.route({ method: 'GET', path: '/c', handler: (request, h) => { const name = request.params.name; return `<p>${name}</p>`; } });",
      "server.route({ method: 'GET', path: '/d', handler: (request, h) => `<p>${encodeURIComponent(request.query.q)}</p>` });",
    ].join('\n');
    expect(await xss({ 'server.js': app })).toEqual(['server.js:3', 'server.js:5']);
  });

  it('hapi: h.response(x) given a JSON type by a chained .type() or Content-Type .header() is not a page; text/html or no type is', async () => {
    const app = [
      "const Hapi = require('@hapi/hapi');",
      'const server = Hapi.server({ port: 3000 });',
      "server.route({ method: 'GET', path: '/a', handler: (request, h) => { const rows = request.query.ids.split(',').map((id) => ({ id, label: 'item ' + id })); return h.response(rows).type('application/json'); } });",
      "server.route({ method: 'GET', path: '/b', handler: (request, h) => { const out = request.query.ids.split(',').map((id) => '<li>' + id + '</li>'); return h.response(out).code(200).type('application/json'); } });",
      "server.route({ method: 'GET', path: '/c', handler: (request, h) => h.response(`{\"q\": \"${request.query.q}\"}`).header('content-type', 'application/json; charset=utf-8') });",
      "server.route({ method: 'GET', path: '/d', handler: (request, h) => h.response('<p>' + request.query.q + '</p>').type('text/html') });",
      "server.route({ method: 'GET', path: '/e', handler: (request, h) => h.response('<p>' + request.query.q + '</p>').code(200) });",
    ].join('\n');
    expect(await xss({ 'server.js': app })).toEqual(['server.js:6', 'server.js:7']);
  });
});

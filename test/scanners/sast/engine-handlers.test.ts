import { describe, expect, it } from 'vitest';
import type { AnyNode } from '../../../src/scanners/sast/parse/walk.js';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

describe('taint engine: handler discovery', () => {
  it('NestJS: methods of a decorated controller, parameter decorators give taint or roles', () => {
    const r = run(`import { Controller, Get, Post, Body, Req } from '@nestjs/common';
import { exec } from 'child_process';
@Controller('x')
export class XController {
  @Post() run(@Body() body: any) { exec(body.cmd); }
  @Get() get(@Req() req: any) { exec(req.query.c); }
  @Get('safe') safe(value: string) { exec(value); }
}
export class NotAController { run(body: any) { exec(body.cmd); } }`, { path: 'src/x.controller.ts' });
    expect(brief(r)).toEqual([
      { kind: 'command-injection', sink: 5, source: 5, label: 'http' },
      { kind: 'command-injection', sink: 6, source: 6, label: 'http' },
    ]);
  });

  it('Next.js route handlers by exported name in matching files only', () => {
    const src = `import { exec } from 'child_process';
export async function POST(request: Request) {
  const { cmd } = await request.json();
  exec(cmd);
}
export function helper(request: Request) { return request.json(); }`;
    expect(brief(run(src, { path: 'app/api/run/route.ts' }))).toEqual([{ kind: 'command-injection', sink: 4, source: 3, label: 'http' }]);
    expect(brief(run(src, { path: 'lib/other.ts' }))).toEqual([]);
  });

  it('register with an options object handler and named function handlers', () => {
    expect(brief(run(`import express from 'express';
import { exec } from 'child_process';
const app = express();
function onRun(rq, rs) { exec(rq.body.x); }
app.post('/a', onRun);
app.get('/b', { handler: (q, s) => exec(q.query.y) });`))).toEqual([
      { kind: 'command-injection', sink: 4, source: 4, label: 'http' },
      { kind: 'command-injection', sink: 6, source: 6, label: 'http' },
    ]);
  });

  it('a function with non-handler parameter names is not a handler', () => {
    expect(brief(run(`import { exec } from 'child_process';
function build(options, cfg) { exec(options.query.c); }`))).toEqual([]);
  });

  it('handlers of a class imported from a package (new X()) are found through its API path', () => {
    const r = run(`import { App } from 'webfw';
import { exec } from 'child_process';
const app = new App();
app.route('/x', (ctx) => exec(ctx.query.c));`, {
      models: [{
        framework: 'webfw',
        handlers: [{ framework: 'webfw', register: 'webfw.App().route', params: ['@ctx'] }],
        sources: [{ api: '@ctx.query', label: 'http', description: 'query' }],
        sinks: [{ id: 'exec', kind: 'command-injection', call: 'child_process.exec', description: 'runs' }],
      }],
    });
    expect(brief(r)).toEqual([{ kind: 'command-injection', sink: 4, source: 4, label: 'http' }]);
  });
});

describe('taint engine: JSX and components', () => {
  it('attributes of an in-file component reach its props', () => {
    const r = run(`function Raw({ html, safe }) {
  return <div><p dangerouslySetInnerHTML={{ __html: html }} /><p dangerouslySetInnerHTML={{ __html: safe }} /></div>;
}
export function Page() {
  const q = location.search;
  return <Raw html={'<b>' + q + '</b>'} safe="<i>x</i>" />;
}`, { path: 'src/page.jsx' });
    expect(brief(r)).toEqual([{ kind: 'xss', sink: 2, source: 5, label: 'browser' }]);
  });
});

describe('taint engine: built-in prototype-pollution sink', () => {
  const M = { labels: new Set(['http'] as const) };
  it('nested computed writes with input keys, a recursive merge, and a path setter', () => {
    const r = run(`import express from 'express';
const app = express();
function merge(target, source) {
  for (const key in source) {
    if (typeof source[key] === 'object') merge(target[key], source[key]);
    else target[key] = source[key];
  }
}
function setPath(obj, path, value) {
  const parts = path.split('.');
  let cur = obj;
  for (let i = 0; i < parts.length - 1; i++) cur = cur[parts[i]];
  cur[parts[parts.length - 1]] = value;
}
app.post('/a', (req, res) => {
  const store = {};
  store[req.body.a][req.body.b] = req.body.c;
  merge({}, req.body);
  setPath({}, req.query.p, 1);
});`, M);
    expect(brief(r).filter((h) => h.kind === 'prototype-pollution')).toEqual([
      { kind: 'prototype-pollution', sink: 6, source: 18, label: 'http' },
      { kind: 'prototype-pollution', sink: 13, source: 19, label: 'http' },
      { kind: 'prototype-pollution', sink: 17, source: 17, label: 'http' },
    ]);
  });

  it('guards, prototype-less targets and single-level writes are clean', () => {
    const r = run(`import express from 'express';
const app = express();
function merge(target, source) {
  for (const key in source) {
    if (key === '__proto__' || key === 'constructor') continue;
    if (typeof source[key] === 'object') merge(target[key], source[key]);
    else target[key] = source[key];
  }
}
app.post('/a', (req, res) => {
  const counts = {};
  counts[req.body.k] = 1;
  const m = Object.create(null);
  m[req.body.a] = {};
  const safe = Object.create(null);
  const inner = safe[req.body.a];
  inner[req.body.b] = 2;
  const map = new Map();
  merge({}, req.body);
});`, M);
    expect(brief(r)).toEqual([]);
  });
});

describe('taint engine: pattern hooks', () => {
  it('user sources, sinks (with focused args) and sanitizers', () => {
    const text = (src: string, n: AnyNode) => src.slice(n.start, n.end);
    const src = `const a = readSecretInput();
const b = cleanIt(readSecretInput());
dangerous(a, 'x');
dangerous('x', a);
dangerous(b, 'y');`;
    const r = run(src, {
      path: 'src/u.js',
      hooks: {
        source: (n) => (n.type === 'CallExpression' && text(src, n).startsWith('readSecretInput') ? { label: 'http', description: 'user source' } : undefined),
        sink: (n) => (n.type === 'CallExpression' && text(src, n).startsWith('dangerous') ? { ruleId: 'user.rule', description: 'user sink', args: [0] } as never : undefined),
        sanitizer: (n) => n.type === 'CallExpression' && text(src, n).startsWith('cleanIt'),
      },
    });
    expect(r.customHits.map((h) => [h.ruleId, h.steps[0]!.line, h.steps[h.steps.length - 1]!.line])).toEqual([['user.rule', 1, 3]]);
    expect(r.customHits[0]!.steps.length).toBeGreaterThan(1);
  });
});

describe('taint engine: Koa v1 generator middleware registered elsewhere', () => {
  it('an exported function* (next) reads the request through this; other next-taking functions are not handlers', () => {
    expect(brief(run(`const fs = require('fs');
const path = require('path');
module.exports = function* (next) {
  const file = path.join('/srv/www', decodeURIComponent(this.request.path));
  this.body = fs.readFileSync(file);
  yield next;
};
module.exports.plain = function (next) { fs.readFileSync(this.request.path); };
module.exports.arrowish = function* (next) { fs.readFileSync(path.join('/srv/www', 'index.html')); yield next; };`, { models: MODELS, path: 'middleware/files.js' }))).toEqual([
      { kind: 'path-traversal', sink: 5, source: 4, label: 'http' },
    ]);
  });
});

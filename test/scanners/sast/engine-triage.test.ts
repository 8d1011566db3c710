/** Accuracy fixes from the real-code triage (bench/sast-accuracy.mjs): each with a flagged and a clean case. */
import type { TaintModel } from '../../../src/scanners/sast/models/types.js';
import { describe, expect, it } from 'vitest';
import { brief, run } from './engine-helpers.js';

const HEAD = `import express from 'express';
import { exec } from 'child_process';
import fs from 'fs';
import path from 'path';
const app = express();
`;
// Bodies start on line 6.
function flows(body: string) {
  return brief(run(HEAD + body));
}

describe('taint engine: triage fixes', () => {
  it('a local helper escaping `<` to an entity with a global replace is an XSS sanitizer', () => {
    expect(flows(`function esc(html) {
  return String(html).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
function strip(s) {
  return s.replace(/<script/g, '');
}
app.get('/a', (req, res) => res.send('Cannot ' + esc(req.query.m)));
app.get('/b', (req, res) => res.send('Cannot ' + strip(req.query.m)));
app.get('/c', (req, res) => res.send(req.query.m.replace(/[<>]/g, (c) => c === '<' ? '&lt;' : '&gt;')));`))
      .toEqual([{ kind: 'xss', sink: 13, source: 13, label: 'http' }]);
  });

  it('a single-quoted shell word with its quotes escaped is clean; unquoted or backslash-escaped is not', () => {
    expect(flows(`const q = (s) => "'" + s.replace(/'/g, "''") + "'";
app.get('/a', (req, res) => { exec('command -v ' + q(req.query.c) + ' 2>/dev/null'); });
app.get('/b', (req, res) => { exec("ls '" + req.query.c.replace(/'/g, "'\\\\''") + "'"); });
app.get('/c', (req, res) => { exec("ls '" + req.query.c.replace(/'/g, "\\\\'") + "'"); });
app.get('/d', (req, res) => { exec('ls ' + req.query.c.replace(/'/g, "''")); });`))
      .toEqual([
        { kind: 'command-injection', sink: 9, source: 9, label: 'http' },
        { kind: 'command-injection', sink: 10, source: 10, label: 'http' },
      ]);
  });
});

describe('taint engine: path guards through a resolved copy', () => {
  it('pathIsInside(path.resolve(p), root) guards p; a check of another value does not', () => {
    expect(flows(`const isPathInside = require('path-is-inside');
app.get('/a', (req, res) => {
  const p = decodeURIComponent(path.join('/srv', req.query.f));
  const resolved = path.resolve(p);
  const root = path.resolve('/srv');
  const same = resolved === root;
  if (!same && !isPathInside(resolved, root)) return res.status(400).end();
  fs.readFile(p, () => {});
});
app.get('/b', (req, res) => {
  const p = decodeURIComponent(path.join('/srv', req.query.f));
  const other = path.resolve(req.query.g);
  if (!isPathInside(other, '/srv')) return res.status(400).end();
  fs.readFile(p, () => {});
});
app.get('/c', (req, res) => {
  const p = path.join('/srv', req.query.f);
  const resolved = path.resolve(p);
  if (!req.query.force && !isPathInside(resolved, '/srv')) return res.status(400).end();
  fs.readFile(p, () => {});
});`)).toEqual([
      { kind: 'path-traversal', sink: 19, source: 16, label: 'http' },
      { kind: 'path-traversal', sink: 25, source: 22, label: 'http' },
    ]);
  });
});

describe('taint engine: class fields holding instances', () => {
  const lib = run(`import { exec } from 'child_process';
export class Repo { find(q) { exec('find ' + q); } count(q) { return 1; } }`, { path: 'src/repo.ts' });
  const svc = run(`import { Repo } from './repo';
class Local { go(x) { eval(x); } }
export class A { private readonly repo = new Repo(); get(id: string) { return this.repo.find(id); } }
export class B { constructor(private readonly repo = new Repo()) {} get(id: string) { return this.repo.find(id); } }
export class C { constructor(private repo: Repo) {} get(id: string) { return this.repo.find(id); } }
export class D { private loc = new Local(); get(id: string) { return this.loc.go(id); } }
export class E { private repo = new Repo(); get(id: string) { return this.repo.count(id); } }`, { path: 'src/svc.ts', imported: { './repo': lib.exports } });

  it('methods reach the sinks of the field instance (initializer, parameter property, typed parameter, local class)', () => {
    const f = svc.exports.functions;
    expect(f['A#get']!.toSink).toMatchObject([{ param: 0, kind: 'command-injection' }]);
    expect(f['B#get']!.toSink).toMatchObject([{ param: 0, kind: 'command-injection' }]);
    expect(f['C#get']!.toSink).toMatchObject([{ param: 0, kind: 'command-injection' }]);
    expect(f['D#get']!.toSink).toMatchObject([{ param: 0, kind: 'code-injection' }]);
    expect(f['E#get']!.toSink).toEqual([]);
  });

  it('a handler calling the service is a finding only through the sink method', () => {
    const r = run(`import express from 'express';
import { A, E } from './svc';
const app = express();
const a = new A();
const e = new E();
app.get('/a', (req, res) => { a.get(req.query.id); });
app.get('/e', (req, res) => { e.get(req.query.id); });`, { imported: { './svc': svc.exports } });
    expect(brief(r)).toEqual([{ kind: 'command-injection', sink: 2, source: 6, label: 'http' }]);
  });
});

describe('taint engine: arrays, promises, Koa v1', () => {
  it('push/unshift/splice put the value in the array; join returns it', () => {
    expect(flows(`app.get('/a', (req, res) => {
  const html = [];
  html.push('<h1>' + req.query.u + '</h1>');
  res.send(html.join(''));
});
app.get('/b', (req, res) => {
  const html = [];
  html.push('<h1>title</h1>');
  html.unshift(String(req.query.n).length);
  res.send(html.join(''));
});
app.get('/c', (req, res) => {
  const parts = ['a'];
  parts.splice(0, 0, req.query.p);
  res.send(parts.join(' '));
});`)).toEqual([
      { kind: 'xss', sink: 9, source: 8, label: 'http' },
      { kind: 'xss', sink: 20, source: 19, label: 'http' },
    ]);
  });

  it('new Promise(resolve => resolve(x)).then(v => sink(v)); a constant resolve is clean', () => {
    expect(flows(`app.get('/a', (req, res) => {
  new Promise((resolve) => { setTimeout(() => resolve(req.query.c), 1); }).then((v) => exec(v));
});
app.get('/b', (req, res) => {
  new Promise((resolve) => resolve('ls')).then((v) => exec(v));
});`)).toEqual([{ kind: 'command-injection', sink: 7, source: 7, label: 'http' }]);
  });

  it('a Koa v1 generator middleware sees the context as this', () => {
    const r = brief(run(`const koa = require('koa');
const fs = require('fs');
const app = koa();
app.use(function* (next) {
  fs.readFileSync(this.request.url);
  fs.readFileSync('/etc/motd');
  yield next;
});`, { models: [{
      framework: 'koa-test',
      handlers: [{ framework: 'koa', register: 'koa().use', params: ['@koa.context', null] }],
      sources: [{ api: '@koa.context.request.url', label: 'http', description: 'URL' }],
      sinks: [{ id: 'fs.readFileSync', kind: 'path-traversal', call: 'fs.readFileSync', description: 'reads a file' }],
    }] }));
    expect(r).toEqual([{ kind: 'path-traversal', sink: 5, source: 5, label: 'http' }]);
  });
});

describe('taint engine: quoting twice', () => {
  it('a quoted word put inside another pair of single quotes is unquoted again', () => {
    expect(flows(`const q = (s) => "'" + s.replace(/'/g, "''") + "'";
app.get('/a', (req, res) => { const n = q(req.query.c); exec('command -v ' + n + " && echo '" + n + " found'"); });
app.get('/b', (req, res) => { const n = q(req.query.c); exec('command -v ' + n + ' && echo ' + n); });`))
      .toEqual([{ kind: 'command-injection', sink: 7, source: 7, label: 'http' }]);
  });
});

describe('taint engine: rooted normalised paths', () => {
  it('join(root, normalize(rooted)) stays under root; normalize of a relative path or resolve does not', () => {
    expect(flows(`const url = require('url');
app.get('/a', (req, res) => {
  let p = url.parse(req.query.u).pathname;
  p = path.normalize(p);
  fs.readFile(path.join('/srv', p), () => {});
  fs.readFile(path.join('/srv', path.normalize('/' + req.query.f)), () => {});
  fs.readFile(path.join('/srv', path.normalize(\`/\${req.query.f}\`)), () => {});
});
app.get('/b', (req, res) => {
  fs.readFile(path.join('/srv', path.normalize(req.query.f)), () => {});
  fs.readFile(path.resolve('/srv', path.normalize('/' + req.query.f)), () => {});
  fs.readFile(path.normalize('/' + req.query.f), () => {});
});`)).toEqual([
      { kind: 'path-traversal', sink: 15, source: 15, label: 'http' },
      { kind: 'path-traversal', sink: 16, source: 16, label: 'http' },
      { kind: 'path-traversal', sink: 17, source: 17, label: 'http' },
    ]);
  });
});

describe('taint engine: library closures and spawn', () => {
  it("a constructor's closure spawning the caller's program without a shell is not a finding; exec of it is", async () => {
    const { ALL_LABELS } = await import('./engine-helpers.js');
    const r = run(`const { spawn, exec } = require('child_process');
module.exports = function Tool(opts) {
  this.run = function () {
    const cmd = opts.bin.split(' ')[0];
    spawn(cmd, ['-v']);
    exec(opts.bin + ' -v');
  };
};`, { path: 'lib/tool.js', labels: ALL_LABELS, models: [{
      framework: 'cp-test',
      sinks: [
        { id: 'cp.spawn', kind: 'command-injection', call: 'child_process.spawn', args: [0], labels: ['http', 'argv'], description: 'is the program' },
        { id: 'cp.exec', kind: 'command-injection', call: 'child_process.exec', description: 'runs a shell command' },
      ],
    }] });
    expect(brief(r).map((h) => [h.kind, h.sink, h.label])).toEqual([['command-injection', 6, 'library-input']]);
  });
});

describe('taint engine: same-origin redirects', () => {
  it("a redirect starting with the request's own origin stays on the site", () => {
    const r = brief(run(`const koa = require('koa');
const app = koa();
app.use(function* () {
  this.redirect(this.request.origin + this.request.url + '/');
  this.redirect(this.request.url + '/');
});`, { models: [{
      framework: 'koa-test',
      handlers: [{ framework: 'koa', register: 'koa().use', params: ['@koa.context', null] }],
      sources: [{ api: '@koa.context.request.{url,origin}', label: 'http', description: 'URL' }],
      sinks: [{ id: 'koa.redirect', kind: 'open-redirect', call: '@koa.context.redirect', description: 'redirects' }],
    }] }));
    expect(r).toEqual([{ kind: 'open-redirect', sink: 5, source: 5, label: 'http' }]);
  });
});

describe('taint engine: pattern-rule sinks at assignments', () => {
  it('hooks.sink is consulted at an assignment; untainted values are not reported', async () => {
    const { parseSource } = await import('../../../src/scanners/sast/parse/index.js');
    const { compileModels } = await import('../../../src/scanners/sast/models/compile.js');
    const { analyzeFile } = await import('../../../src/scanners/sast/taint/file.js');
    const src = `const t = location.hash;
el.innerHTML = t;
el.innerHTML = 'fixed';
el.textContent = t;`;
    const o = parseSource('src/page.js', src);
    if (!o.ok) throw new Error(o.message);
    const r = analyzeFile(o.file, compileModels([{ framework: 't', sources: [{ api: 'location.hash', label: 'browser', description: 'hash' }] }]), {
      labels: new Set(['browser']), importedExports: () => undefined,
      hooks: {
        sink: (node) => {
          const n = node as unknown as { type: string; left?: { property?: { name?: string } } };
          return n.type === 'AssignmentExpression' && n.left?.property?.name === 'innerHTML' ? { ruleId: 'custom/inner', description: 'writes HTML' } : undefined;
        },
      },
    });
    expect(r.customHits.map((h) => [h.ruleId, h.label, h.steps[h.steps.length - 1]!.line])).toEqual([['custom/inner', 'browser', 2]]);
  });
});

describe('taint engine: library input spliced into a RegExp', () => {
  it('a parameter concatenated into new RegExp is regex injection; a whole pattern or escaped text is not', async () => {
    const { ALL_LABELS } = await import('./engine-helpers.js');
    // A sink that admits library input for redos (the built-in models do not register one yet:
    // it also fires on template compilers and glob libraries).
    const triageModel: TaintModel = {
      framework: 'triage',
      sinks: [{ id: 'RegExp.library', kind: 'redos', call: 'RegExp', labels: ['library-input'], requiresConcatenation: true,
        description: 'is spliced into a regular expression (regex injection)' }],
    };
    const r = run(`module.exports = function (str, sep, pattern, word) {
  const a = str.replace(new RegExp('([a-z\\\\d])([A-Z])', 'g'), '$1' + sep + '$2');
  const b = a.replace(new RegExp('(' + sep + '[A-Z])', 'g'), (m) => m.toLowerCase());
  const c = new RegExp(pattern).test(a);
  const d = new RegExp('^' + escapeRegExp(word) + '$').test(a);
  return b + c + d;
};`, { path: 'lib/index.js', labels: ALL_LABELS, models: [triageModel, {
      framework: 'esc', sanitizers: [{ method: 'escapeRegExp', kinds: ['redos'] }, { call: 'escapeRegExp', kinds: ['redos'] }] }] });
    expect(brief(r).map((h) => [h.kind, h.sink, h.label])).toEqual([['redos', 3, 'library-input']]);
  });
});

describe('taint engine: generator handlers found by parameter names', () => {
  it('a generator taking (req, res) keeps its parameters (not Koa v1)', () => {
    expect(flows(`module.exports = function* (req, res) {
  const x = yield fs.readFile(req.query.f, () => {});
};`)).toEqual([{ kind: 'path-traversal', sink: 7, source: 7, label: 'http' }]);
  });
});

describe('taint engine: quoting undone inside a callee', () => {
  it("a helper that puts its (already quoted) argument inside single quotes unquotes the caller's word", () => {
    expect(flows(`const q = (s) => "'" + s.replace(/'/g, "''") + "'";
function unix(name) { exec('command -v ' + name + " && echo '" + name + " found'"); }
function unixFixed(name) { exec('command -v ' + name + ' && echo ' + name); }
app.get('/a', (req, res) => { unix(q(req.query.c)); });
app.get('/b', (req, res) => { unixFixed(q(req.query.c)); });`))
      .toEqual([{ kind: 'command-injection', sink: 7, source: 9, label: 'http' }]);
  });
});

describe('taint engine: refinement on one branch, reassignment on the other', () => {
  it('the guard of the else branch and the constant of the then branch both hold after the if', () => {
    expect(flows(`app.get('/a', (req, res) => {
  let p = req.query.f;
  if (req.query.asset) {
    p = '/srv/assets/style.css';
  } else {
    if (!/^[a-z]+$/.test(p)) return res.status(400).end();
  }
  fs.readFile(p, () => {});
});
app.get('/b', (req, res) => {
  let p = req.query.f;
  if (req.query.asset) {
    console.log('asset');
  } else {
    if (!/^[a-z]+$/.test(p)) return res.status(400).end();
  }
  fs.readFile(p, () => {});
});`)).toEqual([{ kind: 'path-traversal', sink: 22, source: 16, label: 'http' }]);
  });
});

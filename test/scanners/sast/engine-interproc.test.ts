import { describe, expect, it } from 'vitest';
import { ALL_LABELS, brief, run } from './engine-helpers.js';
import type { FileExports } from '../../../src/scanners/sast/taint/summary.js';

const HEAD = `import express from 'express';
import { exec } from 'child_process';
const app = express();
`;
// Bodies start on line 4.

describe('taint engine: in-file interprocedural flows', () => {
  it('param → return and param → sink through local functions', () => {
    const r = run(HEAD + `function wrap(x) { return 'sh -c ' + x; }
function runIt(c) { exec(c); }
const id = (v) => v;
app.get('/', (req, res) => {
  runIt(wrap(req.query.c));
  exec(id('safe'));
  runIt('fixed');
});`);
    expect(brief(r)).toEqual([{ kind: 'command-injection', sink: 5, source: 8, label: 'http' }]);
    const steps = r.hits[0]!.steps.map((s) => s.line);
    expect(steps[0]).toBe(8);
    expect(steps).toContain(4);
    expect(steps[steps.length - 1]).toBe(5);
  });

  it('source → return: a helper that reads the request', () => {
    expect(brief(run(HEAD + `function getCmd(req) { return req.query.cmd; }
function hash() { return location.hash; }
app.get('/', (req, res) => {
  exec(getCmd(req));
  exec(hash());
});`))).toEqual([
      { kind: 'command-injection', sink: 7, source: 4, label: 'http' },
      { kind: 'command-injection', sink: 8, source: 5, label: 'browser' },
    ]);
  });

  it('a user-written validator cleans through its summary', () => {
    expect(brief(run(HEAD + `function checked(v) {
  if (!/^[a-z]+$/.test(v)) throw new Error('bad');
  return v;
}
app.get('/', (req, res) => {
  exec(checked(req.query.a));
  exec(req.query.b);
});`))).toEqual([{ kind: 'command-injection', sink: 10, source: 10, label: 'http' }]);
  });

  it('recursion reaches a fixpoint and still finds the flow', () => {
    expect(brief(run(HEAD + `function walk(x, n) {
  if (n === 0) { exec(x); return x; }
  return walk(x + '/', n - 1);
}
function ping(a, n) { return n ? pong(a, n - 1) : a; }
function pong(b, n) { return ping(b, n); }
app.get('/', (req, res) => {
  walk(req.query.p, 3);
  exec(ping(req.query.q, 4));
});`))).toEqual([
      { kind: 'command-injection', sink: 5, source: 11, label: 'http' },
      { kind: 'command-injection', sink: 12, source: 12, label: 'http' },
    ]);
  });

  it('closures read outer variables; callbacks of unknown APIs still run', () => {
    expect(brief(run(HEAD + `app.get('/', (req, res) => {
  const c = req.query.c;
  setTimeout(() => exec(c), 10);
  db.transaction(function () { exec(c); });
});`))).toEqual([
      { kind: 'command-injection', sink: 6, source: 5, label: 'http' },
      { kind: 'command-injection', sink: 7, source: 5, label: 'http' },
    ]);
  });

  it('a helper taking the whole request object is analysed with its role (param names fallback)', () => {
    expect(brief(run(HEAD + `function handle(req, res) { exec(req.body.c); }
module.exports = { handle };`))).toEqual([{ kind: 'command-injection', sink: 4, source: 4, label: 'http' }]);
  });

  it('handlers registered through a router and middleware arrays', () => {
    expect(brief(run(HEAD + `const router = express.Router();
router.post('/x', (req, res) => exec(req.body.c));
app.use([(rq, rs, next) => { exec(rq.query.d); next(); }]);`))).toEqual([
      { kind: 'command-injection', sink: 5, source: 5, label: 'http' },
      { kind: 'command-injection', sink: 6, source: 6, label: 'http' },
    ]);
  });
});

describe('taint engine: exports and imports across files', () => {
  it('fills FileExports for ESM and CommonJS forms', () => {
    const esm = run(`import { exec } from 'child_process';
export function a(x) { exec(x); }
export const b = (y) => y + '!';
const c = function (z) { return z; };
export { c as renamed };
export default function (w) { exec('run ' + w); }
export class Svc { go(q) { exec(q); } static make(s) { return s; } }`, { path: 'src/lib.ts' });
    const f = esm.exports.functions;
    expect(Object.keys(f).sort()).toEqual(['Svc#go', 'Svc.make', 'a', 'b', 'default', 'renamed']);
    expect(f.a!.toSink).toMatchObject([{ param: 0, kind: 'command-injection', sinkId: 'child_process.exec' }]);
    expect(f.b!.toReturn).toMatchObject([{ param: 0 }]);
    expect(f.renamed!.toReturn).toMatchObject([{ param: 0 }]);
    expect(f['Svc#go']!.toSink).toMatchObject([{ param: 0, kind: 'command-injection' }]);
    expect(f['Svc.make']!.toReturn).toMatchObject([{ param: 0 }]);

    const cjs = run(`const cp = require('child_process');
const mysql = require('mysql');
function run(c) { cp.exec(c); }
exports.one = run;
module.exports.two = (x) => x;
module.exports.pool = mysql.createPool({});`, { path: 'src/cjs.js' });
    expect(Object.keys(cjs.exports.functions).sort()).toEqual(['one', 'two']);
    expect(cjs.exports.values).toEqual({ pool: 'mysql.createPool()' });
    expect(cjs.imports.sort()).toEqual(['child_process', 'mysql']);

    const whole = run(`module.exports = { f(x) { return x; }, g: (y) => { eval(y); } };`, { path: 'src/obj.js' });
    expect(Object.keys(whole.exports.functions).sort()).toEqual(['f', 'g']);
    expect(whole.exports.functions.g!.toSink).toMatchObject([{ param: 0, kind: 'code-injection' }]);
  });

  it('uses summaries of imported functions (named, default, namespace, require, class methods)', () => {
    const lib = run(`import { exec } from 'child_process';
export function sh(x) { exec(x); }
export function ident(v) { return v; }
export default function evil(e) { eval(e); }
export class Repo { find(q) { exec('find ' + q); } }`, { path: 'src/lib.ts' });
    const imported: Record<string, FileExports> = { './lib': lib.exports, './lib.js': lib.exports };
    const r = run(`import express from 'express';
import evil, { sh, ident } from './lib';
import * as L from './lib.js';
const R = require('./lib');
const app = express();
app.get('/', (req, res) => {
  sh(req.query.a);
  exec2(ident(req.query.b));
  evil(req.query.c);
  L.sh(req.query.d);
  R.sh(req.query.e);
  new L.Repo().find(req.query.f);
  sh(ident('constant'));
});`, { imported });
    expect(brief(r)).toEqual([
      { kind: 'command-injection', sink: 2, source: 7, label: 'http' },
      { kind: 'command-injection', sink: 2, source: 10, label: 'http' },
      { kind: 'command-injection', sink: 2, source: 11, label: 'http' },
      { kind: 'code-injection', sink: 4, source: 9, label: 'http' },
      { kind: 'command-injection', sink: 5, source: 12, label: 'http' },
    ]);
    expect(r.hits.every((h) => h.steps[h.steps.length - 1]!.path === 'src/lib.ts' && h.steps[0]!.path === 'src/app.ts')).toBe(true);
    expect(r.imports.sort()).toEqual(['./lib', './lib.js', 'express']);
  });

  it('re-exports pass summaries through', () => {
    const lib = run(`export function sh(x) { require('child_process').exec(x); }`, { path: 'src/lib.ts' });
    const idx = run(`export { sh as run } from './lib';\nexport * from './lib';`, { path: 'src/index.ts', imported: { './lib': lib.exports } });
    expect(Object.keys(idx.exports.functions).sort()).toEqual(['run', 'sh']);
  });

  it('imported API values: an exported pool is a query sink', () => {
    const r = run(`import express from 'express';
import { pool } from './db';
const app = express();
app.get('/', (req, res) => { pool.query('SELECT ' + req.query.c); });`, {
      imported: { './db': { functions: {}, values: { pool: 'pg.Pool()' } } },
      models: [{ framework: 't', handlers: [{ framework: 'e', register: 'express().get', params: ['@http.request'] }], sources: [{ api: '@http.request.query', label: 'http', description: 'q' }], sinks: [{ id: 'pg', kind: 'sql-injection', call: 'pg.Pool().query', description: 'SQL' }] }],
    });
    expect(brief(r)).toEqual([{ kind: 'sql-injection', sink: 4, source: 4, label: 'http' }]);
  });

  it('library-input: exported function parameters reach command execution only', () => {
    const src = `const { exec } = require('child_process');
const fs = require('fs');
module.exports = function open(file, cmd) {
  fs.readFileSync(file);
  exec('convert ' + cmd);
};`;
    expect(brief(run(src, { path: 'lib/index.js', labels: ALL_LABELS }))).toEqual([
      { kind: 'command-injection', sink: 5, source: 3, label: 'library-input' },
    ]);
    expect(brief(run(src, { path: 'lib/index.js' }))).toEqual([]);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runProject, stronglyConnected, type ProjectStats } from '../../../src/scanners/sast/taint/project.js';
import type { ScanIssue } from '../../../src/core/scanner.js';
import { fakeEngine } from './project-fake-engine.js';
import { tmpTrees } from '../../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

async function runFake(files: Record<string, string>, list = Object.keys(files)) {
  const dir = trees.make(files);
  const log: string[] = [];
  const issues: ScanIssue[] = [];
  const read: string[] = [];
  const stats = {} as ProjectStats;
  const res = await runProject(
    list.map((p) => ({ path: p, absPath: join(dir, p) })),
    { models: [], labels: new Set(['http']), issue: (i) => issues.push(i), fileRead: (p) => read.push(p), stats },
    fakeEngine(log),
  );
  return { ...res, log, issues, stats, read };
}

describe('project driver with a stand-in engine', () => {
  it('analyses dependencies before their importers, whatever the input order (ESM and CommonJS)', async () => {
    const r = await runFake({
      'routes.js': "const c = require('./controller');\nimport { list } from './controller';\nlist(source());\n",
      'controller.mjs': "import { run } from './lib/db.js';\nexport function list(id) { return run(id); }\n",
      'lib/db.ts': 'export function run(q) { sink(q); }\n',
    });
    expect(r.log).toEqual(['lib/db.ts', 'controller.mjs', 'routes.js']);
    expect(r.hits).toHaveLength(1);
    // The hit's path runs from the call in routes.js into the callees' files.
    expect(r.hits[0]!.steps.map((s) => s.path)).toEqual(['routes.js', 'controller.mjs']);
    expect(r.read.sort()).toEqual(['controller.mjs', 'lib/db.ts', 'routes.js']);
  });

  it('a cycle of 3 files terminates within the round cap and its summaries settle', async () => {
    const r = await runFake({
      'a.ts': "import { b } from './b';\nexport function a(x) { b(x); }\n",
      'b.ts': "import { c } from './c';\nexport function b(x) { c(x); }\n",
      'c.ts': "import { a } from './a';\nexport function c(x) { a(x); sink(x); }\n",
      'main.ts': "import { a } from './a';\na(source());\n",
    });
    expect(r.stats.cycleRounds).toBeGreaterThanOrEqual(2);
    expect(r.stats.cycleRounds).toBeLessThanOrEqual(3);
    // main runs after the whole cycle has run once; members re-run only when they saw stale exports.
    expect(r.log.indexOf('main.ts')).toBeGreaterThan(Math.max(r.log.indexOf('a.ts'), r.log.indexOf('b.ts'), r.log.indexOf('c.ts')));
    expect(r.log.filter((f) => f === 'main.ts')).toHaveLength(1);
    expect(r.log.length).toBeLessThanOrEqual(4 * 3);
    expect(r.hits).toHaveLength(1);
  });

  it('a file importing a cycle member sees the exports the cycle settled on', async () => {
    // c runs first with a's exports unknown; only the second round learns that c reaches a sink.
    const r = await runFake({
      'a.ts': "import { b } from './b';\nexport function a(x) { b(x); sink(x); }\n",
      'b.ts': "import { c } from './c';\nexport function b(x) { c(x); }\n",
      'c.ts': "import { a } from './a';\nexport function c(x) { a(x); }\n",
      'main.ts': "import { c } from './c';\nc(source());\n",
    });
    expect(r.log[0]).toBe('c.ts');
    expect(r.stats.cycleRounds).toBe(2);
    // main ran in round 1 with c's first exports and again once c's changed.
    expect(r.log.filter((f) => f === 'main.ts')).toHaveLength(2);
    expect(r.hits).toHaveLength(1);
    expect(r.hits[0]!.steps[0]!.path).toBe('main.ts');
  });

  it('a file importing itself terminates', async () => {
    const r = await runFake({ 'self.ts': "import { f } from './self';\nexport function f(x) { f(x); }\n" });
    expect(r.log.length).toBeGreaterThanOrEqual(1);
    expect(r.log.length).toBeLessThanOrEqual(3);
  });

  it('a bad file becomes an issue; the others are still analysed', async () => {
    const r = await runFake({
      'good.ts': "import { run } from './db';\nrun(source());\n",
      'db.ts': 'export function run(q) { sink(q); }\n',
      'broken.ts': 'export function (((\n',
      'flow.js': '// @flow\nfunction f(x: ?string): number { return 1; }\n',
      'flow-exact.js': '// @flow\ntype E = {| x: number |};\n',
      'bundle.js': 'var a=function(b){return b+1};'.repeat(3_000),
      'recovered.ts': "return 1;\nimport { run } from './db';\nrun(source());\n",
    }, ['good.ts', 'db.ts', 'broken.ts', 'flow.js', 'flow-exact.js', 'bundle.js', 'recovered.ts', 'missing.ts']);
    const byPath = Object.fromEntries(r.issues.map((i) => [i.path, i]));
    expect(byPath['broken.ts']).toMatchObject({ kind: 'unparsable', scanner: 'sast' });
    // Flow that TypeScript can parse is read as TypeScript, with a notice; Flow-only syntax is refused.
    expect(byPath['flow.js']).toMatchObject({ kind: 'other', message: expect.stringMatching(/^Flow annotations .* read as/) });
    expect(byPath['flow-exact.js']).toMatchObject({ kind: 'unparsable', message: expect.stringMatching(/Flow/) });
    expect(byPath['bundle.js']).toMatchObject({ kind: 'skipped-size' });
    expect(byPath['missing.ts']).toMatchObject({ kind: 'unreadable' });
    // Recovered syntax errors are a warning and the file is still analysed.
    expect(byPath['recovered.ts']).toMatchObject({ kind: 'unparsable', line: 1 });
    expect(r.log).toContain('recovered.ts');
    expect(r.hits.map((h) => h.steps[0]!.path).sort()).toEqual(['good.ts', 'recovered.ts']);
  });

  it('an engine failure on one file is an issue, not a crash', async () => {
    const dir = trees.make({ 'a.ts': 'export function a(x) { sink(x); }\n', 'b.ts': 'boom();\n' });
    const issues: ScanIssue[] = [];
    const res = await runProject(
      ['a.ts', 'b.ts'].map((p) => ({ path: p, absPath: join(dir, p) })),
      { models: [], labels: new Set(['http']), issue: (i) => issues.push(i) },
      () => ({
        analyze: (f) => {
          if (f.path === 'b.ts') throw new Error('engine bug');
          return { exports: { functions: {} }, hits: [], customHits: [], imports: [], truncated: [{ line: 1, reason: 'nesting budget' }] };
        },
      }),
    );
    expect(res.hits).toEqual([]);
    expect(issues).toEqual([
      { path: 'a.ts', line: 1, kind: 'other', message: 'analysis cut short: nesting budget', scanner: 'sast' },
      { path: 'b.ts', kind: 'other', message: 'taint analysis failed: engine bug', scanner: 'sast' },
    ]);
  });
});

describe('stronglyConnected', () => {
  it('returns components dependencies first, cycles together', () => {
    // 0 → 1 → 2 → 1, 3 → 0, 4 alone
    const edges = [[1], [2], [1], [0], []];
    const comps = stronglyConnected(5, (i) => edges[i]!);
    expect(comps).toEqual([[2, 1], [0], [3], [4]]);
  });

  it('handles a 100,000-long import chain without recursion', () => {
    const n = 100_000;
    const comps = stronglyConnected(n, (i) => (i + 1 < n ? [i + 1] : []));
    expect(comps.length).toBe(n);
    expect(comps[0]).toEqual([n - 1]);
  });
});

// ---------------------------------------------------------------------------------------------
// With the real engine and the shipped models.
import { analyzeProject } from '../../../src/scanners/sast/taint/project.js';
import { MODELS } from '../../../src/scanners/sast/models/index.js';

async function scan(files: Record<string, string>, cacheDir?: string) {
  const dir = trees.make(files);
  const issues: ScanIssue[] = [];
  const stats = {} as ProjectStats;
  const list = Object.keys(files).filter((f) => /\.(m|c)?[jt]sx?$/.test(f));
  const res = await analyzeProject(list.map((p) => ({ path: p, absPath: join(dir, p) })), {
    models: MODELS, labels: new Set(['http', 'browser', 'message', 'library-input']), issue: (i) => issues.push(i), stats,
    ...(cacheDir ? { cacheDir } : {}),
  });
  return { ...res, issues, stats, dir };
}

const sinkLine = (h: { steps: { line: number }[] }) => h.steps[h.steps.length - 1]!.line;

describe('cross-file flows through the real engine', () => {
  it('reads extension-less bin/ scripts with a node shebang and passes over other scripts silently', async () => {
    const files = {
      'bin/serve': `#!/usr/bin/env node
const http = require('http');
const fs = require('fs');
http.createServer((req, res) => {
  fs.createReadStream('./public' + req.url).pipe(res);
}).listen(8080);
`,
      'bin/deploy': '#!/bin/sh\nset -e\nrm -rf "$1"\n',
    };
    const dir = trees.make(files);
    const issues: ScanIssue[] = [];
    const res = await analyzeProject(Object.keys(files).map((p) => ({ path: p, absPath: join(dir, p) })), {
      models: MODELS, labels: new Set(['http']), issue: (i) => issues.push(i),
    });
    expect(res.hits.map((h) => [h.kind, h.steps[h.steps.length - 1]!.path, sinkLine(h)])).toEqual([['path-traversal', 'bin/serve', 5]]);
    expect(issues).toEqual([]);
  });

  it('CommonJS: routes.js → controller.js → db.js pool.query with concatenation', async () => {
    const r = await scan({
      'routes.js': `const express = require('express');
const { showUser } = require('./controller');
const app = express();
app.get('/user', (req, res) => {
  showUser(req.query.id).then((u) => res.json(u));
});
module.exports = app;
`,
      'controller.js': `const db = require('./db');
async function showUser(id) {
  return db.findUser(id);
}
module.exports = { showUser };
`,
      'db.js': `const { Pool } = require('pg');
const pool = new Pool();
function findUser(id) {
  return pool.query("SELECT * FROM users WHERE id = " + id);
}
exports.findUser = findUser;
`,
    });
    // db.js concatenating its own exported parameter is also a library-input hit at the same sink;
    // the report keeps the http one (index.ts dedupeHits).
    const sql = r.hits.filter((h) => h.kind === 'sql-injection' && h.label === 'http');
    expect(sql).toHaveLength(1);
    const h = sql[0]!;
    expect(h.label).toBe('http');
    expect(h.steps[0]!.path).toBe('routes.js');
    expect(h.steps[0]!.line).toBe(5);
    expect(h.steps[h.steps.length - 1]).toMatchObject({ path: 'db.js', line: 4 });
    expect(new Set(h.steps.map((s) => s.path))).toEqual(new Set(['routes.js', 'controller.js', 'db.js']));
  });

  it('ESM TypeScript with `.js` specifiers and a tsconfig path alias', async () => {
    const r = await scan({
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@db/*": ["src/db/*"] } } }',
      'src/routes.ts': `import express from 'express';
import { listOrders } from './orders/service.js';
const app = express();
app.post('/orders', async (req, res) => {
  res.json(await listOrders(req.body.customer));
});
export default app;
`,
      'src/orders/service.ts': `import { runQuery } from '@db/query';
export async function listOrders(customer: string) {
  const sql = \`SELECT * FROM orders WHERE customer = '\${customer}'\`;
  return runQuery(sql);
}
`,
      'src/db/query.ts': `import mysql from 'mysql2/promise';
const conn = await mysql.createConnection({});
export async function runQuery(text: string) {
  const [rows] = await conn.query(text);
  return rows;
}
`,
    });
    const sql = r.hits.filter((h) => h.kind === 'sql-injection');
    expect(sql).toHaveLength(1);
    expect(sql[0]!.steps[0]!.path).toBe('src/routes.ts');
    expect(sql[0]!.steps[sql[0]!.steps.length - 1]!.path).toBe('src/db/query.ts');
    expect(sinkLine(sql[0]!)).toBe(4);
  });

  it('a parameterised query across files is clean', async () => {
    const r = await scan({
      'routes.js': `const express = require('express');
const { findUser } = require('./db');
const app = express();
app.get('/user', (req, res) => { findUser(req.query.id).then((u) => res.json(u)); });
`,
      'db.js': `const { Pool } = require('pg');
const pool = new Pool();
exports.findUser = (id) => pool.query('SELECT * FROM users WHERE id = $1', [id]);
`,
    });
    expect(r.hits.filter((h) => h.kind === 'sql-injection')).toEqual([]);
  });

  it('a cycle of three files terminates and the flow through it is found once', async () => {
    const r = await scan({
      'a.js': `const { b } = require('./b');
const express = require('express');
const app = express();
app.get('/x', (req, res) => { b(req.query.cmd); res.end(); });
exports.a = function a(x) { return x; };
`,
      'b.js': `const { c } = require('./c');
exports.b = function b(x) { return c(x); };
`,
      'c.js': `const { exec } = require('child_process');
const { a } = require('./a');
exports.c = function c(x) { exec('ls ' + a(x)); };
`,
    });
    // (c's exported parameter reaching exec is also a library-input finding of its own.)
    const cmd = r.hits.filter((h) => h.kind === 'command-injection' && h.label === 'http');
    expect(cmd).toHaveLength(1);
    expect(cmd[0]!.steps.map((s) => s.path)).toEqual(['a.js', 'b.js', 'c.js', 'a.js', 'c.js']);
    expect(cmd[0]!.steps[0]!.path).toBe('a.js');
    expect(cmd[0]!.steps[cmd[0]!.steps.length - 1]!.path).toBe('c.js');
    expect(r.stats.cycleRounds).toBeLessThanOrEqual(3);
  });

  it('a bad file among good ones is an issue and the good ones still report', async () => {
    const r = await scan({
      'broken.js': 'function (((',
      'app.js': `const express = require('express');
const cp = require('child_process');
const app = express();
app.get('/run', (req, res) => { cp.exec(req.query.cmd); res.end(); });
`,
    });
    expect(r.issues).toEqual([expect.objectContaining({ path: 'broken.js', kind: 'unparsable', scanner: 'sast' })]);
    expect(r.hits.filter((h) => h.kind === 'command-injection')).toHaveLength(1);
  });

  it('the cache gives the same hits, and a change in the callee file updates the caller', async () => {
    const cacheDir = trees.make({});
    const files = {
      'routes.js': `const express = require('express');
const { run } = require('./db');
const app = express();
app.get('/q', (req, res) => { run(req.query.q); res.end(); });
`,
      'db.js': `const { Pool } = require('pg');
const pool = new Pool();
exports.run = (q) => pool.query('SELECT * FROM t WHERE a = ' + q);
`,
    };
    const first = await scan(files, cacheDir);
    expect(first.hits.filter((h) => h.label === 'http')).toHaveLength(1);
    const dir = first.dir;
    const again = await analyzeProject(['routes.js', 'db.js'].map((p) => ({ path: p, absPath: join(dir, p) })), {
      models: MODELS, labels: new Set(['http']), issue: () => undefined, cacheDir, stats: first.stats,
    });
    expect(first.stats.reused).toBe(0); // other labels: another cache version
    expect(again.hits).toHaveLength(1);
    const third = await analyzeProject(['routes.js', 'db.js'].map((p) => ({ path: p, absPath: join(dir, p) })), {
      models: MODELS, labels: new Set(['http']), issue: () => undefined, cacheDir, stats: first.stats,
    });
    expect(first.stats.reused).toBe(2);
    expect(third.hits).toEqual(again.hits);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'db.js'), `const { Pool } = require('pg');
const pool = new Pool();
exports.run = (q) => pool.query('SELECT * FROM t WHERE a = $1', [q]);
`);
    const fourth = await analyzeProject(['routes.js', 'db.js'].map((p) => ({ path: p, absPath: join(dir, p) })), {
      models: MODELS, labels: new Set(['http']), issue: () => undefined, cacheDir, stats: first.stats,
    });
    expect(first.stats.analysed).toBe(2);
    expect(fourth.hits).toEqual([]);
  });
});

describe('pattern hooks reach the engine through the driver', () => {
  // (Custom sinks are found in the file where the sink call is: summaries carry built-in kinds only.)
  it('a user sink hook reports custom hits for data passed through another file, uncached without a key', async () => {
    const dir = trees.make({
      'app.js': `const express = require('express');
const { clean } = require('./util');
const app = express();
app.get('/a', (req, res) => { legacyAudit.write(clean(req.query.note)); res.end(); });
`,
      'util.js': `exports.clean = (s) => s.trim();
`,
    });
    const hooks = {
      sink: (node: any) => node.type === 'CallExpression' && node.callee?.type === 'MemberExpression' && node.callee.object?.name === 'legacyAudit'
        ? { ruleId: 'user.legacy-audit', description: 'reaches legacyAudit.write' } : undefined,
    };
    const cacheDir = trees.make({});
    const stats = {} as ProjectStats;
    const run = () => analyzeProject(['app.js', 'util.js'].map((p) => ({ path: p, absPath: join(dir, p) })), {
      models: MODELS, labels: new Set(['http']), issue: () => undefined, hooks, cacheDir, stats,
    });
    const r = await run();
    expect(r.customHits.map((h) => h.ruleId)).toEqual(['user.legacy-audit']);
    expect(r.customHits[0]!.steps[0]!.path).toBe('app.js');
    expect(r.customHits[0]!.steps.map((st) => st.path)).toContain('util.js');
    await run();
    expect(stats.reused).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { brief, run } from './engine-helpers.js';

const HEAD = `import express from 'express';
import { exec, execSync, spawn } from 'child_process';
import fs from 'fs';
const app = express();
`;
// Line numbers below count from 5 (the first line after HEAD).
function flows(body: string) {
  return brief(run(HEAD + body));
}

describe('taint engine: constructs', () => {
  it('destructuring with defaults and rest', () => {
    expect(flows(`app.get('/', (req, res) => {
  const { cmd = 'ls', ...rest } = req.query;
  exec(cmd);
  execSync(rest.other);
  const [a, b] = [req.body.x, 'safe'];
  exec(b);
  exec(a);
});`)).toEqual([
      { kind: 'command-injection', sink: 7, source: 6, label: 'http' },
      { kind: 'command-injection', sink: 8, source: 6, label: 'http' },
      { kind: 'command-injection', sink: 11, source: 9, label: 'http' },
    ]);
  });

  it('template literals, concatenation and compound +=', () => {
    expect(flows(`app.get('/', (req, res) => {
  let c = 'ls ';
  c += req.query.dir;
  exec(c);
  execSync(\`cat \${req.params.f}\`);
  exec('echo ' + req.body.msg + '!');
});`)).toEqual([
      { kind: 'command-injection', sink: 8, source: 7, label: 'http' },
      { kind: 'command-injection', sink: 9, source: 9, label: 'http' },
      { kind: 'command-injection', sink: 10, source: 10, label: 'http' },
    ]);
  });

  it('field sensitivity: object literals, o.a = t, reading another field is clean', () => {
    expect(flows(`app.get('/', (req, res) => {
  const o = { safe: 'ls', bad: req.query.c };
  exec(o.safe);
  exec(o.bad);
  const p = {};
  p.x = req.query.c;
  p.y = 'pwd';
  exec(p.y);
  exec(p.x);
});`)).toEqual([
      { kind: 'command-injection', sink: 8, source: 6, label: 'http' },
      { kind: 'command-injection', sink: 13, source: 10, label: 'http' },
    ]);
  });

  it('arrays, spread and array callbacks (map, forEach, filter, reduce)', () => {
    expect(flows(`app.get('/', (req, res) => {
  const list = [req.query.a, 'x'];
  const all = [...list];
  all.forEach((item) => exec(item));
  const up = list.map((s) => s.toUpperCase());
  execSync(up.join(' '));
  const r = list.reduce((acc, s) => acc + s, '');
  exec(r);
  ['a', 'b'].forEach((safe) => exec(safe));
});`)).toEqual([
      { kind: 'command-injection', sink: 8, source: 6, label: 'http' },
      { kind: 'command-injection', sink: 10, source: 6, label: 'http' },
      { kind: 'command-injection', sink: 12, source: 6, label: 'http' },
    ]);
  });

  it('promises and await: then passes the value, await p is p', () => {
    expect(flows(`app.post('/', async (req, res) => {
  const p = Promise.resolve(req.body.cmd);
  p.then((c) => exec(c));
  const v = await p;
  execSync(v);
  const [x] = await Promise.all([req.body.y]);
  exec(x);
});`)).toEqual([
      { kind: 'command-injection', sink: 7, source: 6, label: 'http' },
      { kind: 'command-injection', sink: 9, source: 6, label: 'http' },
      { kind: 'command-injection', sink: 11, source: 10, label: 'http' },
    ]);
  });

  it('optional chaining and Object.keys/values/entries', () => {
    expect(flows(`app.get('/', (req, res) => {
  exec(req?.query?.c);
  for (const k of Object.keys(req.body)) execSync(k);
  Object.entries(req.query).forEach(([k, v]) => exec(v));
});`)).toEqual([
      { kind: 'command-injection', sink: 6, source: 6, label: 'http' },
      { kind: 'command-injection', sink: 7, source: 7, label: 'http' },
      { kind: 'command-injection', sink: 8, source: 8, label: 'http' },
    ]);
  });

  it('default propagation through unknown calls and string methods; numeric casts are clean', () => {
    expect(flows(`import path from 'path';
app.get('/', (req, res) => {
  fs.readFile(path.join('/data', req.query.f.trim()), () => {});
  exec(Number(req.query.n));
  exec(parseInt(req.query.n, 10));
  exec(+req.query.n);
  exec(req.query.s.length);
  exec(req.query.s === 'a');
  exec(typeof req.query.s);
  exec(Math.max(req.query.a, 1));
});`)).toEqual([{ kind: 'path-traversal', sink: 7, source: 7, label: 'http' }]);
  });

  it('loops, switch, try/catch/finally, labelled break', () => {
    expect(flows(`app.get('/', (req, res) => {
  let c = 'ls';
  for (let i = 0; i < 3; i++) { if (i === 2) c = req.query.c; }
  exec(c);
  let d = 'x';
  outer: while (true) { for (;;) { d = req.query.d; break outer; } }
  execSync(d);
  let e;
  switch (req.query.mode) { case 'a': e = 'safe'; break; default: e = req.query.e; }
  exec(e);
  let f = 'ok';
  try { f = req.body.f; JSON.parse(f); } catch (err) { exec(f); } finally { execSync('true'); }
});`)).toEqual([
      { kind: 'command-injection', sink: 8, source: 7, label: 'http' },
      { kind: 'command-injection', sink: 11, source: 10, label: 'http' },
      { kind: 'command-injection', sink: 14, source: 13, label: 'http' },
      { kind: 'command-injection', sink: 16, source: 16, label: 'http' },
    ]);
  });

  it('class fields and this.x within a class', () => {
    expect(flows(`class Runner {
  cmd = 'ls';
  set(v) { this.cmd = v; }
  go() { exec(this.cmd); }
}
app.get('/', (req, res) => {
  const r = new Runner();
  r.set(req.query.c);
  this_is_fine();
});
class Holder {
  constructor(input) { this.input = input; }
  run() { execSync(this.input); }
}
app.post('/', (req, res) => { new Holder(req.body.x).run(); });`)).toEqual([
      { kind: 'command-injection', sink: 17, source: 19, label: 'http' },
    ]);
  });

  it('spawn only with shell: true (when option)', () => {
    expect(flows(`app.get('/', (req, res) => {
  spawn(req.query.c, [], { shell: true });
  spawn(req.query.c, [], { shell: false });
  spawn(req.query.c, []);
});`)).toEqual([{ kind: 'command-injection', sink: 6, source: 6, label: 'http' }]);
  });

  it('SQL sink requires text built from parts', () => {
    expect(flows(`const db = getDb();
app.get('/', async (req, res) => {
  await db.query('SELECT * FROM t WHERE id = ' + req.query.id);
  await db.query('SELECT * FROM t WHERE id = $1', [req.query.id]);
  await db.query(req.query.whole);
  const sql = \`DELETE FROM t WHERE id = \${req.params.id}\`;
  await this.pool.query(sql);
});`)).toEqual([
      { kind: 'sql-injection', sink: 7, source: 7, label: 'http' },
      { kind: 'sql-injection', sink: 11, source: 10, label: 'http' },
    ]);
  });

  it('assignment and JSX sinks', () => {
    const r = run(`export function View() {
  const h = location.hash.slice(1);
  document.getElementById('x').innerHTML = h;
  el.innerHTML = 'static';
  return <div dangerouslySetInnerHTML={{ __html: h }} title={h} />;
}`, { path: 'src/view.tsx' });
    expect(brief(r)).toEqual([
      { kind: 'xss', sink: 3, source: 2, label: 'browser' },
      { kind: 'xss', sink: 5, source: 2, label: 'browser' },
    ]);
  });

  it("a namespace import's default member is the module: axios.default(…) (TypeScript CommonJS interop)", () => {
    expect(brief(run(`import * as express from 'express';
import * as axios from 'axios';
const app = express.default();
app.get('/p', async (req, res) => {
  await axios.default({ url: req.query.url as string });
  await axios.default({ url: 'https://api.example.com/x' });
});`, { path: 'src/server.ts' }))).toEqual([{ kind: 'ssrf', sink: 5, source: 5, label: 'http' }]);
  });

  it('property-restricted sinks: axios({ url })', () => {
    expect(flows(`import axios from 'axios';
app.get('/', (req, res) => {
  axios({ url: req.query.u, method: 'get' });
  axios({ url: 'https://example.com', data: req.query.d });
});`)).toEqual([{ kind: 'ssrf', sink: 7, source: 7, label: 'http' }]);
  });

  it('labels not in effect do not count', () => {
    const src = `import { exec } from 'child_process';\nexec(process.argv[2]);`;
    expect(brief(run(src))).toEqual([]);
    expect(brief(run(src, { labels: new Set(['argv']) }))).toEqual([{ kind: 'command-injection', sink: 2, source: 2, label: 'argv' }]);
  });

  it('the same flow reached twice is reported once', () => {
    const r = run(HEAD + `function handler(req, res) { exec(req.query.c); }
app.get('/a', handler);
app.get('/b', handler);`);
    expect(brief(r)).toEqual([{ kind: 'command-injection', sink: 5, source: 5, label: 'http' }]);
  });
});

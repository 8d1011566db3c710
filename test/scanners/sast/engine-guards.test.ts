import { describe, expect, it } from 'vitest';
import { TEST_MODEL, brief, run } from './engine-helpers.js';

const HEAD = `import express from 'express';
import { exec } from 'child_process';
import fs from 'fs';
import path from 'path';
import escapeHtml from 'escape-html';
const app = express();
`;
// Bodies start on line 7.
function flows(body: string) {
  return brief(run(HEAD + body));
}

describe('taint engine: sanitizers and guards', () => {
  it('allow-list with early return cleans; without the check it is a flow', () => {
    expect(flows(`const ALLOWED = ['ls', 'pwd'];
app.get('/a', (req, res) => {
  const c = req.query.c;
  if (!ALLOWED.includes(c)) return res.status(400).end();
  exec(c);
});
app.get('/b', (req, res) => {
  const c = req.query.c;
  if (!ALLOWED.includes(c)) console.log('odd');
  exec(c);
});`)).toEqual([{ kind: 'command-injection', sink: 16, source: 14, label: 'http' }]);
  });

  it('set.has, x in MAP and allow-list as the branch condition', () => {
    expect(flows(`const CMDS = new Set(['a']);
const MAP = { a: 1 };
app.get('/', (req, res) => {
  if (CMDS.has(req.query.c)) exec(req.query.c);
  const k = req.query.k;
  if (k in MAP) exec(k);
  else exec(k);
});`)).toEqual([{ kind: 'command-injection', sink: 13, source: 11, label: 'http' }]);
  });

  it('every element checked (anchored regex, allow-list, validator) cleans the list; a partial check does not', () => {
    expect(flows(`const NAME = /^[a-z_]{1,63}$/;
const KNOWN = ['ls', 'pwd'];
app.get('/a', (req, res) => {
  const cols = Object.keys(req.body);
  if (!cols.every((c) => NAME.test(c))) return res.status(400).end();
  exec('echo ' + cols.join(' '));
});
app.get('/b', (req, res) => {
  const cmds = req.body.cmds;
  if (!cmds.every(function (c) { return KNOWN.includes(c); })) throw new Error('no');
  exec(cmds.join(';'));
});
app.get('/c', (req, res) => {
  const cols = Object.keys(req.body);
  if (!cols.every((c) => /[a-z]/.test(c))) return res.status(400).end();
  exec('echo ' + cols.join(' '));
});
app.get('/d', (req, res) => {
  const cols = Object.keys(req.body);
  if (!cols.some((c) => NAME.test(c))) return res.status(400).end();
  exec('echo ' + cols.join(' '));
});`)).toEqual([
      { kind: 'command-injection', sink: 22, source: 20, label: 'http' },
      { kind: 'command-injection', sink: 27, source: 25, label: 'http' },
    ]);
  });

  it('a list that is itself input does not guard', () => {
    expect(flows(`app.get('/', (req, res) => {
  const c = req.query.c;
  if (req.query.list.includes(c)) exec(c);
});`)).toEqual([{ kind: 'command-injection', sink: 9, source: 8, label: 'http' }]);
  });

  it('anchored regex test cleans; unanchored does not', () => {
    expect(flows(`app.get('/', (req, res) => {
  const id = req.params.id;
  if (/^[a-z0-9]+$/.test(id)) exec('show ' + id);
  if (/[a-z]+/.test(id)) exec('show ' + id);
  if (!/^\\d+$/.test(req.query.n)) throw new Error('bad');
  exec(req.query.n);
});`)).toEqual([{ kind: 'command-injection', sink: 10, source: 8, label: 'http' }]);
  });

  it('typeof, Number.isInteger and isNaN checks, comparison with a literal', () => {
    expect(flows(`app.get('/', (req, res) => {
  const a = req.query.a;
  if (typeof a === 'number') exec(a);
  if (Number.isInteger(a)) exec(a);
  if (isNaN(a)) return;
  exec(a);
  const m = req.query.m;
  if (m === 'fast') exec(m);
  if (m !== 'slow') exec(m);
});`)).toEqual([{ kind: 'command-injection', sink: 15, source: 13, label: 'http' }]);
  });

  it('path normalised then prefix-checked is clean for path traversal', () => {
    expect(flows(`const ROOT = '/srv/files';
app.get('/a', (req, res) => {
  const p = path.resolve(ROOT, req.query.f);
  if (!p.startsWith(ROOT)) return res.sendStatus(403);
  fs.readFile(p, () => {});
});
app.get('/b', (req, res) => {
  const p = path.resolve(ROOT, req.query.f);
  fs.readFile(p, () => {});
  const q = req.query.g;
  if (q.startsWith(ROOT)) fs.readFile(q, () => {});
});`)).toEqual([
      { kind: 'path-traversal', sink: 15, source: 14, label: 'http' },
      { kind: 'path-traversal', sink: 17, source: 16, label: 'http' },
    ]);
  });

  it('URL host allow-list cleans for SSRF', () => {
    expect(flows(`const HOSTS = ['api.example.com'];
app.get('/a', async (req, res) => {
  const u = req.query.u;
  if (!HOSTS.includes(new URL(u).host)) return res.sendStatus(400);
  await fetch(u);
});
app.get('/b', async (req, res) => {
  const url = new URL(req.query.u);
  if (!HOSTS.includes(url.hostname)) return;
  await fetch(url);
  await fetch(req.query.v);
});`)).toEqual([{ kind: 'ssrf', sink: 17, source: 17, label: 'http' }]);
  });

  it('sanitizer calls by API and by method name clean their kinds only', () => {
    expect(flows(`app.get('/', (req, res) => {
  const name = escapeHtml(req.query.name);
  res.send('<p>' + name + '</p>');
  exec('echo ' + name);
  exec('echo ' + req.query.x.escapeShellArg());
});`)).toEqual([{ kind: 'command-injection', sink: 10, source: 8, label: 'http' }]);
  });

  it('switch on a literal case cleans the discriminant in that case', () => {
    expect(flows(`app.get('/', (req, res) => {
  const op = req.query.op;
  switch (op) {
    case 'start': exec(op); break;
    default: exec(op);
  }
});`)).toEqual([{ kind: 'command-injection', sink: 11, source: 8, label: 'http' }]);
  });

  it('a guard on one branch does not clean after the join', () => {
    expect(flows(`app.get('/', (req, res) => {
  const c = req.query.c;
  if (c === 'ok') { console.log(c); }
  exec(c);
});`)).toEqual([{ kind: 'command-injection', sink: 10, source: 8, label: 'http' }]);
  });

  it('a fixed local path or host before the input keeps redirects and requests on that origin', () => {
    expect(flows(`app.get('/', async (req, res) => {
  res.redirect('/login?returnurl=' + req.query.back + '&e=' + req.query.e);
  res.redirect(\`/users/\${req.params.id}\`);
  await fetch('https://api.example.com/items/' + req.query.id);
  res.redirect('//' + req.query.host);
  await fetch(\`https://\${req.query.host}/x\`);
  res.redirect(req.query.to + '/home');
});`)).toEqual([
      { kind: 'open-redirect', sink: 11, source: 11, label: 'http' },
      { kind: 'ssrf', sink: 12, source: 12, label: 'http' },
      { kind: 'open-redirect', sink: 13, source: 13, label: 'http' },
    ]);
  });

  it('a slice prefix check of a normalised path cleans it', () => {
    expect(flows(`const ROOT = '/srv';
app.get('/', (req, res) => {
  const full = path.join(ROOT, req.query.f);
  if (full.slice(0, ROOT.length) !== ROOT) return res.end();
  fs.readFile(full, () => {});
});`)).toEqual([]);
  });

  it('a name without a separator or parent step is clean for path traversal; project sanitizers by name', () => {
    expect(flows(`import { mongoSanitize } from './common';
app.get('/', (req, res) => {
  const file = req.query.file;
  if (!file.includes('/')) fs.readFile(path.resolve('keys/', file), () => {});
  if (file.indexOf('..') === -1) fs.readFile(path.join('keys', file), () => {});
  fs.readFile(file, () => {});
  const name = mongoSanitize(req.query.name);
  res.send('<p>' + name);
});`)).toEqual([{ kind: 'path-traversal', sink: 12, source: 9, label: 'http' }]);
  });

  it('a prefix check against a root from options or argv confines the path; a root from the request does not', () => {
    expect(flows(`export function serve(options) {
  const root = path.resolve(options.root);
  app.get('/a', (req, res) => {
    const p = path.join(root, req.query.f);
    if (!p.startsWith(root)) return res.sendStatus(403);
    fs.readFile(p, () => {});
  });
}
const dir = path.resolve(process.argv[2]);
app.get('/b', (req, res) => {
  const p = path.resolve(dir, req.query.f);
  if (p.indexOf(dir + path.sep) !== 0) return res.end();
  fs.readFile(p, () => {});
});
app.get('/c', (req, res) => {
  const root = req.query.root;
  const p = path.resolve(root, req.query.f);
  if (!p.startsWith(root)) return res.end();
  fs.readFile(p, () => {});
});`)).toEqual([
      { kind: 'path-traversal', sink: 25, source: 22, label: 'http' },
      { kind: 'path-traversal', sink: 25, source: 23, label: 'http' },
    ]);
  });

  it('a helper that prefix-checks under its root parameter confines the name, not the root', () => {
    expect(flows(`function inside(root, name) {
  const full = path.resolve(root, name);
  if (!full.startsWith(root)) throw new Error('outside the root');
  return full;
}
app.get('/', (req, res) => {
  fs.readFile(inside('/srv', req.query.f), () => {});
  fs.readFile(inside(req.query.root, 'x'), () => {});
});`)).toEqual([{ kind: 'path-traversal', sink: 14, source: 14, label: 'http' }]);
  });

  it("'..' removed until none is left cleans the path; removed once it does not", () => {
    expect(flows(`app.get('/a', (req, res) => {
  let rel = String(req.query.f);
  while (rel.indexOf('..') >= 0) rel = rel.replace('..', '');
  fs.readFile(path.join('/srv', rel), () => {});
});
app.get('/b', (req, res) => {
  let rel = String(req.query.f);
  if (rel.indexOf('..') >= 0) rel = rel.replace('..', '');
  fs.readFile(path.join('/srv', rel), () => {});
  if (rel.indexOf('..') < 0) fs.readFile(path.join('/srv', rel), () => {});
  // no '..' but maybe absolute ('/etc/passwd'): used alone as a path it still escapes
  if (rel.indexOf('..') < 0) fs.readFile(rel, () => {});
});`)).toEqual([
      { kind: 'path-traversal', sink: 15, source: 13, label: 'http' },
      { kind: 'path-traversal', sink: 18, source: 13, label: 'http' },
    ]);
  });

  it("path.relative(root, file) without a leading '..' confines file; a check of another value does not", () => {
    expect(flows(`const ROOT = path.resolve('uploads');
app.get('/a', (req, res) => {
  const file = path.resolve(ROOT, req.query.name);
  const rel = path.relative(ROOT, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return res.sendStatus(403);
  fs.readFile(file, () => {});
  fs.readFile(path.join(ROOT, rel), () => {});
});
app.get('/b', (req, res) => {
  const file = path.resolve(ROOT, req.query.name);
  const other = path.resolve(ROOT, req.query.other);
  const rel = path.relative(ROOT, other);
  if (rel.startsWith('..')) return res.sendStatus(403);
  fs.readFile(file, () => {});
});
app.get('/c', (req, res) => {
  const file = path.resolve(req.query.root, req.query.name);
  const rel = path.relative(req.query.root, file);
  if (rel.startsWith('..')) return res.sendStatus(403);
  fs.readFile(file, () => {});
});`)).toEqual([
      { kind: 'path-traversal', sink: 20, source: 16, label: 'http' },
      // the root and the name, both from the request
      { kind: 'path-traversal', sink: 26, source: 23, label: 'http' },
      { kind: 'path-traversal', sink: 26, source: 23, label: 'http' },
    ]);
  });

  it("a path whose segments include no '..' is clean; another segment check is not", () => {
    expect(flows(`app.get('/a', (req, res) => {
  const rel = path.normalize(String(req.query.f));
  if (rel.split(path.sep).includes('..')) return res.sendStatus(400);
  fs.readFile(path.join('/srv', rel), () => {});
});
app.get('/b', (req, res) => {
  const rel = path.normalize(String(req.query.f));
  if (rel.split('/').indexOf('..') !== -1) return res.sendStatus(400);
  fs.readFile(path.join('/srv', rel), () => {});
});
app.get('/c', (req, res) => {
  const rel = path.normalize(String(req.query.f));
  if (rel.split('/').includes('.')) return res.sendStatus(400);
  fs.readFile(path.join('/srv', rel), () => {});
});`)).toEqual([{ kind: 'path-traversal', sink: 20, source: 18, label: 'http' }]);
  });

  it('a sink with `unless` is none when the option is set to a value the request does not choose (or may be: options it cannot see)', () => {
    const models = [{
      ...TEST_MODEL,
      sinks: [...(TEST_MODEL.sinks ?? []), {
        id: 'res.sendFile', kind: 'path-traversal' as const, call: '@http.response.sendFile',
        unless: [{ arg: 1, property: 'root' }], description: 'sends a file',
      }],
    }];
    expect(brief(run(HEAD + `app.get('/:name', (req, res) => {
  res.sendFile(req.params.name, { root: path.join(__dirname, 'docs'), dotfiles: 'deny' });
  res.sendFile(req.params.name);
  res.sendFile(req.params.name, { dotfiles: 'deny' });
  res.sendFile(req.params.name, { root: req.query.dir });
  res.sendFile(req.params.name, { root: '' });
  res.sendFile(req.params.name, () => {});
  res.sendFile(req.params.name, Object.assign({}, app.locals.fileOptions));
  res.sendFile(req.params.name, req.query);
});`, { models }))).toEqual([
      { kind: 'path-traversal', sink: 9, source: 9, label: 'http' },
      { kind: 'path-traversal', sink: 10, source: 10, label: 'http' },
      { kind: 'path-traversal', sink: 11, source: 11, label: 'http' },
      { kind: 'path-traversal', sink: 12, source: 12, label: 'http' },
      { kind: 'path-traversal', sink: 13, source: 13, label: 'http' },
      { kind: 'path-traversal', sink: 15, source: 15, label: 'http' },
    ]);
  });

  it("a normalised path checked to start with a literal directory is clean; with '..' or unnormalised it is not", () => {
    expect(flows(`app.get('/a', (req, res) => {
  const p = path.resolve('/srv/files', req.query.f);
  if (!p.startsWith('/srv/files/')) return res.end();
  fs.readFile(p, () => {});
});
app.get('/b', (req, res) => {
  const p = path.normalize(req.query.f);
  if (p.startsWith('..')) fs.readFile(p, () => {});
  const q = req.query.g;
  if (q.startsWith('/srv/files/')) fs.readFile(q, () => {});
});`)).toEqual([
      { kind: 'path-traversal', sink: 14, source: 13, label: 'http' },
      { kind: 'path-traversal', sink: 16, source: 15, label: 'http' },
    ]);
  });
});

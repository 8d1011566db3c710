/** Accuracy fixes from the real-code triage (bench/sast-accuracy.mjs): each with a flagged and a clean case. */
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

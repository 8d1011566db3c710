import { describe, expect, it } from 'vitest';
import { brief, run } from './engine-helpers.js';

const HEAD = `import express from 'express';
import fs from 'fs';
import path from 'path';
import querystring from 'querystring';
const app = express();
const ROOT = path.resolve('/srv/files');
`;
// Bodies start on line 7.
function flows(body: string) {
  return brief(run(HEAD + body));
}
const PT = (sink: number, source: number) => ({ kind: 'path-traversal', sink, source, label: 'http' });

describe('taint engine: a path checked in one form and used in another (percent-decoded after the check)', () => {
  it('a prefix check on the still-encoded path does not hold for the decoded one', () => {
    expect(flows(`app.get('/a', (req, res) => {
  const p = path.normalize(path.join(ROOT, req.query.f));
  if (!p.startsWith(ROOT + path.sep)) return res.status(403).end();
  fs.readFile(decodeURIComponent(p), () => {});
});
app.get('/b', (req, res) => {
  const p = path.resolve(ROOT, String(req.query.f));
  if (p.indexOf(ROOT + path.sep) !== 0) return res.end();
  const file = querystring.unescape(p);
  fs.readFile(file, () => {});
});`)).toEqual([PT(10, 8), PT(16, 13)]);
  });

  it("a '..' test on the raw name does not hold after decodeURI/unescape", () => {
    expect(flows(`app.get('/a', (req, res) => {
  const name = String(req.query.f);
  if (name.includes('..')) return res.end();
  fs.readFile(path.join(ROOT, decodeURI(name)), () => {});
});
app.get('/b', (req, res) => {
  const name = String(req.query.f);
  if (name.indexOf('..') !== -1) return res.end();
  fs.readFile(path.join(ROOT, unescape(name)), () => {});
});`)).toEqual([PT(10, 8), PT(15, 13)]);
  });

  it('clean: decoding first, then the check, then the use of the decoded path', () => {
    expect(flows(`app.get('/a', (req, res) => {
  const p = path.resolve(ROOT, decodeURIComponent(String(req.query.f)));
  if (!p.startsWith(ROOT + path.sep)) return res.status(403).end();
  fs.readFile(p, () => {});
});
app.get('/b', (req, res) => {
  const name = decodeURIComponent(String(req.query.f));
  if (name.includes('..')) return res.end();
  fs.readFile(path.join(ROOT, name), () => {});
});`)).toEqual([]);
  });

  it('clean: a decoded value checked again after decoding', () => {
    expect(flows(`app.get('/a', (req, res) => {
  const p = path.normalize(path.join(ROOT, String(req.query.f)));
  if (!p.startsWith(ROOT + path.sep)) return res.end();
  const q = path.resolve(decodeURIComponent(p));
  if (!q.startsWith(ROOT + path.sep)) return res.end();
  fs.readFile(q, () => {});
});`)).toEqual([]);
  });
});

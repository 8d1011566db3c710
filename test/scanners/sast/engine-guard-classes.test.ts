import { describe, expect, it } from 'vitest';
import { brief, run } from './engine-helpers.js';

const HEAD = `import express from 'express';
import fs from 'fs';
import path from 'path';
import { exec } from 'child_process';
const app = express();
`;
// Bodies start on line 6.
const sinks = (body: string) => brief(run(HEAD + body)).map((b) => `${b.kind}:${b.sink}`);

/** Character-class and anchored-regex guards read for what they really let through (written by us). */
describe('taint engine: what a character-class check leaves in the value', () => {
  it('a failed check that still allows shell, quote or path characters, or uses the g flag, cleans nothing', () => {
    expect(sinks(`const BAD = /[^\\w]/g;
app.get('/a', (req, res) => {
  const a = req.query.a;
  if (/[^\\x20-\\x7e]/.test(a)) return res.end();
  exec('ls ' + a);
  const b = req.query.b;
  if (/[^\\x00-\\x7f]/.test(b)) return res.end();
  exec('ls ' + b);
  const c = req.query.c;
  if (BAD.test(c)) return res.end();
  exec('ls ' + c);
  const d = req.query.d;
  if (/[()]/.test(d)) return res.end();
  eval('var x = "' + d + '"');
  const e = req.query.e;
  if (/[^\\w.\\/-]/.test(e)) return res.end();
  fs.readFile(path.join('/srv/files', e), () => {});
});`)).toEqual(['command-injection:10', 'command-injection:13', 'command-injection:16', 'code-injection:19', 'path-traversal:22']);
  });

  it('a failed check whose allowed characters are harmless for the sink cleans it', () => {
    expect(sinks(`const BAD = /[^\\w]/;
app.get('/a', (req, res) => {
  const a = req.query.a;
  if (BAD.test(a)) return res.end();
  exec('ls ' + a);
  const b = req.query.b;
  if (/[^a-z0-9_\\u002d]/i.test(b)) return res.end();
  fs.readFile(path.join('/srv/files', b), () => {});
  const d = req.query.d;
  if (/[()=\`{}]/.test(d)) return res.end();
  eval('var x = "' + d + '"');
});`)).toEqual([]);
  });
});

describe('taint engine: anchored allow-list regexes', () => {
  it('the m flag, a repeated \\\\S, and URL-shaped patterns do not clean a redirect or a command', () => {
    expect(sinks(`app.get('/a', (req, res) => {
  const a = req.query.a;
  if (!/^(https?:\\/\\/|\\/)\\S*$/.test(a)) return res.end();
  res.redirect(a);
  const b = req.query.b;
  if (!/^(http|https):\\/\\/[a-z0-9.:\\/-]+$/.test(b)) return res.end();
  res.redirect(b);
  const c = req.query.c;
  if (!/^[a-z]+$/m.test(c)) return res.end();
  exec('ls ' + c);
  const d = req.query.d;
  if (!/^[\\w.-]+$/.test(d)) return res.end();
  fs.readFile(path.join('/srv/files', d), () => {});
});`)).toEqual(['open-redirect:9', 'open-redirect:12', 'command-injection:15', 'path-traversal:18']);
  });

  it('a plain anchored allow-list, and a URL pattern with a fixed host, clean', () => {
    expect(sinks(`app.get('/a', (req, res) => {
  const a = req.query.a;
  if (!/^https:\\/\\/example\\.com\\/[\\w\\/-]*$/.test(a)) return res.end();
  res.redirect(a);
  const c = req.query.c;
  if (!/^[a-z]+$/.test(c)) return res.end();
  exec('ls ' + c);
  const d = req.query.d;
  if (!/^[\\w-]+$/.test(d)) return res.end();
  fs.readFile(path.join('/srv/files', d), () => {});
});`)).toEqual([]);
  });

  it('every element checked with an allow-list cleans the list for the kinds that regex cleans, as a check of one value does', () => {
    expect(sinks(`app.get('/a', (req, res) => {
  const parts = req.query.parts;
  if (!parts.every((p) => /^[\\w.-]+$/.test(p))) return res.end();
  exec('ls ' + parts.join(' '));
  fs.readFile(path.join('/srv/files', parts.join('/')), () => {});
});`)).toEqual(['path-traversal:10']);
  });
});

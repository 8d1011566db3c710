import { describe, expect, it } from 'vitest';
import { brief, run } from './engine-helpers.js';

const HEAD = `import express from 'express';
import { exec } from 'child_process';
const app = express();
`;
// Bodies start on line 4.
const flows = (body: string) => brief(run(HEAD + body));
const CI = (sink: number, source: number) => ({ kind: 'command-injection', sink, source, label: 'http' });

describe('taint engine: an allow-list regex held in a constant', () => {
  it('a test against a constant anchored regex guards like the literal', () => {
    expect(flows(`const ID_RE = /^[0-9]+$/;
app.get('/a', (req, res) => {
  const id = req.query.id;
  if (!ID_RE.test(id)) return res.send('bad');
  exec('kill ' + id);
});`)).toEqual([]);
  });

  it('an unanchored constant, a reassigned one and one declared twice do not guard', () => {
    expect(flows(`const LOOSE = /[0-9]+/;
let MOVED = /^[0-9]+$/;
MOVED = /.*/;
app.get('/a', (req, res) => {
  const a = req.query.a;
  if (!LOOSE.test(a)) return res.send('bad');
  exec('kill ' + a);
  const b = req.query.b;
  if (!MOVED.test(b)) return res.send('bad');
  exec('kill ' + b);
});
function other() { const TWICE = /.*/; return TWICE; }
const TWICE = /^[0-9]+$/;
app.get('/b', (req, res) => {
  const c = req.query.c;
  if (!TWICE.test(c)) return res.send('bad');
  exec('kill ' + c);
});`)).toEqual([CI(10, 8), CI(13, 11), CI(20, 18)]);
  });
});

import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const HEAD = `import express from 'express';
import { exec } from 'child_process';
const app = express();
function ensureName(str, other) {
  if (/[^\\w]/.test(str)) throw new Error('bad name');
}
`;
// The first line of a body is line 7.
const sinks = (body: string) => [...new Set(brief(run(HEAD + body, { models: MODELS })).map((b) => `${b.kind}:${b.sink}`))];

/** Which arguments of a throwing validator are read again after the call (written by us, review issue 12). */
describe('taint engine: a throwing validator\'s arguments read after the call', () => {
  it('a name or a static member chain passed as is is clean after the call', () => {
    expect(sinks(`app.get('/a', (req, res) => {
  let a = req.query.a;
  ensureName(a);
  exec('ifconfig ' + a);
  ensureName(req.query['n'], 1);
  exec('ifconfig ' + req.query['n']);
  ensureName((req.body.nic));
  exec('ifconfig ' + req.body.nic);
});`)).toEqual([]);
  });

  it('an argument written by another argument, or an expression, is not the value read after', () => {
    expect(sinks(`app.get('/a', (req, res) => {
  let a = 'eth0';
  ensureName(a, a = req.query.b);
  exec('ifconfig ' + a);
  let i = 0;
  const list = [req.query.c, req.query.d];
  ensureName(list[i], i++);
  exec('ifconfig ' + list[i]);
  let e = req.query.e;
  ensureName(e || 'eth0');
  exec('ifconfig ' + e);
});`)).toEqual(['command-injection:10', 'command-injection:14', 'command-injection:17']);
  });
});

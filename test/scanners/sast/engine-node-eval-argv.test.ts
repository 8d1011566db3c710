/** `spawn(process.execPath, ['-e', code])`: Node.js runs the argument after its eval flag as JavaScript. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const lines = (code: string) => brief(run(code, { models: MODELS, path: 'tools.js' })).map((h) => `${h.sink}:${h.kind}`);

const HEAD = `const express = require('express');
const cp = require('child_process');
const { execa } = require('execa');
const app = express();
`;

describe('node -e / -p in an argument array', () => {
  it('process.execPath, process.argv[0] and node by name, with -e, --eval, -p and -pe', () => {
    expect(lines(`${HEAD}app.get('/a', (req, res) => { cp.spawn(process.execPath, ['-e', req.query.code]); });
app.get('/b', (req, res) => { cp.spawn('node', ['--eval', 'console.log(' + req.query.x + ')']); });
app.get('/c', (req, res) => { cp.execFileSync(process.argv[0], ['-p', req.body.expr]); });
app.get('/d', async (req, res) => { await execa('/usr/local/bin/node', ['--no-warnings', '-pe', req.query.e]); });`)).toEqual([
      '5:code-injection', '6:code-injection', '7:code-injection', '8:code-injection',
    ]);
  });

  it('clean: a script with arguments, fixed code reading its argv, another program, a flag after the script', () => {
    expect(lines(`${HEAD}app.get('/a', (req, res) => { cp.spawn(process.execPath, ['worker.js', req.query.name]); });
app.get('/b', (req, res) => { cp.spawn('node', ['-e', 'console.log(process.argv[1])', req.query.x]); });
app.get('/c', (req, res) => { cp.spawn('python3', ['-e', req.query.x]); });
app.get('/d', (req, res) => { cp.spawn('node', ['script.js', '-e', req.query.x]); });`)).toEqual([]);
  });
});

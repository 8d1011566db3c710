import { describe, expect, it } from 'vitest';
import { brief, run } from './engine-helpers.js';

describe('taint engine: intraprocedural flows in Express handlers', () => {
  it('finds a query parameter reaching exec through a variable', () => {
    const r = run(`import express from 'express';
import { exec } from 'child_process';
const app = express();
app.get('/run', (req, res) => {
  const cmd = req.query.cmd;
  exec(cmd);
});`);
    expect(brief(r)).toEqual([{ kind: 'command-injection', sink: 6, source: 5, label: 'http' }]);
  });
});

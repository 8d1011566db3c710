/** Log files an app appends to itself (issue 5, log injection): a line built from request data and appended to a file named as a log. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const HEAD = `const express = require('express');
const fs = require('fs');
const path = require('path');
const app = express();
`;
// Bodies start on line 5.
function flows(body: string) {
  return brief(run(HEAD + body, { models: MODELS })).filter((f) => f.kind === 'log-injection');
}

describe('taint engine: fs.appendFile to a log file is a log sink', () => {
  it('a helper appending to audit.log or a LOG_FILE constant is a sink for the lines its callers build', () => {
    expect(flows(`function record(event) {
  fs.appendFileSync(path.join(__dirname, 'logs', 'audit.log'), \`\${new Date().toISOString()} \${event}\\n\`);
}
const LOG_FILE = process.env.LOG_FILE || '/var/tmp/app-events';
app.post('/signin', (req, res) => {
  record('sign-in attempt for ' + req.body.user);
  fs.appendFile(LOG_FILE, 'from ' + req.headers['x-forwarded-for'] + '\\n', () => {});
  res.end();
});`).map((f) => f.sink)).toEqual([6, 11]);
  });

  it('not: a data file, a whole value, or CR/LF stripped first', () => {
    expect(flows(`const DATA = path.join(__dirname, 'notes.txt');
app.post('/note', (req, res) => {
  fs.appendFile(DATA, req.body.note + '\\n', () => {});
  fs.appendFile(path.join(__dirname, 'access.log'), req.body.note, () => {});
  fs.appendFile(path.join(__dirname, 'access.log'), 'note ' + String(req.body.note).replace(/[\\r\\n]/g, ' ') + '\\n', () => {});
  res.end();
});`)).toEqual([]);
  });
});

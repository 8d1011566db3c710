/** Log injection sanitizers (issue 5 precision): JSON text and CR/LF removal keep a message on one line. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const HEAD = `const express = require('express');
const app = express();
`;
// Bodies start on line 3.
function flows(body: string) {
  return brief(run(HEAD + body, { models: MODELS }));
}

describe('taint engine precision: log injection sanitizers', () => {
  it('JSON.stringify escapes CR and LF: clean for log injection, still XSS in HTML', () => {
    expect(flows(`app.get('/a', (req, res) => { console.log('login for %s', JSON.stringify(req.query.user)); res.end(); });
app.get('/b', (req, res) => { console.log('login for ' + req.query.user); res.end(); });
app.get('/c', (req, res) => { res.send('<p>' + JSON.stringify(req.query.user) + '</p>'); });`))
      .toEqual([
        { kind: 'log-injection', sink: 4, source: 4, label: 'http' },
        { kind: 'xss', sink: 5, source: 5, label: 'http' },
      ]);
  });

  it('a global replace removing every CR and LF cleans; LF alone, a non-global regex or a newline replacement does not', () => {
    expect(flows(`app.get('/a', (req, res) => { console.log('u ' + String(req.query.u).replace(/[\\r\\n]/g, '')); res.end(); });
app.get('/b', (req, res) => { console.log('u ' + req.query.u.replace(/[\\n\\r]+/g, ' ')); res.end(); });
app.get('/c', (req, res) => { console.log('u ' + req.query.u.replace(/\\s+/g, ' ')); res.end(); });
app.get('/d', (req, res) => { console.log('u ' + req.query.u.replace(/\\r|\\n/g, '_')); res.end(); });
app.get('/e', (req, res) => { console.log('u ' + req.query.u.replace(/\\n/g, '')); res.end(); });
app.get('/f', (req, res) => { console.log('u ' + req.query.u.replace(/[\\r\\n]/, '')); res.end(); });
app.get('/g', (req, res) => { console.log('u ' + req.query.u.replace(/[\\r\\n]/g, '\\n')); res.end(); });
app.get('/h', (req, res) => { console.log('u ' + req.query.u.replace(/[^\\r\\n]/g, '')); res.end(); });`))
      .toEqual([
        { kind: 'log-injection', sink: 7, source: 7, label: 'http' },
        { kind: 'log-injection', sink: 8, source: 8, label: 'http' },
        { kind: 'log-injection', sink: 9, source: 9, label: 'http' },
        { kind: 'log-injection', sink: 10, source: 10, label: 'http' },
      ]);
  });

  it('a CR/LF-stripped value is still command injection', () => {
    expect(flows(`const { exec } = require('child_process');
app.get('/a', (req, res) => { exec('ls ' + req.query.d.replace(/[\\r\\n]/g, '')); res.end(); });`))
      .toEqual([{ kind: 'command-injection', sink: 4, source: 4, label: 'http' }]);
  });
});

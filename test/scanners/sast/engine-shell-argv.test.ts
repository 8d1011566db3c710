/** A shell named as the program, with its command flag, runs the next argument as a command line. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const lines = (code: string) => brief(run(code, { models: MODELS, path: 'tools.js' })).map((h) => `${h.sink}:${h.kind}`);

const HEAD = `const express = require('express');
const cp = require('child_process');
const { execa } = require('execa');
const app = express();
`;

describe('sh -c / cmd /c in an argument array', () => {
  it('POSIX shells by name or path, with -c alone or in a flag group', () => {
    expect(lines(`${HEAD}app.get('/a', (req, res) => { cp.spawn('sh', ['-c', \`convert \${req.query.f} out.png\`]); });
app.get('/b', (req, res) => { cp.execFile('/bin/bash', ['-c', 'ls ' + req.query.dir]); });
app.get('/c', (req, res) => { cp.spawnSync('/usr/bin/zsh', ['-lc', req.query.cmd]); });
app.get('/d', (req, res) => { const args = ['-e', '-c', 'tar czf out.tgz ' + req.body.dir]; cp.spawn('bash', args); });
app.get('/e', async (req, res) => { await execa('sh', ['-c', 'echo ' + req.query.msg]); });`)).toEqual([
      '5:command-injection', '6:command-injection', '7:command-injection', '8:command-injection', '9:command-injection',
    ]);
  });

  it('cmd.exe /c (with /s before it) and PowerShell -Command', () => {
    expect(lines(`${HEAD}app.get('/a', (req, res) => { cp.spawnSync('cmd.exe', ['/c', 'dir ' + req.query.dir]); });
app.get('/b', (req, res) => { cp.spawn('cmd', ['/d', '/s', '/c', 'type', req.query.file]); });
app.get('/c', (req, res) => { cp.execFileSync('powershell.exe', ['-NoProfile', '-Command', 'Get-Item ' + req.query.p]); });
app.get('/d', (req, res) => { cp.spawn('pwsh', ['-c', req.query.script]); });`)).toEqual([
      '5:command-injection', '6:command-injection', '7:command-injection', '8:command-injection',
    ]);
  });

  it('argv without a shell, a fixed script with positional arguments, and a shell reading a file are clean', () => {
    expect(lines(`${HEAD}app.get('/a', (req, res) => { cp.spawn('git', ['log', '--format=%H', '--', req.query.ref]); });
app.get('/b', (req, res) => { cp.execFile('sh', ['-c', 'grep -- "$1" /srv/log.txt', 'sh', req.query.q]); });
app.get('/c', (req, res) => { cp.spawn('bash', ['/srv/scripts/rotate.sh', req.query.name]); });
app.get('/d', (req, res) => { cp.spawn('cmd.exe', ['/c', 'backup.bat']); });
app.get('/e', async (req, res) => { await execa('node', ['-c', req.query.file]); });`)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

function flows(src: string) {
  return brief(run(src, { models: MODELS, path: 'app.mjs' })).map((h) => `${h.sink}:${h.kind}`);
}

describe('third-party command runners', () => {
  it('execa splits a command string into argv without a shell: input in it still picks the program or adds options', () => {
    expect(flows(`import express from 'express';
import { execaCommand, execa } from 'execa';
const app = express();
app.get('/', async (req, res) => {
  await execaCommand('convert ' + req.query.file + ' out.png');
  await execa('convert', [req.query.file, 'out.png']);
  res.end();
});`)).toEqual(['5:command-injection']);
  });

  it('cross-spawn runs arguments through a shell only with shell: true', () => {
    expect(flows(`import express from 'express';
import spawn from 'cross-spawn';
const app = express();
app.get('/', (req, res) => {
  spawn('git', ['log', req.query.ref], { shell: true });
  spawn('git', ['log', '--', req.query.ref]);
  res.end();
});`)).toEqual(['5:command-injection']);
  });

  it('node-cmd, exec-sh and sudo-prompt take a shell command line; a fixed one is fine', () => {
    expect(flows(`import express from 'express';
import cmd from 'node-cmd';
import execSh from 'exec-sh';
import sudo from 'sudo-prompt';
const app = express();
app.get('/', (req, res) => {
  cmd.runSync('ping -c 1 ' + req.query.host);
  execSh(\`du -sh \${req.query.dir}\`, {}, () => {});
  sudo.exec('chown app ' + req.query.path, { name: 'App' }, () => {});
  cmd.runSync('uptime');
  execSh('df -h', {}, () => {});
  res.end();
});`)).toEqual(['7:command-injection', '8:command-injection', '9:command-injection']);
  });
});

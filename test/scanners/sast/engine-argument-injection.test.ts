/** Argument (option) injection: untrusted elements of git/ssh/tar/… argument arrays that can be read as options. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { ALL_LABELS, brief, run } from './engine-helpers.js';

const hits = (code: string) => brief(run(code, { models: MODELS, path: 'routes.js' }))
  .filter((h) => h.kind === 'argument-injection').map((h) => h.sink);
const lib = (code: string) => brief(run(code, { models: MODELS, path: 'lib/index.js', labels: ALL_LABELS }))
  .filter((h) => h.kind === 'argument-injection' && h.label === 'library-input').map((h) => h.sink)
  .filter((line, i, all) => all.indexOf(line) === i);

const HEAD = `const express = require('express');
const cp = require('child_process');
const { execa } = require('execa');
const app = express();
`;

describe('argument injection', () => {
  it('request values as operands or dangerous option values, without --', () => {
    expect(hits(`${HEAD}app.get('/a', (req, res) => { cp.spawn('git', ['clone', req.query.repo, '/srv/checkout']); });
app.get('/b', (req, res) => { cp.execFile('git', ['log', '--format=%H', req.query.ref]); });
app.get('/c', async (req, res) => { await execa('ssh', [req.body.host, 'uptime']); });
app.get('/d', (req, res) => { cp.spawn('git', ['fetch', \`--upload-pack=\${req.query.pack}\`]); });
app.get('/e', (req, res) => { cp.execFileSync('tar', ['-xf', 'upload.tar', '--to-command', req.query.cmd]); });
app.get('/f', (req, res) => { cp.spawn('find', ['/srv', ...req.query.args.split(' ')]); });
app.get('/g', (req, res) => { const args = ['archive', '--format=zip']; args.push(req.query.tree); cp.spawn('/usr/bin/git', args); });`))
      .toEqual([5, 6, 7, 8, 9, 10, 11]);
  });

  it('after --, as an ordinary option value, with a fixed start, checked, or a parsed URL: clean', () => {
    expect(hits(`${HEAD}app.get('/a', (req, res) => { cp.spawn('git', ['clone', '--', req.query.repo, '/srv/checkout']); });
app.get('/b', (req, res) => { cp.execFile('git', ['log', '--format=x', '--', req.query.path]); });
app.get('/c', (req, res) => { cp.spawn('git', ['commit', '-m', req.body.message]); });
app.get('/d', (req, res) => { cp.spawn('git', ['checkout', \`origin/\${req.query.branch}\`]); });
app.get('/e', (req, res) => { if (!req.query.ref.startsWith('-')) cp.spawn('git', ['show', req.query.ref]); });
app.get('/f', (req, res) => { if (/^[a-z0-9][a-z0-9._-]*$/.test(req.query.ref)) cp.spawn('git', ['show', req.query.ref]); });
app.get('/g', (req, res) => { const u = new URL(req.query.repo); cp.spawn('git', ['clone', u.href, '/srv/x']); });
app.get('/h', (req, res) => { const args = ['clone', '--depth=1']; args.push('--', req.query.repo); cp.spawn('git', args); });
app.get('/i', (req, res) => { cp.spawn('pdftotext', [req.query.file, 'out.txt']); });
app.get('/j', (req, res) => { cp.spawn('git', ['clone', \`--branch=\${req.query.b}\`, '--', req.query.repo]); });`)).toEqual([]);
  });

  it("a library's parameters are the caller's input", () => {
    expect(lib(`const { spawn } = require('child_process');
exports.clone = function (url, dir) {
  return spawn('git', ['clone', url, dir]);
};
exports.safeClone = function (url, dir) {
  return spawn('git', ['clone', '--', url, dir]);
};
exports.git = function (args) {
  return spawn('git', args);
};
exports.serve = function (dir, options) {
  return spawn('node', [require.resolve('./bin'), dir, ...toFlags(options)]);
};`)).toEqual([3]);
  });

  it('an argument list split from request text is injectable as a whole', () => {
    expect(hits(`${HEAD}app.get('/a', (req, res) => { cp.spawn('git', req.query.args.split(' ')); });`)).toEqual([5]);
  });
});

describe('argument injection: program names, first-character guards, built arrays', () => {
  it('a program named by a constant or a field set in the constructor; arrays built by concat or spread; x[0] of a maybe-array query value: flagged', () => {
    expect(hits(`${HEAD}const GIT = 'git';
app.get('/a', (req, res) => { cp.spawn(GIT, ['clone', req.query.repo]); });
class Repo {
  constructor() { this.binary = 'git'; }
  clone(url) { return cp.spawn(this.binary, ['clone', url]); }
}
app.get('/b', (req, res) => { new Repo().clone(req.query.repo); });
app.get('/c', (req, res) => { const args = ['clone'].concat(req.query.repo); cp.spawn('git', args); });
app.get('/d', (req, res) => { const args = ['clone', ...[req.query.repo]]; cp.spawn('git', args); });
app.get('/e', (req, res) => { const u = req.query.repo; if (u[0] === '-') cp.spawn('git', ['clone', u]); });
app.get('/f', (req, res) => { const u = req.query.repo; if (u[0] === '-') return res.sendStatus(400); cp.spawn(GIT, ['clone', u]); });`)).toEqual([6, 9, 12, 13, 14, 15]);
  });

  it("x[0] of a string / x.charAt(0) compared with '-' as a guard, and '--' before a concat or spread: clean", () => {
    expect(hits(`${HEAD}const GIT = 'git';
app.get('/a', (req, res) => { const u = req.query.repo; if (typeof u !== 'string' || u[0] === '-') return res.sendStatus(400); cp.spawn(GIT, ['clone', u]); });
app.get('/b', (req, res) => { const u = req.query.repo; if (u.charAt(0) !== '-') cp.spawn('git', ['clone', u]); });
app.get('/e', (req, res) => { const u = String(req.query.repo); if (u[0] !== '-') cp.spawn('git', ['clone', u]); });
app.get('/f/:repo', (req, res) => { const u = req.params.repo; if (u[0] === '-') return res.sendStatus(400); cp.spawn('git', ['clone', u]); });
app.get('/c', (req, res) => { const args = ['clone', '--'].concat([req.query.repo]); cp.spawn('git', args); });
app.get('/d', (req, res) => { cp.spawn('git', ['clone', '--', ...[req.query.repo]]); });`)).toEqual([]);
  });
});

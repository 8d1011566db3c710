import { describe, expect, it } from 'vitest';
import type { FileExports } from '../../../src/scanners/sast/taint/summary.js';
import { ALL_LABELS, brief, run } from './engine-helpers.js';

describe('taint engine: constructor functions, prototypes and closures', () => {
  it('exports methods a constructor assigns to this and prototype methods, as Name#method', () => {
    const dao = run(`function Dao(db) {
  this.find = function (id, cb) {
    function criteria() { return { $where: 'this.id == ' + id }; }
    db.collection('x').findOne(criteria(), cb);
    require('child_process').exec('find ' + id);
  };
}
Dao.prototype.remove = function (name) { require('child_process').execSync('rm ' + name); };
module.exports.Dao = Dao;`, { path: 'app/data/dao.js' });
    expect(Object.keys(dao.exports.functions).sort()).toEqual(['Dao', 'Dao#find', 'Dao#remove']);
    expect(dao.exports.functions['Dao#find']!.toSink).toMatchObject([{ param: 0, kind: 'command-injection' }]);
    expect(dao.exports.functions['Dao#remove']!.toSink).toMatchObject([{ param: 0, kind: 'command-injection' }]);

    const imported: Record<string, FileExports> = { '../data/dao': dao.exports };
    const r = run(`const Dao = require('../data/dao').Dao;
function Handler(db) {
  const dao = new Dao(db);
  this.show = function (req, res, next) {
    dao.find(req.query.id, function () {});
    dao.remove(req.params.name);
  };
}
module.exports = Handler;`, { path: 'app/routes/h.js', imported });
    expect(brief(r)).toEqual([
      { kind: 'command-injection', sink: 5, source: 5, label: 'http' },
      { kind: 'command-injection', sink: 8, source: 6, label: 'http' },
    ]);
  });

  it('a nested helper runs in its enclosing run and sees its parameters and guards', () => {
    expect(brief(run(`import { exec } from 'child_process';
import express from 'express';
const app = express();
app.get('/', (req, res) => {
  const name = req.query.name;
  function cmd() { return 'echo ' + name; }
  exec(cmd());
  if (name === 'x') { const ok = () => exec(name); ok(); }
});`))).toEqual([{ kind: 'command-injection', sink: 7, source: 5, label: 'http' }]);
  });

  it('a write to an outer variable inside a callback branch does not overwrite it', () => {
    expect(brief(run(`import express from 'express';
const app = express();
app.post('/', (req, res) => {
  let back = req.body.back;
  login().then(() => {
    if (back === undefined || back === '') back = '/';
    res.redirect(back);
  });
});`))).toEqual([{ kind: 'open-redirect', sink: 7, source: 4, label: 'http' }]);
  });

  it('library input kept in this fields of an exported class reaches exec in another method', () => {
    const src = `const { exec } = require('child_process');
function Remote(config) { this.config = config; }
Remote.prototype.ping = function () { exec('ping -c 1 ' + this.config.ip); };
class Git {
  constructor(dir) { this.dir = dir; }
  status() { exec('git -C ' + this.dir + ' status'); }
}
module.exports = { Remote, Git };`;
    expect(brief(run(src, { path: 'lib/remote.js', labels: ALL_LABELS }))).toEqual([
      { kind: 'command-injection', sink: 3, source: 2, label: 'library-input' },
      { kind: 'command-injection', sink: 6, source: 5, label: 'library-input' },
    ]);
    expect(brief(run(src, { path: 'lib/remote.js' }))).toEqual([]);
  });

  it('validator-named checks, indexOf prefix checks and JSON.stringify into code are clean', () => {
    expect(brief(run(`import express from 'express';
import path from 'path';
import fs from 'fs';
import { exec } from 'child_process';
const app = express();
const ROOT = '/srv';
app.post('/', (req, res) => {
  if (vh.vUrl(req.body.url)) res.redirect(req.body.url);
  if (!isSafeName(req.body.n)) return;
  exec('touch ' + req.body.n);
  const full = path.join(ROOT, req.body.f);
  if (full.indexOf(ROOT) !== 0) return res.end();
  fs.readFile(full, () => {});
  eval('var x = ' + JSON.stringify(req.body.data));
  if (isString(req.body.s)) exec(req.body.s);
});`, { models: undefined }))).toEqual([{ kind: 'command-injection', sink: 15, source: 15, label: 'http' }]);
  });

  it('handlers with a destructured request parameter match the parameter-name fallback', () => {
    expect(brief(run(`import { exec } from 'child_process';
export function order({ body }, res, next) { exec(body.cmd); }`))).toEqual([{ kind: 'command-injection', sink: 2, source: 2, label: 'http' }]);
  });

  it('every sink a parameter reaches is its own summary entry (two exec calls, two findings)', () => {
    const r = run(`const { exec } = require('child_process');
module.exports = function has(name, cb) {
  if (process.platform === 'win32') exec('where ' + name, cb);
  else exec('command -v ' + name, cb);
};`, { path: 'lib/has.js', labels: ALL_LABELS });
    expect(brief(r)).toEqual([
      { kind: 'command-injection', sink: 3, source: 2, label: 'library-input' },
      { kind: 'command-injection', sink: 4, source: 2, label: 'library-input' },
    ]);
    expect(r.exports.functions.default!.toSink.length).toBe(2);
  });

  it('a method a library constructor assigns to this sees the constructor argument as library input', () => {
    const src = `var exec = require('child_process').exec;
var Remote = function (config) {
  this.isAlive = function (done) { return exec('ping -c 1 ' + config.ip, done); };
  this.name = function () { return config.name; };
};
module.exports = Remote;`;
    expect(brief(run(src, { path: 'lib/remote.js', labels: ALL_LABELS }))).toEqual([
      { kind: 'command-injection', sink: 3, source: 2, label: 'library-input' },
    ]);
    // Not a library (nothing exported): the same code reports nothing.
    expect(brief(run(src.replace('module.exports = Remote;', 'new Remote({}).isAlive(() => {});'), { path: 'app/remote.js', labels: ALL_LABELS }))).toEqual([]);
  });
});

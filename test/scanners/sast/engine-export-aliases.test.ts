/**
 * Library API the export summary did not hold: functions set on the exported object after
 * `module.exports = api` (or `module.exports = internals.X = {}`), the second function of a
 * conditional export, and a class getter built from what the constructor kept.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { tmpTrees } from '../../helpers/tmp.js';
import { scanRoot } from './scan-root.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

const PKG = '{ "name": "nettools", "version": "1.0.0", "main": "index.js" }';

async function lines(src: string, extra: Record<string, string> = {}): Promise<string[]> {
  const files = { 'package.json': PKG, 'index.js': src, ...extra };
  const root = trees.make(files);
  const findings = await scanRoot(root, Object.keys(files));
  return findings.filter((f) => f.ruleId === 'sast/js/command-injection').map((f) => `${f.location.path}:${f.location.startLine}`).sort();
}

describe('SAST library input: exported objects filled in after the export', () => {
  it('module.exports = internals.Tool = {} then internals.Tool.run = fn is exported', async () => {
    expect(await lines([
      "const cp = require('child_process');",
      'const internals = {};',
      'module.exports = internals.Tool = {};',
      'internals.Tool.ping = function (host, cb) {',
      "  cp.exec('ping -c 1 ' + host, cb);", // 5
      '};',
    ].join('\n'))).toEqual(['index.js:5']);
  });

  it('const api = {}; module.exports = api; api.lookup = fn is exported', async () => {
    expect(await lines([
      "const cp = require('child_process');",
      'const api = {};',
      'module.exports = api;',
      'api.lookup = (name) => cp.execSync(`dig +short ${name}`);', // 4
    ].join('\n'))).toEqual(['index.js:4']);
  });

  it('clean: the functions set later run fixed commands or pass numbers only', async () => {
    expect(await lines([
      "const cp = require('child_process');",
      'const api = {};',
      'module.exports = api;',
      "api.uptime = () => cp.execSync('uptime');",
      'api.kill = (pid) => cp.execSync(`kill ${parseInt(pid, 10)}`);',
      'const helpers = {};',
      'helpers.run = (cmd) => cp.execSync(cmd);', // not exported: a helper of the module only
    ].join('\n'))).toEqual([]);
  });

  it('module.exports = cond ? a : b: both functions are the API', async () => {
    expect(await lines([
      "const { exec } = require('child_process');",
      "function viaWmic(dir) { return exec('wmic logicaldisk get size'); }",
      'function viaDf(dir) { return exec(`df -Pk "${dir}"`); }', // 3
      "module.exports = process.platform === 'win32' ? viaWmic : viaDf;",
    ].join('\n'))).toEqual(['index.js:3']);
  });

  it('clean: neither branch of the conditional builds a command from its parameter', async () => {
    expect(await lines([
      "const { exec } = require('child_process');",
      "function viaWmic(dir) { return exec('wmic logicaldisk get size'); }",
      "function viaDf(dir) { return exec('df -Pk /'); }",
      "module.exports = process.platform === 'win32' ? viaWmic : viaDf;",
    ].join('\n'))).toEqual([]);
  });
});

describe('SAST library input: a getter built from fields the constructor kept', () => {
  it('exec(this.command) with get command() { return this.options.bin + " " + this.options.args }', async () => {
    expect(await lines([
      "const cp = require('child_process');",
      'module.exports = class Scanner {',
      '  constructor(options) { this.options = options; }',
      '  scan(cb) { cp.exec(this.command, cb); }', // 4
      "  get command() { return this.options.bin + ' ' + this.options.args; }",
      '}',
    ].join('\n'))).toEqual(['index.js:4']);
  });

  it('clean: a getter that quotes the fields, or returns a fixed line', async () => {
    expect(await lines([
      "const cp = require('child_process');",
      "const quote = require('shell-quote').quote;",
      'module.exports = class Scanner {',
      '  constructor(options) { this.options = options; }',
      '  scan(cb) { cp.exec(this.command, cb); }',
      '  list(cb) { cp.exec(this.fixed, cb); }',
      '  get command() { return quote([this.options.bin, this.options.args]); }',
      "  get fixed() { return 'iwlist scan'; }",
      '}',
    ].join('\n'))).toEqual([]);
  });
});

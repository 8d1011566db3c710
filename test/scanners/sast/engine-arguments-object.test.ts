/** A library function that takes its input through `arguments` (declares no parameter for it). */
import { afterAll, describe, expect, it } from 'vitest';
import { tmpTrees } from '../../helpers/tmp.js';
import { scanRoot } from './scan-root.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

async function lines(src: string): Promise<string[]> {
  const files = { 'package.json': '{ "name": "which-cmd", "version": "1.0.0", "main": "index.js" }', 'index.js': src };
  const root = trees.make(files);
  const findings = await scanRoot(root, Object.keys(files));
  return findings.filter((f) => f.ruleId === 'sast/js/command-injection').map((f) => `${f.location.path}:${f.location.startLine}`).sort();
}

describe('SAST library input through `arguments`', () => {
  it('Array.prototype.slice.apply(arguments) and arguments[0] reach exec through helpers', async () => {
    expect(await lines([
      "const execSync = require('child_process').execSync;",
      'module.exports = function () {',
      '  const names = Array.isArray(arguments[0]) ? arguments[0] : Array.prototype.slice.apply(arguments);',
      '  return names.find((n) => works(lookup(n)));',
      '};',
      'function works(cmd) {',
      '  try { execSync(cmd); return true; } catch (e) { return false; }', // 7
      '}',
      "function lookup(name) { return 'command -v ' + name; }",
    ].join('\n'))).toEqual(['index.js:7']);
  });

  it('clean: the names are shell-quoted, or arguments only counted', async () => {
    expect(await lines([
      "const execSync = require('child_process').execSync;",
      "const quote = require('shell-quote').quote;",
      'module.exports = function () {',
      '  const names = Array.prototype.slice.apply(arguments);',
      "  if (arguments.length === 0) execSync('true');",
      '  return names.find((n) => works(quote([\'command\', \'-v\', n])));',
      '};',
      'function works(cmd) {',
      '  try { execSync(cmd); return true; } catch (e) { return false; }',
      '}',
    ].join('\n'))).toEqual([]);
  });
});

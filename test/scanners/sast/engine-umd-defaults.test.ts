/**
 * Library input in two common library shapes (examples written by us; dev17 doT miss):
 *  - a UMD wrapper: `(function () { var lib = {}; module.exports = lib; lib.fn = … }())` exports
 *    what is set on `lib` after the export, as the module-level `module.exports = api` does;
 *  - settings defaulted with `c = c || DEFAULTS` or `{ ...DEFAULTS, ...c }`: `c.name` is the
 *    caller's field when the caller passed `c`, not only the default's literal.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { tmpTrees } from '../../helpers/tmp.js';
import { scanRoot } from './scan-root.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

const PKG = '{ "name": "tinytpl", "version": "1.0.0", "main": "index.js" }';

async function lines(src: string, rule: string): Promise<string[]> {
  const files = { 'package.json': PKG, 'index.js': src };
  const root = trees.make(files);
  const findings = await scanRoot(root, Object.keys(files));
  return findings.filter((f) => f.ruleId === rule).map((f) => `${f.location.path}:${f.location.startLine}`).sort();
}

describe('SAST library input: UMD wrappers and defaulted settings', () => {
  it('a function set on the object a UMD wrapper exports is library API', async () => {
    const src = (exported: boolean) => [
      '(function () {',
      "  var cp = require('child_process');",
      '  var tools = {};',
      "  if (typeof module !== 'undefined' && module.exports) {",
      `    module.exports = ${exported ? 'tools' : '{}'};`,
      '  }',
      '  tools.lookup = function (host) {',
      "    return cp.execSync('nslookup ' + host);", // 8
      '  };',
      '}());',
    ].join('\n');
    expect(await lines(src(true), 'sast/js/command-injection')).toEqual(['index.js:8']);
    // Not exported (the wrapper exports another object): nobody outside can call it.
    expect(await lines(src(false), 'sast/js/command-injection')).toEqual([]);
  });

  it('a setting read from `c = c || DEFAULTS` carries the caller\'s value into generated code', async () => {
    const src = (defaulted: string) => [
      'var DEFAULTS = { argName: "it", strip: true };',
      'exports.build = function (body, c) {',
      `  ${defaulted}`,
      '  var code = "return " + JSON.stringify(String(body)) + ";";',
      '  return new Function(c.argName, code);', // 5
      '};',
    ].join('\n');
    expect(await lines(src('c = c || DEFAULTS;'), 'sast/js/code-injection')).toEqual(['index.js:5']);
    // The caller's settings are not used: only the defaults' literal reaches the code.
    expect(await lines(src('c = DEFAULTS;'), 'sast/js/code-injection')).toEqual([]);
    // Spread: the caller's object after the defaults may override any of their fields; before them, not.
    expect(await lines(src('c = { ...DEFAULTS, ...c };'), 'sast/js/code-injection')).toEqual(['index.js:5']);
    expect(await lines(src('c = { ...c, ...DEFAULTS };'), 'sast/js/code-injection')).toEqual([]);
  });
});

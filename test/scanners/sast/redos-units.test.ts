import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { redosRules } from '../../../src/scanners/sast/rules/redos.js';
import { analyseRegex } from '../../../src/scanners/sast/rules/regex/analyse.js';

function run(path: string, source: string) {
  const o = parseSource(path, source);
  if (!o.ok) throw new Error(o.message);
  const api = new ApiNames(o.file.program);
  return redosRules.flatMap((r) => r.check(o.file, api).map((h) => ({ rule: r.meta.id, line: o.file.lines.position(h.start).line })));
}

describe('polynomial ReDoS: a repeated word between two runs', () => {
  // Each pattern backtracks quadratically on its word repeated (`/?x=/?x=…` then a line break).
  const flagged: [string, string, string, string][] = [
    ['^(.*)\\?x=(.*)$', '', '.*', '.*'], // `?x=`: three different characters, no single one repeats
    ['^([^#]*)session=([^#]*)$', '', '[^#]*', '[^#]*'],
    ['(trident).+rv[:\\s]([\\w.]{1,9}).+like\\sgecko', 'i', '.+', '.+'], // ua-parser-js shape
    ['^\\[(.*)\\]\\((.*)\\)$', '', '.*', '.*'], // markdown link: the unit is `](`
    ['^(.+)\\sat\\s(.+)$', '', '.+', '.+'], // stack-frame splitting
  ];
  for (const [src, flags, a, b] of flagged) {
    it(`flags /${src}/${flags}`, () => {
      expect(analyseRegex(src, flags)).toEqual({ kind: 'quadratic', subPattern: a, second: b });
    });
  }

  const clean: [string, string][] = [
    ['^([^?]*)\\?x=([^?]*)$', ''], // neither run can read the word's `?`
    ['^(.*)\\?x=(\\d*)$', ''], // the later run reads digits only, the word has none
    ['^([a-z]*)-([0-9]*)$', ''], // the runs share nothing
    ['^(.*)\\?x=(.*)', ''], // nothing after the second run can fail
    ['^(\\S+)\\sat\\s(\\S+)$', ''], // the runs cannot read the word's spaces: one split only
  ];
  for (const [src, flags] of clean) {
    it(`leaves /${src}/${flags}`, () => {
      expect(analyseRegex(src, flags)).toBeUndefined();
    });
  }

  it('a word longer than the unit limit is not searched for', () => {
    expect(analyseRegex('^(.*)abcdefghijklmnopqrstuvwxyz(.*)$', '')).toBeUndefined();
    expect(analyseRegex('^(.*)abcdefghij(.*)$', '')).toEqual({ kind: 'quadratic', subPattern: '.*', second: '.*' });
  });
});

describe('polynomial ReDoS: unanchored patterns starting with a word-character run', () => {
  const flagged: [string, string][] = [
    ['(\\d+):(\\d+)', '\\d+'],
    ['[a-z]+\\d', '[a-z]+'],
    ['(-)?(?:(\\d*)[. ])?(\\d+):(\\d+)', '\\d*'],
    ['[\\w.-]+@', '[\\w.-]+'],
  ];
  for (const [src, sub] of flagged) {
    it(`flags /${src}/`, () => {
      expect(analyseRegex(src, '')).toEqual({ kind: 'retried-run', subPattern: sub });
    });
  }

  it('leaves anchored and sticky ones and runs with nothing failing after them', () => {
    expect(analyseRegex('^(\\d+):(\\d+)', '')).toBeUndefined();
    expect(analyseRegex('(\\d+):(\\d+)', 'y')).toBeUndefined();
    expect(analyseRegex('\\d+', 'g')).toBeUndefined();
  });

  it('a `\\b` before a run of only word (or only non-word) characters pins the start: tried once per run', () => {
    expect(analyseRegex('(\\w+:\\/\\/)[^/@\\s]*@', 'g')).toEqual({ kind: 'retried-run', subPattern: '\\w+' });
    expect(analyseRegex('\\b(\\w+:\\/\\/)[^/@\\s]*@', 'g')).toBeUndefined();
    expect(analyseRegex('\\b\\d+px', '')).toBeUndefined();
    // `[\w.]` mixes both kinds: `a.a.a…` has a boundary at every dot, so it is still retried.
    expect(analyseRegex('\\b[\\w.]+@', '')).toEqual({ kind: 'retried-run', subPattern: '[\\w.]+' });
    // `\B` pins nothing.
    expect(analyseRegex('\\B\\d+px', '')).toEqual({ kind: 'retried-run', subPattern: '\\d+' });
  });

  it('leaves broad leading runs (`.*?x`, `[^,]+;`, `\\S+@`): the ordinary search idiom', () => {
    for (const src of ['.*?rgb\\(', '(.*?)rgb(a)??\\((\\d{1,3})\\)', '[^,]+;', '\\S+@\\S', '[^\\n]+$']) {
      expect(analyseRegex(src, '')).toBeUndefined();
    }
  });
});

describe('length caps of a regex kept in a variable', () => {
  it('a wrapper-level regex read by an uncapped function is reported (UMD / IIFE bundles)', () => {
    const src = [
      '(function (root, factory) { root.lib = factory(); }(this, function () {',
      '  var durationRe = /^(\\d+)\\.?(\\d*)\\d+x$/;',
      '  function clamp(list) { if (list.length > 10) list = list.slice(0, 10); return list; }',
      '  function parse(input) { return durationRe.exec(input); }',
      '  return { parse: parse, clamp: clamp };',
      '}));',
    ].join('\n');
    expect(run('lib/index.js', src)).toEqual([{ rule: 'sast/js/redos-polynomial', line: 2 }]);
  });

  it('is not reported when every function reading it caps the length', () => {
    const src = [
      '(function () {',
      '  var durationRe = /^(\\d+)\\.?(\\d*)\\d+x$/;',
      '  function parse(input) { if (input.length > 64) return null; return durationRe.exec(input); }',
      '  function check(input) { return input.length <= MAX_INPUT && durationRe.test(input); }',
      '  module.exports = { parse: parse, check: check };',
      '})();',
    ].join('\n');
    expect(run('lib/index.js', src)).toEqual([]);
  });

  it('a regex assigned to a member (`internals.re = /…/`) is judged by the functions reading the member', () => {
    const capped = [
      "internals.bewitRe = /^(\\/.*)([\\?&])bewit\\=([^&$]*)(?:&(.+))?$/;",
      'exports.auth = function (req) {',
      '  if (req.url.length > exports.limits.maxMatchLength) return null;',
      '  return req.url.match(internals.bewitRe);',
      '};',
    ].join('\n');
    expect(run('lib/server.js', capped)).toEqual([]);
    const uncapped = capped.replace('  if (req.url.length > exports.limits.maxMatchLength) return null;\n', '');
    expect(run('lib/server.js', uncapped)).toEqual([{ rule: 'sast/js/redos-polynomial', line: 1 }]);
  });

  it('a named helper used only where a length check ran first is capped by its callers', () => {
    const src = (guard: string) => [
      'function tooLong(h) { return h.length > MAX_HEADER; }',
      'function parsePart(p) { var m = p.match(/<?([^>]*)>(.*)/); return m && m[1]; }',
      'module.exports = function (header) {',
      `  ${guard}`,
      '  return header.split(",").map(parsePart);',
      '};',
    ].join('\n');
    expect(run('lib/a.js', src('if (tooLong(header)) return null;'))).toEqual([]);
    // A helper of the helper is capped the same way.
    const nested = src('if (tooLong(header)) return null;')
      .replace('var m = p.match(/<?([^>]*)>(.*)/); return m && m[1];', 'return attr(p);')
      .replace('module.exports', 'function attr(p) { var m = p.match(/<?([^>]*)>(.*)/); return m && m[1]; }\nmodule.exports');
    expect(run('lib/a.js', nested)).toEqual([]);
    expect(run('lib/a.js', nested.replace('if (tooLong(header)) return null;', ''))).toEqual([{ rule: 'sast/js/redos-retried-run', line: 3 }]);
    // Without the check in the caller the helper's input is the caller's whole header.
    expect(run('lib/a.js', src(''))).toEqual([{ rule: 'sast/js/redos-retried-run', line: 2 }]);
  });

  it('a caller caps only by checking the value it passes (or the one it was read from) before the call', () => {
    const src = (guard: string, call = 'decode(text)') => [
      'var seen = [];',
      'function remember(x) { if (seen.length > 100) seen.shift(); seen.push(x); }',
      'function tooLong(s) { return s.length > MAX_TEXT; }',
      "function decode(s) { return s.replace(/&([^;]+);/g, function (m, e) { return e; }); }",
      'module.exports = function (text, other) {',
      `  ${guard}`,
      `  return ${call};`,
      '};',
    ].join('\n');
    const flagged = [{ rule: 'sast/js/redos-retried-run', line: 4 }];
    // A length check of an unrelated array in a helper the caller calls caps nothing.
    expect(run('lib/a.js', src('remember(text);'))).toEqual(flagged);
    // Another value's length, or a check that decides nothing before the call.
    expect(run('lib/a.js', src('if (other.length > 100) return null;'))).toEqual(flagged);
    expect(run('lib/a.js', src('if (tooLong(other)) return null;'))).toEqual(flagged);
    expect(run('lib/a.js', src('', 'decode(text) + (text.length > 100 ? "" : "")'))).toEqual(flagged);
    // Clean: the passed value, or the variable it was read from, is capped before the call.
    expect(run('lib/a.js', src('if (text.length > 100) return null;'))).toEqual([]);
    expect(run('lib/a.js', src('if (tooLong(text)) throw new Error("too long");'))).toEqual([]);
    expect(run('lib/a.js', src('if (tooLong(text)) return null; var body = text.trim();', 'decode(body)'))).toEqual([]);
    expect(run('lib/a.js', src('var short = text.slice(0, MAX_TEXT);', 'decode(short)'))).toEqual([]);
  });

  it('an inline regex is judged by its own function', () => {
    const capped = 'export function f(s) { if (s.length > 100) return; return /^(\\d+)\\.?(\\d*)\\d+x$/.test(s); }';
    expect(run('lib/a.js', capped)).toEqual([]);
    expect(run('lib/a.js', capped.replace('if (s.length > 100) return; ', ''))).toEqual([{ rule: 'sast/js/redos-polynomial', line: 1 }]);
  });
});

describe('patterns assembled from a table of parts', () => {
  it('folds members written once (`src[NAME] = …`, `OBJ.key = …`, object literal properties)', () => {
    const src = [
      'var src = [];',
      "src[NUM] = '\\\\d+';",
      "src[FULL] = '^(' + src[NUM] + ')\\\\.?(' + src[NUM] + ')x$';",
      'var full = new RegExp(src[FULL]);',
      "const P = { word: '[a-z]+', tail: '(?:-[a-z]+)*' };",
      "const nested = new RegExp('^(' + P.word + ')+$');",
      'const parts = {};',
      "parts.space = '\\\\s*';",
      "const padded = new RegExp('^' + parts.space + 'x' + parts.space + parts.space + '$');",
      'export function parse(s) { return full.test(s) && nested.test(s) && padded.test(s); }',
    ].join('\n');
    expect(run('lib/a.js', src)).toEqual([
      { rule: 'sast/js/redos', line: 6 },
      { rule: 'sast/js/redos-polynomial', line: 4 },
      { rule: 'sast/js/redos-polynomial', line: 9 },
    ]);
  });

  it('a member written twice, or with `+=`, is not folded', () => {
    const src = [
      'var src = [];',
      "src[A] = '^(\\\\d+)\\\\.?(\\\\d+)x$';",
      "src[A] = '^\\\\d+$';",
      "src.b = '^(\\\\d+)';",
      "src.b += '\\\\.?(\\\\d+)x$';",
      'export const a = new RegExp(src[A]);',
      'export const b = new RegExp(src.b);',
    ].join('\n');
    expect(run('lib/a.js', src)).toEqual([]);
  });

  it('a table compiled in a loop (`re[i] = new RegExp(src[i])`) is reported at the loop when a part is risky', () => {
    const table = (risky: string) => [
      'var re = [], src = [], R = 0;',
      'var NUM = R++;',
      "src[NUM] = '0|[1-9]\\\\d*';",
      'var MAIN = R++;',
      "src[MAIN] = '^(' + src[NUM] + ')\\\\.(' + src[NUM] + ')$';",
      'var LOOSE = R++;',
      `src[LOOSE] = '${risky}';`,
      'for (var i = 0; i < R; i++) {',
      '  if (!re[i]) re[i] = new RegExp(src[i]);',
      '}',
      'export function valid(v) { return re[MAIN].test(v) || re[LOOSE].test(v); }',
    ].join('\n');
    expect(run('lib/semver.js', table('^[v=\\\\s]*([0-9]+)-?([0-9]+)$'))).toEqual([{ rule: 'sast/js/redos-polynomial', line: 9 }]);
    expect(run('lib/semver.js', table('^[v=\\\\s]*([0-9]+)-([0-9]+)$'))).toEqual([]);
  });
});

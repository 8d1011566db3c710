import { describe, expect, it } from 'vitest';
import { RegExpParser } from '@eslint-community/regexpp';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { redosRules } from '../../../src/scanners/sast/rules/redos.js';
import { analyseRegex, isExponential } from '../../../src/scanners/sast/rules/regex/analyse.js';
import { buildNfa } from '../../../src/scanners/sast/rules/regex/nfa.js';
import { attemptCanFail, alphabetAtoms } from '../../../src/scanners/sast/rules/regex/simulate.js';

function run(path: string, source: string) {
  const o = parseSource(path, source);
  if (!o.ok) throw new Error(o.message);
  const api = new ApiNames(o.file.program);
  return redosRules.flatMap((r) => r.check(o.file, api).map((h) => ({ rule: r.meta.id, line: o.file.lines.position(h.start).line, message: h.message })));
}

const cp = (s: string) => [...s].map((c) => c.codePointAt(0)!);

function nfaOf(source: string, flags = '') {
  const pattern = new RegExpParser({ ecmaVersion: 2025 }).parsePattern(source, 0, source.length, { unicode: false });
  const nfa = buildNfa(pattern, { ignoreCase: flags.includes('i'), dotAll: false, sticky: flags.includes('y'), multiline: flags.includes('m') });
  if (!nfa) throw new Error('no automaton');
  return nfa;
}

describe('polynomial ReDoS: two runs sharing characters', () => {
  // Runs joined by steps that all read a shared character, however many, before a part that fails.
  const flagged: [string, string, string, string][] = [
    ['^(\\/.*)[=&]=(.+)$', '', '.*', '.+'], // up to three single characters between, all able to read `=`
    ['^data:(.*?),(.*?)(?:#(.*))?$', '', '.*?', '.*?'], // normalize-url
    ['[\\{\\[].*[\\/]*.*[\\}\\]]$', '', '.*', '[\\/]*'], // glob-parent
    ['(opera\\s[mobiletab]+).+version\\/([\\w\\.-]+)', 'i', '[mobiletab]+', '.+'], // ua-parser-js
    ['^(\\w+)(?:\\s+(.*))?$', '', '\\s+', '.*'], // fails only on a line break after `.` text
    ['rgba?\\((\\d+),(\\d+),(\\d+)(,(\\d+)?\\.?(\\d+))?\\);?', '', '\\d+', '\\d+'], // rgb2hex
    ['^([^:]+):(?:(?:[^@:]+(?:[^@]+)?@)?([^/]*))[/](.+?)(?:[.]git)?($|#)', '', '[^@:]+', '[^@]+'], // hosted-git-info
    // A lazy run retries the rest after every character it takes, even when the attempt ends in a
    // match (path-parse: every string matches, yet `aaa…a/a` takes quadratic time).
    ['^([\\s\\S]*?)((?:\\.{1,2}|[^\\\\\\/]+?|)(\\.[^.\\/\\\\]*|))(?:[\\\\\\/]*)$', '', '[\\s\\S]*?', '[^\\\\\\/]+?'],
    // The repeated unit may be a word read by the infix (`&bewit=`, `key`, `-1`): each of its
    // characters is one both runs can take (hawk's advisory; 20 kB take about a second each).
    ['^(\\/.*)([\\?&])bewit\\=([^&$]*)(?:&(.+))?$', '', '.*', '[^&$]*'],
    ['^[^/]*(key|priv)[^/]*\\.pem$', 'i', '[^/]*', '[^/]*'],
    ['^(.+?)-(\\d[^-]*)(?:-(.+))?$', '', '.+?', '.+'],
  ];
  for (const [src, flags, a, b] of flagged) {
    it(`flags /${src}/${flags}`, () => {
      expect(analyseRegex(src, flags)).toEqual({ kind: 'quadratic', subPattern: a, second: b });
    });
  }

  const clean: [string, string][] = [
    ['^data:([^,]*?),([^#]*?)(?:#(.*))?$', ''], // normalize-url's fix: the runs are disjoint
    ['(opera\\s[mobiletab]{3,6}).+version\\/([\\w\\.-]+)', 'i'], // bounded first part
    ['\\d+\\.?\\d+', ''], // the first attempt on a digit run succeeds: nothing to backtrack over
    ['^((\\/?)(?:[^\\/]*\\/)*)((\\.{1,2}|[^\\/]+?|)(\\.[^.\\/]*|))[\\/]*$', ''], // matches every string
    ['^([^:]+):(?:[^@]+@)?(?:([^/]*)\\/)?([^#]+)', ''], // hosted-git-info's fix
    ['^\\s*([^\\s;]+)\\s*(?:;(.*))?$', ''], // the runs around the token are disjoint from it
    ['<!--([\\s\\S]*?)-->', ''], // the lazy run's rest fails at once on anything but `-->`
    ['^(\\/.*)\\?bewit\\=([^&?]*)$', ''], // the later run cannot read the infix's `?`
    ['^[a-z]*(key|priv)[0-9]*\\.pem$', ''], // the runs share nothing
    ['^([a-z]*?)\\s*$', ''], // the runs share nothing
  ];
  for (const [src, flags] of clean) {
    it(`leaves /${src}/${flags}`, () => {
      expect(analyseRegex(src, flags)).toBeUndefined();
    });
  }
});

describe('polynomial ReDoS: a leading run retried at every offset', () => {
  const flagged: [string, string, string][] = [
    [';+$', '', ';+'], // tough-cookie
    ['[\\r\\n]+$', '', '[\\r\\n]+'], // trim-newlines
    ['^\\s+|\\s+$', 'g', '\\s+'], // the unanchored branch
    ['\\s*,\\s*', '', '\\s*'], // header splitting
    ['((?:\\\\{2})*)(\\\\?)\\|', 'g', '(?:\\\\{2})*'], // a two-character loop (minimatch)
    ['\\s*$', '', '\\s*'], // the empty match at the end comes only after every offset failed
    // Word-character runs too (moment's unanchored ASP.NET duration pattern, 8 s on 20k digits).
    ['(\\-)?(?:(\\d*)[. ])?(\\d+)\\:(\\d+)(?:\\:(\\d+)\\.?(\\d{3})?)?', '', '\\d*'],
    ['\\w*$', '', '\\w*'],
    ['(\\w+)\\s(\\w+)', '', '\\w+'],
    // Under the m flag `$` holds only before a line break: a space run before other text fails.
    ['[ \\t]*$', 'gm', '[ \\t]*'],
    // An attempt past the start cannot take the `^` branch, so it cannot match empty there (trim).
    ['^\\s*|\\s*$', 'g', '\\s*'],
    // A run after a few characters it can also read: every one of them starts an attempt that
    // takes the rest (`&&&…`, `<<<…`, `###…`), broad runs included.
    ['\\&([^;]+);', 'g', '[^;]+'],
    ['<([^>]+)>; rel="deprecation"', '', '[^>]+'],
    ['<?([^>]*)>', '', '[^>]*'],
    ['#.*x', '', '.*'],
    ['\\{\\{[\\s\\S]*?\\}\\}', 'g', '[\\s\\S]*?'],
    // glob-parent 5.1.2's fix is still quadratic on `{{{…` (6.7 s on 20k when timed), like
    // micromatch's `/\{.*\}/` advisory.
    ['[\\{\\[].*[\\}\\]]$', '', '.*'],
  ];
  for (const [src, flags, sub] of flagged) {
    it(`flags /${src}/${flags}`, () => {
      const risk = analyseRegex(src, flags);
      expect(risk).toEqual({ kind: 'retried-run', subPattern: sub });
      expect(isExponential(risk!)).toBe(false);
    });
  }

  const clean: [string, string][] = [
    ['^\\s+$', ''], // anchored: tried once
    ['\\s+$', 'y'], // sticky: tried at lastIndex only
    ['\\s+', 'g'], // nothing after the run: the first attempt succeeds
    ['^(?:\\r|\\n)+', ''],
    ['[^\\r\\n]', ''], // trim-off-newlines' fix
    ['.*?rgb\\((\\d{1,3})\\)', ''], // broad leading runs (the ordinary search idiom) are left out
    ['[^\\n]+$', ''],
    ['\\&([^;]{1,10});', 'g'], // underscore.string's fix: bounded
    ['<([^<>]+)>; rel="deprecation"', ''], // @octokit/request's fix: the run stops at the next `<`
    ['"[^"]*"', 'g'], // the run cannot read the quote that starts the next attempt
    ['#.*$', ''], // quadratic only with a line break after the `#` run: not reported
    ['\\S+@\\w', ''],
    ['^(\\w+)\\s(\\w+)', ''], // anchored
    ['(?:^|,)\\s*x', 'm'], // every branch is anchored or starts with a comma
  ];
  for (const [src, flags] of clean) {
    it(`leaves /${src}/${flags}`, () => {
      expect(analyseRegex(src, flags)).toBeUndefined();
    });
  }
});

describe('attack confirmation', () => {
  it('an attempt that already matched cannot fail', () => {
    const nfa = nfaOf('\\d+\\.?\\d+');
    expect(attemptCanFail(nfa, nfa.first, cp('11111'), alphabetAtoms(nfa, 64))).toBe(false);
  });

  it('finds a continuation that makes the attempt fail', () => {
    const nfa = nfaOf('^\\s*(\\S+?)\\s*(?:;(.*))?$');
    // After "a;;;;" no single character fails it, but " x\n" does.
    expect(attemptCanFail(nfa, nfa.first, cp('a;;;;'), alphabetAtoms(nfa, 64))).toBe(true);
  });

  it('knows `$` fails before more input and holds at the end', () => {
    const nfa = nfaOf('a+$');
    expect(nfa.acceptsMid.size).toBe(0);
    expect(nfa.accepting.size).toBe(1);
    expect(attemptCanFail(nfa, nfa.first, cp('aaa'), alphabetAtoms(nfa, 64))).toBe(true);
    // Under m, `$` also holds before a line break: modelled as failing mid-input, so attack
    // strings with line breaks are refused.
    const multi = nfaOf('a+$', 'm');
    expect(multi.acceptsMid.size).toBe(0);
    expect(multi.lineEnd).toBe(true);
    expect(attemptCanFail(multi, multi.first, cp('aaa'), alphabetAtoms(multi, 64))).toBe(true);
    expect(attemptCanFail(multi, multi.first, cp('aa\na'), alphabetAtoms(multi, 64))).toBe(false);
  });

  it('a pattern matching every string never fails', () => {
    const nfa = nfaOf('(?:x|)');
    expect(attemptCanFail(nfa, nfa.first, cp('xxx'), alphabetAtoms(nfa, 64))).toBe(false);
  });
});

describe('sast/js/redos-polynomial rule', () => {
  it('reports polynomial regexes under their own rule id, exponential ones under sast/js/redos', () => {
    const hits = run('lib/a.js', [
      'export const TRAIL = /;+$/;',
      'export const NESTED = /^(a+)+$/;',
      'export function parse(s) { return /^data:(.*?),(.*?)(?:#(.*))?$/.exec(s); }',
    ].join('\n'));
    expect(hits.map((h) => [h.rule, h.line])).toEqual([
      ['sast/js/redos', 2],
      ['sast/js/redos-polynomial', 3],
      ['sast/js/redos-retried-run', 1],
    ]);
    expect(hits.find((h) => h.line === 1)!.message).toContain('every offset');
    expect(hits.find((h) => h.line === 3)!.message).toContain('quadratically');
  });

  it('has high severity for exponential, medium for polynomial, low for retried runs; all on by default', () => {
    expect(redosRules.map((r) => [r.meta.id, r.meta.severity, r.enabledByDefault !== false])).toEqual([
      ['sast/js/redos', 'high', true],
      ['sast/js/redos-polynomial', 'medium', true],
      ['sast/js/redos-retried-run', 'low', true],
    ]);
    for (const r of redosRules) {
      expect(r.meta.cwe).toEqual([1333]);
      expect(r.meta.description.length).toBeGreaterThan(50);
    }
  });

  it('leaves polynomial regexes in test files, not exponential ones', () => {
    const src = 'const A = /^data:(.*?),(.*?)$/;\nconst B = /^(a|a)*$/;\nexport const f = (s) => A.test(s) || B.test(s);';
    expect(run('test/a.test.js', src).map((h) => h.rule)).toEqual(['sast/js/redos']);
    expect(run('src/a.spec.ts', src).map((h) => h.rule)).toEqual(['sast/js/redos']);
    expect(run('src/a.js', src).map((h) => h.rule)).toEqual(['sast/js/redos', 'sast/js/redos-polynomial']);
  });

  it('a module-level regex is capped only when every function reading it caps the length', () => {
    const capped = [
      'const RE = /^data:(.*?),(.*?)$/;',
      'export function parse(s) { if (s.length > 1000) return null; return RE.exec(s); }',
      'export function test(s) { if (s.length > MAX_LEN) return false; return RE.test(s); }',
    ].join('\n');
    expect(run('lib/data.js', capped)).toEqual([]);
    const oneUncapped = capped.replace('if (s.length > MAX_LEN) return false; ', '');
    expect(run('lib/data.js', oneUncapped).map((h) => [h.rule, h.line])).toEqual([['sast/js/redos-polynomial', 1]]);
  });

  it('an emptiness check (`.length > 0`, `>= 1`) is not a length cap', () => {
    for (const check of ['s.length > 0', 's.length >= 1', '0 < s.length', '1 <= s.length']) {
      const src = `export function parse(s) { if (${check}) return /^data:(.*?),(.*?)$/.exec(s); return null; }`;
      expect(run('lib/data.js', src).map((h) => h.rule)).toEqual(['sast/js/redos-polynomial']);
    }
    const capped = 'export function parse(s) { if (s.length > 2) return null; return /^data:(.*?),(.*?)$/.exec(s); }';
    expect(run('lib/data.js', capped)).toEqual([]);
  });
});

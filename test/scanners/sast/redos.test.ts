import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { redosRules } from '../../../src/scanners/sast/rules/redos.js';
import { analyseRegex } from '../../../src/scanners/sast/rules/regex/analyse.js';

const FIX = fileURLToPath(new URL('../../fixtures/sast/redos/', import.meta.url));

function run(path: string, source: string) {
  const o = parseSource(path, source);
  if (!o.ok) throw new Error(o.message);
  const api = new ApiNames(o.file.program);
  return redosRules.flatMap((r) => r.check(o.file, api).map((h) => ({ ...h, rule: r.meta.id, line: o.file.lines.position(h.start).line })));
}

function expectedLines(source: string, name: string): number[] {
  return source.split('\n').flatMap((l, i) => (l.includes(`@expect ${name}`) ? [i + 1] : []));
}

describe('sast/js/redos fixtures', () => {
  it('flagged.js: exactly the @expect lines', () => {
    const src = readFileSync(FIX + 'flagged.js', 'utf8');
    const hits = run('flagged.js', src);
    expect(hits.map((h) => h.line).sort((a, b) => a - b)).toEqual(expectedLines(src, 'redos'));
  });

  it('clean.js: nothing but the unanchored runs of TRIM and TWO_WORDS, which are quadratic', () => {
    // `/^\s+|\s+$/g`: the unanchored `\s+$` branch rescans a long space run from every offset
    // (lodash's CVE-2020-28500). `/(\w+)\s(\w+)/` does the same on a long word with no space
    // (about a second on 20k letters), reported since word-character runs count as retried runs.
    const src = readFileSync(FIX + 'clean.js', 'utf8');
    const lineOf = (text: string) => src.split('\n').findIndex((l) => l.includes(text)) + 1;
    const trim = lineOf('TRIM = /^\\s+|\\s+$/g');
    const twoWords = lineOf('TWO_WORDS = /(\\w+)\\s(\\w+)/');
    expect(trim).toBeGreaterThan(0);
    expect(twoWords).toBeGreaterThan(0);
    const hits = run('clean.js', src);
    expect(hits.map((h) => [h.line, h.rule])).toEqual([[twoWords, 'sast/js/redos-retried-run'], [trim, 'sast/js/redos-retried-run']]);
  });

  it('the fixtures hold at least 8 flagged and 8 clean regexes', () => {
    const flagged = expectedLines(readFileSync(FIX + 'flagged.js', 'utf8'), 'redos');
    const clean = readFileSync(FIX + 'clean.js', 'utf8').match(/\/\^|RegExp\(|\/\(|\/\[|\/\\|\/</g) ?? [];
    expect(flagged.length).toBeGreaterThanOrEqual(8);
    expect(clean.length).toBeGreaterThanOrEqual(8);
  });

  it('names the risky sub-pattern in the message', () => {
    const hits = run('a.js', 'const re = /^foo-(\\w+\\s?)*$/;');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.message).toContain('`(\\w+\\s?)*`');
    expect(hits[0]!.message).toContain('ReDoS');
  });

  it('ignores a shadowed RegExp and non-constant flags', () => {
    expect(run('a.js', 'function f(RegExp) { return new RegExp("^(a+)+$"); }')).toEqual([]);
    expect(run('a.js', 'function f(fl) { return new RegExp("^(a+)+$", fl); }')).toEqual([]);
    expect(run('a.js', 'const r = new RegExp("^(a+)+$", "g");')).toHaveLength(1);
    // Flags that differ by a condition are judged under both (`first ? undefined : 'g'`).
    expect(run('a.js', 'module.exports = (first) => new RegExp("^(a+)+$", first ? undefined : "g");')).toHaveLength(1);
  });

  it('folds patterns assembled from parts: [..].join(sep) and re.source', () => {
    // An escape-sequence matcher built from two alternatives: ';' fits both the prefix class and
    // each group's start, so a long run of ';' is split every way (quadratic) when BEL never comes.
    const joined = [
      'const parts = [',
      "  '\\x1b[;?]*(?:(?:[a-z]*(?:;[a-z#]*)*)?\\x07)',",
      "  '(?:\\d+m)',",
      "].join('|');",
      "module.exports = () => new RegExp(parts, 'g');",
    ].join('\n');
    // The array element holding the ambiguous run is reported too (where the fix goes).
    expect(run('a.js', joined).map((f) => f.line)).toEqual([2, 5]);
    const spliced = "const word = /(a+)+/;\nconst all = new RegExp('^' + word.source + '$');";
    expect(run('a.js', spliced).map((f) => f.line)).toContain(2);
    expect(run('a.js', "const p = ['^[a-z]+', '@[0-9]+$'].join('');\nconst r = new RegExp(p);")).toEqual([]);
  });

  it('has complete metadata', () => {
    const m = redosRules[0]!.meta;
    expect(m.id).toBe('sast/js/redos');
    expect(m.cwe).toEqual([1333]);
    expect(m.description.length).toBeGreaterThan(50);
    expect(m.remediation.length).toBeGreaterThan(20);
  });
});

describe('analyseRegex', () => {
  const exponential: [string, string, string][] = [
    ['^(a+)+$', '', '(a+)+'],
    ['(a+)+b', '', '(a+)+'],
    ['^(a|a)*$', '', '(a|a)*'],
    ['^(\\w|\\d)+$', '', '(\\w|\\d)+'],
    ['^(?:a{1,3})+$', '', '(?:a{1,3})+'],
    ['^(([a-z])+.)+[A-Z]([a-z])+$', '', '(([a-z])+.)+'],
    ['^(x+x+)+y', '', '(x+x+)+'],
    ['^(A|a)+$', 'i', '(A|a)+'],
    ['^(?:.|\\s)*;', '', '(?:.|\\s)*'],
    ['^(?:.|\\n)*;', 's', '(?:.|\\n)*'],
    ['"(?:[^"\\\\]+|\\\\.)*"', '', '(?:[^"\\\\]+|\\\\.)*'],
    ['"((?:\\\\["\\\\]|[^"])+)"', '', '(?:\\\\["\\\\]|[^"])+'],
    ['(.*a){20}', '', '(.*a){20}'],
    ['^(?:\\p{P}|[!-/])+$', 'u', '(?:\\p{P}|[!-/])+'],
  ];
  for (const [src, flags, sub] of exponential) {
    it(`flags /${src}/${flags}`, () => {
      expect(analyseRegex(src, flags)?.subPattern).toBe(sub);
    });
  }

  const safe: [string, string][] = [
    ['^(A|a)+$', ''],
    ['(\\\\\\.|[^.]+?)+', 'g'], // nothing after the loop: the first attempt succeeds
    ['^(?:(?!a).|a)*$', ''], // the lookahead keeps `.` off `a`
    ['^(?:\\p{L}|[!-/])+$', 'u'],
    ['^(?:.|\\n)*;', ''], // without the s flag `.` excludes newlines
    ['^(a+)+', ''],
    ['^(\\w+\\s?)*', ''],
    ['^[\\w.+-]+@[\\w-]+\\.[\\w.-]+$', ''],
    ['^(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)$', ''],
    ['^#?([a-f\\d]{2})([a-f\\d]{2})([a-f\\d]{2})$', 'i'],
    ['(a+', ''],
    ['^(?<year>\\d{4})-(?<month>\\d{2})$', 'u'],
  ];
  for (const [src, flags] of safe) {
    it(`leaves /${src}/${flags}`, () => {
      expect(analyseRegex(src, flags)).toBeUndefined();
    });
  }

  const quadratic: [string, string, string][] = [
    ['^-?\\d*\\.?\\d+$', '\\d*', '\\d+'],
    ['^((?:\\d+)?\\.?\\d+) *(ms|s)?$', '\\d+', '\\d+'],
    ['^(\\s*)([^]*\\S)(\\s*)$', '\\s*', '[^]*'],
    ['^(.*a){3}$', '.*', '.*'],
    ['^\\S+@\\S+$', '\\S+', '\\S+'],
    ['^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', '[^\\s@]+', '[^\\s@]+'],
    ['^\\s*(\\S+?)\\s*(?:;(.*))?$', '\\S+?', '.*'],
  ];
  for (const [src, a, b] of quadratic) {
    it(`flags /${src}/ as quadratic`, () => {
      expect(analyseRegex(src, '')).toEqual({ kind: 'quadratic', subPattern: a, second: b });
    });
  }
  for (const src of ['^\\d+\\.\\d+$', '^\\s*(\\S+)\\s*$', '^\\s*([^\\s;]+)\\s*(?:;(.*))?$', '^\\d+\\.?\\d{1,3}$', '\\d+\\.?\\d+', '^[a-z]+@[a-z]+\\.[a-z]{2,}$']) {
    it(`does not call /${src}/ quadratic`, () => {
      expect(analyseRegex(src, '')).toBeUndefined();
    });
  }

  it('survives deep group nesting and huge alternations without throwing', () => {
    expect(() => analyseRegex('('.repeat(600) + 'a+' + ')+'.repeat(600), '')).not.toThrow();
    expect(() => analyseRegex('^(?:' + Array.from({ length: 400 }, (_, i) => `a${i % 10}*`).join('|') + ')+$', '')).not.toThrow();
  });

  it('skips patterns over 2,000 characters and answers on big ones (speed is in bench/)', () => {
    expect(analyseRegex('^(a+)+$' + 'b'.repeat(2000), '')).toBeUndefined();
    const alts = Array.from({ length: 150 }, (_, i) => `x${i}y*`).join('|');
    expect(() => analyseRegex(`^(?:${alts})+$`.slice(0, 2000), '')).not.toThrow();
    expect(analyseRegex(`^(?:(?:a|b)*c*(?:d|e+)*)+(?:[^x]*x)+$`, '')?.kind).toMatch(/nested-quantifier|overlapping-repetition/);
    expect(analyseRegex(`(?:${Array.from({ length: 90 }, (_, i) => `x${i}[ ,]*`).join('|')})\\s+;`, '')).toBeDefined();
  });
});

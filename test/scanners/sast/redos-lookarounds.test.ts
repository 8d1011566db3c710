import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { redosRules } from '../../../src/scanners/sast/rules/redos.js';
import { analyseRegex } from '../../../src/scanners/sast/rules/regex/analyse.js';

// Written for the dev15 ReDoS misses: lookarounds that decide whether a retried run fails or is
// pinned, and patterns assembled from constant fragments around parts that are not constant.
describe('ReDoS: a positive lookahead that ends the pattern is read as consumed', () => {
  it('flags a run whose trailing lookahead can fail (retried from every offset of the run)', () => {
    expect(analyseRegex('[\\w-]+(?=-beta)', 'g')).toEqual({ kind: 'retried-run', subPattern: '[\\w-]+' });
    expect(analyseRegex('([a-z]+)(?=\\d{2})', '')).toEqual({ kind: 'retried-run', subPattern: '[a-z]+' });
  });

  it('leaves a lookahead that always holds after the run, and one followed by more pattern', () => {
    expect(analyseRegex('\\s+(?=\\S|$)', 'g')).toBeUndefined();
    expect(analyseRegex('(?:^|,)[a-z]+(?=x)y', '')).toBeUndefined();
  });
});

describe('ReDoS: a negative lookbehind of the run\'s own characters pins the start, like \\b', () => {
  it('leaves the pinned runs', () => {
    expect(analyseRegex('(?<![\\w-])[\\w-]+(?=-beta)', 'g')).toBeUndefined();
    expect(analyseRegex('(?:^\\W+)|(?:(?<!\\W)\\W+$)', 'g')).toBeUndefined();
    expect(analyseRegex('(?<![a-z])[A-Z]+:', 'i')).toBeUndefined(); // case-folded both sides
  });

  it('still flags a lookbehind that does not cover the run\'s first characters', () => {
    expect(analyseRegex('(?<![a-z])[\\w-]+(?=-beta)', 'g')).toEqual({ kind: 'retried-run', subPattern: '[\\w-]+' });
    expect(analyseRegex('(?<!x)\\W+$', 'g')).toEqual({ kind: 'retried-run', subPattern: '\\W+' });
  });
});

describe('ReDoS: a RegExp assembled from constant fragments around parts that are not constant', () => {
  function run(source: string) {
    const o = parseSource('lib/index.js', source);
    if (!o.ok) throw new Error(o.message);
    const api = new ApiNames(o.file.program);
    return redosRules.flatMap((r) => r.check(o.file, api).map((h) => ({ rule: r.meta.id, line: o.file.lines.position(h.start).line })));
  }

  it('reports a nested quantifier at the construction and at its fragment', () => {
    const src = [
      "const other = require('other');",
      'module.exports = (opts) => {',
      "  const scheme = `(?:[a-z]+:)?//${opts.loose ? '?' : ''}`;",
      "  const label = '(?:(?:[a-z0-9]+-?)*[a-z0-9])';",
      '  const pattern = `${scheme}(?:${other.ipPattern().source}|${label}\\\\.[a-z]{2,})`;',
      "  return new RegExp(pattern, 'ig');",
      '};',
    ].join('\n');
    expect(run(src)).toEqual([
      { rule: 'sast/js/redos', line: 4 },
      { rule: 'sast/js/redos', line: 6 },
    ]);
  });

  it('leaves assembled patterns whose constant parts are safe, and polynomial risks around unknown parts', () => {
    const src = [
      'module.exports = (opts) => {',
      "  const label = '(?:[a-z0-9][-_a-z0-9]*)';",
      "  const a = new RegExp(`^${opts.prefix ? 'x' : ''}${label}\\\\.[a-z]{2,}$`);",
      "  const b = new RegExp(opts.word + '\\\\s*$');",
      '  return [a, b];',
      '};',
    ].join('\n');
    expect(run(src)).toEqual([]);
  });
});

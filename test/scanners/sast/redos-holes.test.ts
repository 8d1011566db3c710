import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { redosRules } from '../../../src/scanners/sast/rules/redos.js';

// Written by us for the review of var folding (issue 5): an unknown part of an assembled pattern
// (`attrs.replace(a, b)`) stands as a hole that no class of the known parts matches.
function run(source: string) {
  const o = parseSource('lib/select.js', source);
  if (!o.ok) throw new Error(o.message);
  const api = new ApiNames(o.file.program);
  return redosRules.flatMap((r) => r.check(o.file, api).map((h) => ({ rule: r.meta.id, line: o.file.lines.position(h.start).line })))
    .sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
}

describe('ReDoS: unknown parts of an assembled pattern', () => {
  it('clean: an unknown part beside a negated class or a dot in a repeated alternation', () => {
    const src = [
      'var sp = "[\\\\x20\\\\t]",',
      '  attr = "\\\\[" + sp + "*(\\\\w+)" + sp + "*\\\\]",',
      '  args = ":(\\\\w+)(?:\\\\(((?:\\\\\\\\.|[^\\\\\\\\()[\\\\]]|" + attr.replace(1, 2) + ")*)\\\\)|)",',
      '  reArgs = new RegExp(args),',
      '  reAny = new RegExp("^(?:.|" + attr.trim() + ")*$");',
      'module.exports = function (s) { return reArgs.test(s) || reAny.test(s); };',
    ].join('\n');
    expect(run(src)).toEqual([]);
  });

  it('flagged: a nested repetition in the known parts around an unknown part', () => {
    const src = [
      'module.exports = function (opts) {',
      '  var host = "(?:[a-z0-9]+-?)+";',
      '  return new RegExp("^(?:" + opts.scheme + "://)?" + host + "\\\\." + opts.tld + "$");', // 3
      '};',
    ].join('\n');
    expect(run(src)).toEqual([
      { rule: 'sast/js/redos', line: 2 },
      { rule: 'sast/js/redos', line: 3 },
    ]);
  });
});

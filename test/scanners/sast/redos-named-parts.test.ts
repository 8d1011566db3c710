import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { redosRules } from '../../../src/scanners/sast/rules/redos.js';

// Written for the heldout-v7 ReDoS misses: patterns assembled from `var` parts (never written
// again), arrays spliced into text, and the parts that hold the risky run reported where the fix goes.
function run(source: string) {
  const o = parseSource('lib/index.js', source);
  if (!o.ok) throw new Error(o.message);
  const api = new ApiNames(o.file.program);
  return redosRules.flatMap((r) => r.check(o.file, api).map((h) => ({ rule: r.meta.id, line: o.file.lines.position(h.start).line })))
    .sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
}

describe('ReDoS: a pattern assembled from var parts and an array spliced into text', () => {
  it('reports the quadratic number part at its var and at each construction using it', () => {
    const src = [
      'var num = "\\\\s*([+-]?\\\\d*\\\\.?\\\\d+)\\\\s*",', // 1
      '    int = "\\\\s*([+-]?\\\\d+)\\\\s*",',
      '    reInt = new RegExp("^pt\\\\(" + [int, int] + "\\\\)$"),',
      '    reNum = new RegExp("^pt\\\\(" + [num, num] + "\\\\)$");', // 4
      'module.exports = function parse(s) { return reNum.exec(s) || reInt.exec(s); };',
    ].join('\n');
    expect(run(src)).toEqual([
      { rule: 'sast/js/redos-polynomial', line: 1 },
      { rule: 'sast/js/redos-polynomial', line: 4 },
    ]);
  });

  it('clean: the fixed number part, and a var written again (not a constant)', () => {
    const src = [
      'var num = "\\\\s*([+-]?(?:\\\\d*\\\\.)?\\\\d+)\\\\s*",',
      '    reNum = new RegExp("^pt\\\\(" + [num, num] + "\\\\)$");',
      'var part = "(\\\\d+)";',
      'if (process.env.LOOSE) part = "\\\\d*\\\\.?\\\\d+";',
      'var reLoose = new RegExp("^" + part + "x$");',
      'module.exports = function parse(s) { return reNum.exec(s) || reLoose.exec(s); };',
    ].join('\n');
    expect(run(src)).toEqual([]);
  });
});

describe('ReDoS: every risky fragment of an exponential assembled pattern', () => {
  it('reports the host part beside the domain part that makes the whole exponential', () => {
    const src = [
      'module.exports = function (opts) {',
      "  var scheme = opts && opts.ws ? '(?:wss?://)?' : '(?:https?://)?';",
      "  var host = '(?:(?:[a-z0-9_]-*)*[a-z0-9]+)';", // 3
      "  var domain = '(?:\\\\.(?:[a-z0-9]-*)*[a-z0-9]+)*';", // 4
      "  return new RegExp('^' + scheme + host + domain + '$', 'i');", // 5
      '};',
    ].join('\n');
    const hits = run(src).map((h) => h.line);
    expect(hits).toContain(3);
    expect(hits).toContain(4);
    expect(hits).toContain(5);
  });

  it('clean: fragments that are linear however the rest fails', () => {
    const src = [
      'module.exports = function (opts) {',
      "  var scheme = opts && opts.ws ? '(?:wss?://)?' : '(?:https?://)?';",
      "  var host = '(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)';",
      "  var domain = '(?:\\\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*';",
      "  return new RegExp('^' + scheme + host + domain + '$', 'i');",
      '};',
    ].join('\n');
    expect(run(src)).toEqual([]);
  });
});

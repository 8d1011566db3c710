import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { prototypePollutionRules } from '../../../src/scanners/sast/rules/prototype-pollution.js';

/** Lines reported, with `c` for the constructor rule (a '__proto__'-only guard) and `m` for the main one. */
function hits(source: string): string[] {
  const o = parseSource('a.js', source);
  if (!o.ok) throw new Error(o.message);
  const api = new ApiNames(o.file.program);
  return prototypePollutionRules
    .flatMap((r) => r.check(o.file, api).map((h) => `${o.file.lines.position(h.start).line}${r.meta.id.endsWith('constructor') ? 'c' : 'm'}`))
    .sort();
}

/**
 * A deep merge that skips '__proto__' and descends only where an in-file helper says the target
 * value is a plain object by its toString tag ('[object Object]'; Object, a function, is
 * '[object Function]'): `{"constructor": {"prototype": …}}` replaces target.constructor with a
 * fresh object instead of walking into Object.prototype. Written by us in the shape of
 * utility-belt merges.
 */
function merge(tester: string, test = 'isObj(tv)'): string {
  return [
    tester,
    'function merge(target, source) {',
    '  Object.keys(source).forEach(function (key) {',
    "    if (key === '__proto__') return;",
    '    var sv = source[key];',
    '    var tv = target[key];',
    '    if (isObj(sv)) {',
    `      if (!${test}) tv = {};`,
    '      target[key] = merge(tv, sv);',
    '    } else {',
    '      target[key] = sv;',
    '    }',
    '  });',
    '  return target;',
    '}',
    'module.exports = merge;',
  ].join('\n');
}

describe("sast/js/prototype-pollution: a toString-tag object test makes a '__proto__' guard enough", () => {
  it('Object.prototype.toString.call(v) === "[object Object]" (direct or through an alias) is an object test', () => {
    expect(hits(merge("function isObj(v) { return Object.prototype.toString.call(v) === '[object Object]'; }"))).toEqual([]);
    expect(hits(merge("var nativeToString = Object.prototype.toString;\nfunction isObj(v) { return nativeToString.call(v) === '[object Object]'; }"))).toEqual([]);
  });

  it('a helper that also accepts functions, a negated tag test or another toString is not: the constructor path stays flagged', () => {
    expect(hits(merge("function isObj(v) { return Object.prototype.toString.call(v) === '[object Object]' || typeof v === 'function'; }"))).toEqual(['11c', '9c']);
    expect(hits(merge("function isObj(v) { return Object.prototype.toString.call(v) !== '[object Array]'; }"))).toEqual(['11c', '9c']);
    expect(hits(merge("var str = myLib.toString;\nfunction isObj(v) { return str.call(v) === '[object Object]'; }"))).toEqual(['10c', '12c']);
    // The tester exists but the descent is not guarded by it.
    expect(hits(merge("function isObj(v) { return Object.prototype.toString.call(v) === '[object Object]'; }", 'tv'))).toEqual(['11c', '9c']);
  });
});

import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { prototypePollutionRules } from '../../../src/scanners/sast/rules/prototype-pollution.js';

function lines(path: string, source: string): number[] {
  const o = parseSource(path, source);
  if (!o.ok) throw new Error(o.message);
  const api = new ApiNames(o.file.program);
  return [...new Set(prototypePollutionRules.flatMap((r) => r.check(o.file, api).map((h) => o.file.lines.position(h.start).line)))].sort((a, b) => a - b);
}

/** Path walks written in shapes the rule did not read (examples written by us; dev17 misses). */
describe('sast/js/prototype-pollution: walks through a free forEach, array steps and regex groups', () => {
  it('forEach(path, (step, i) => …) walks the path: a __proto__-only check leaves constructor.prototype open', () => {
    const src = (check: string) => `function each(list, fn) { for (let i = 0; i < list.length; i++) fn(list[i], i); }
function assignAt(root, path, value) {
  let level = root;
  each(path, function (step, i) {
    if (${check}) throw new Error('bad step');
    const next = path[i + 1];
    let child = level[step];
    if (next !== undefined && child == null) child = level[step] = {};
    if (next === undefined) level[step] = value;
    else level = child;
  });
  return root;
}
module.exports = assignAt;`;
    expect(lines('a.js', src("step === '__proto__'"))).toEqual([9]);
    expect(lines('a.js', src("step === '__proto__' || step === 'constructor' || step === 'prototype'"))).toEqual([]);
  });

  it('a strict key check in a setter whose path may be the caller\'s array ([["__proto__"], "x"] passes ===)', () => {
    const src = (valid: string) => `function okKey(k) { return ${valid}; }
function put(target, path, value, sep) {
  if (!target || typeof target !== 'object') target = {};
  if (typeof path === 'string') path = path.split(sep || '.');
  if (Array.isArray(path) && path.length > 0) {
    const rest = path;
    const key = rest[0];
    if (okKey(key)) {
      if (rest.length > 1) {
        rest.shift();
        target[key] = put(target[key], rest, value, sep);
      } else {
        target[key] = value;
      }
    }
  }
  return target;
}
module.exports = put;`;
    expect(lines('b.js', src("k !== '__proto__' && k !== 'constructor' && k !== 'prototype'"))).toEqual([11, 13]);
    // A step that must be a string cannot be an array holding '__proto__'.
    expect(lines('b.js', src("typeof k === 'string' && k !== '__proto__' && k !== 'constructor' && k !== 'prototype'"))).toEqual([]);
  });

  it('a key path cut by a regex exec loop (`m[2] || m[1]`) walks levels named by the caller', () => {
    const src = (skip: string) => `function expand(flat) {
  const out = {};
  const re = /\\.?([^.\\[\\]]+)|\\[(\\d+)\\]/g;
  for (const dotted in flat) {
    let at = out;
    let name = '';
    let m;
    while ((m = re.exec(dotted))) {
      ${skip}
      at = at[name] || (at[name] = m[2] ? [] : {});
      name = m[2] || m[1];
    }
    at[name] = flat[dotted];
  }
  return out[''] || out;
}
module.exports = expand;`;
    expect(lines('c.js', src(''))).toContain(13);
    expect(lines('c.js', src("if (name === '__proto__' || name === 'constructor' || name === 'prototype') break;"))).toEqual([]);
  });
});

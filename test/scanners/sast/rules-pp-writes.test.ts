import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { prototypePollutionRules } from '../../../src/scanners/sast/rules/prototype-pollution.js';

function lines(path: string, source: string): number[] {
  const o = parseSource(path, source);
  if (!o.ok) throw new Error(o.message);
  const api = new ApiNames(o.file.program);
  return prototypePollutionRules.flatMap((r) => r.check(o.file, api).map((h) => o.file.lines.position(h.start).line)).sort((a, b) => a - b);
}

/** Writes that are not `target[key] = value`: defineProperty and delete (examples written by us). */
describe('sast/js/prototype-pollution: defineProperty and delete as the write', () => {
  it('a deep merge that writes with Object.defineProperty and skips only __proto__ is open through constructor.prototype', () => {
    const src = (skip: string) => `const isObj = (v) => v && (typeof v === 'object' || typeof v === 'function');
function blend(into, from) {
  for (const name of Object.getOwnPropertyNames(from)) {
    if (${skip}) continue;
    const desc = Object.getOwnPropertyDescriptor(from, name);
    const current = into[name];
    if (isObj(desc.value) && isObj(current)) {
      blend(current, desc.value);
      continue;
    }
    Object.defineProperty(into, name, desc);
  }
  return into;
}
module.exports = blend;`;
    expect(lines('a.js', src("name === '__proto__'"))).toEqual([11]);
    expect(lines('a.js', src("name === '__proto__' || name === 'constructor'"))).toEqual([]);
  });

  it('defineProperty with a descriptor literal: its value is what is written; a new level is not data', () => {
    const src = (value: string) => `module.exports = function put(root, dotted, v) {
  const steps = dotted.split('.');
  let at = root;
  while (steps.length > 1) {
    const s = steps.shift();
    if (at[s] === undefined) Object.defineProperty(at, s, { value: {}, enumerable: true });
    at = at[s];
  }
  Object.defineProperty(at, steps[0], ${value});
  return root;
};`;
    expect(lines('b.js', src('{ value: v, enumerable: true, writable: true }'))).toEqual([9]);
    // Accessors only: nothing stored under the key by this call.
    expect(lines('b.js', src('{ get() { return v; } }'))).toEqual([]);
  });

  it('a path walk that ends in delete removes a key of Object.prototype; vetting each step closes it', () => {
    const src = (check: string) => `module.exports = function drop(obj, dotted) {
  const parts = dotted.split('.');
  const tail = parts.pop();
  let here = obj;
  while (parts.length) {
    let step;
    here = here[step = parts.shift()];${check}
    if (here == null) return false;
  }
  return delete here[tail];
};`;
    expect(lines('c.js', src(''))).toEqual([10]);
    expect(lines('c.js', src("\n    if (step === '__proto__' || step === 'constructor' || step === 'prototype') return false;"))).toEqual([]);
  });

  it('deleting keys of the object being iterated, or of a parsed query into a fresh object, is not reported', () => {
    expect(lines('d.js', `exports.prune = function prune(o) {
  for (const k of Object.keys(o)) {
    if (o[k] == null) delete o[k];
    else if (typeof o[k] === 'object') prune(o[k]);
  }
  return o;
};`)).toEqual([]);
    expect(lines('e.js', `exports.strip = function strip(qs) {
  const out = {};
  for (const pair of qs.split('&')) {
    const name = decodeURIComponent(pair.split('=')[0]);
    delete out[name];
  }
  return out;
};`)).toEqual([]);
  });

  it('skipping the keys the target already has is no own-property guard: inherited keys still descend', () => {
    const src = (check: string) => `function fold(dst, src, opts) {
  for (const k of Object.keys(src)) {
    if (${check}) continue;
    if (src[k] && typeof src[k] === 'object') fold(dst[k] || (dst[k] = {}), src[k], opts);
    else dst[k] = src[k];
  }
  return dst;
}
module.exports = fold;`;
    expect(lines('f.js', src('opts.keep && dst.hasOwnProperty(k)'))).toEqual([5]);
    expect(lines('f.js', src('!Object.prototype.hasOwnProperty.call(dst, k) && k in dst'))).toEqual([]);
  });

  it('an own-property check in an early-exit branch vets that branch, not the walk after it', () => {
    const src = (after: string) => `module.exports = function clear(obj, dotted) {
  if (Object.prototype.hasOwnProperty.call(obj, dotted)) {
    delete obj[dotted];
    return true;
  }
  const keys = dotted.split('.');
  const last = keys.pop();
  let cur = obj;
  for (const k of keys) {${after}
    cur = cur[k];
  }
  return delete cur[last];
};`;
    expect(lines('g.js', src(''))).toEqual([12]);
    expect(lines('g.js', src("\n    if (!Object.prototype.hasOwnProperty.call(cur, k)) return false;"))).toEqual([]);
  });

  it('a helper that defines own properties is not a writer of its callers; a parsed name defined on a new object keeps its prototype', () => {
    expect(lines('h.js', `const own = (o, k, v) => Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
function mix(into, from) {
  Object.keys(from).forEach((k) => {
    if (k in into && into[k] !== Object.getPrototypeOf(into)) own(into, k, mix(into[k], from[k]));
    else own(into, k, from[k]);
  });
  return into;
}
module.exports = mix;`)).toEqual([]);
    expect(lines('i.js', `exports.parse = function parse(text) {
  const out = {};
  for (const line of text.split('\\n')) {
    const name = line.slice(0, line.indexOf('='));
    Object.defineProperty(out, name, { value: JSON.parse(line.slice(line.indexOf('=') + 1)), enumerable: true });
  }
  return out;
};`)).toEqual([]);
  });
});

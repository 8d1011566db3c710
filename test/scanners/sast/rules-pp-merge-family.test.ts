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

const src = (...lines: string[]) => lines.join('\n');

/** Merges, decoders and patch appliers written by us in the shapes of published advisories. */
describe('sast/js/prototype-pollution: merge family', () => {
  it('a parameter named like a file function is not that function: no guard borrowed from a shadowed name', () => {
    const file = (body: string) => src(
      "function check(k) { if (k === '__proto__' || k === 'constructor' || k === 'prototype') throw new Error('key'); return k; }",
      'function isObj(check) { return check !== null && typeof check === "object"; }',
      'function merge(t, s) {',
      '  for (const k in s) {',
      body,
      '    if (isObj(s[k])) { if (!isObj(t[k])) t[k] = {}; merge(t[k], s[k]); }',
      '    else t[k] = s[k];',
      '  }',
      '  return t;',
      '}',
      'module.exports = { merge, check };',
    );
    expect(hits(file(''))).toEqual(['7m']);
    expect(hits(file('    check(k);'))).toEqual([]);
  });

  it('a parameter replaced by Object.create(null) only when it is not an object still holds the caller\'s object', () => {
    expect(hits(src(
      'module.exports = function apply(doc, patch) {',
      '  if (typeof doc !== "object" || doc === null) doc = Object.create(null);',
      '  for (const key of Object.keys(patch)) doc[key] = apply(doc[key], patch[key]);',
      '  return doc;',
      '};',
    ))).toEqual(['3m']);
    expect(hits(src(
      'module.exports = function apply(doc, patch) {',
      '  const out = Object.create(null);',
      '  for (const key of Object.keys(patch)) out[key] = apply(out[key], patch[key]);',
      '  return out;',
      '};',
    ))).toEqual([]);
  });

  it("a '__proto__'-only guard suffices when the recursion or an in-file helper descends into objects only", () => {
    const apply = (entry: string) => src(
      'module.exports = function apply(doc, patch) {',
      entry,
      '  for (const key of Object.keys(patch)) {',
      "    if (key === '__proto__') throw new Error('key');",
      '    doc[key] = apply(doc[key], patch[key]);',
      '  }',
      '  return doc;',
      '};',
    );
    // {"constructor": {"prototype": …}}: doc.constructor is Object, a function.
    expect(hits(apply('  if (doc === null) doc = {};'))).toEqual(['5c']);
    expect(hits(apply('  if (typeof doc !== "object" || doc === null) doc = {};'))).toEqual([]);
    const extend = (isObject: string) => src(
      isObject,
      'function extend(dst, src) {',
      '  for (const key of Object.keys(src)) {',
      "    if (key !== '__proto__' && isObject(src[key])) { if (!isObject(dst[key])) dst[key] = {}; extend(dst[key], src[key]); }",
      '    else dst[key] = src[key];',
      '  }',
      '  return dst;',
      '}',
      'module.exports = extend;',
    );
    expect(hits(extend('function isObject(v) { return v !== null && typeof v === "object"; }'))).toEqual([]);
    // An object test that also accepts functions lets Object (the constructor) through.
    expect(hits(extend('function isObject(v) { const t = typeof v; return v != null && (t == "object" || t == "function"); }'))).toEqual(['5c']);
  });

  it("a guard whose test holds the write (`if (key !== PROTO) { … }`) is a guard", () => {
    const assign = (loop: string) => src(
      "const PROTO = '__proto__';",
      'function isPlain(v) { return v != null && v.constructor === Object; }',
      'function assign(t, s) {',
      loop,
      '  return t;',
      '}',
      'module.exports = assign;',
    );
    expect(hits(assign('  for (const k in s) { if (k !== PROTO) { if (isPlain(t[k])) assign(t[k], s[k]); else t[k] = s[k]; } }'))).toEqual([]);
    expect(hits(assign('  for (const k in s) { if (isPlain(t[k])) assign(t[k], s[k]); else t[k] = s[k]; }'))).toEqual(['4m']);
  });

  it('a transpiled for-of over a path, and the level kept above the walk, are a path walk', () => {
    const assign = (guard: string) => src(
      'function assignValue(element, keys, value) {',
      guard,
      '  var current = element, previous = element, key;',
      '  for (var _it = keys[Symbol.iterator](), _step; !(_step = _it.next()).done;) {',
      '    key = _step.value;',
      '    if (current[key] == null) current[key] = {};',
      '    previous = current;',
      '    current = current[key];',
      '  }',
      '  previous[key] = value;',
      '  return element;',
      '}',
      'module.exports = assignValue;',
    );
    expect(hits(assign(''))).toEqual(['10m']);
    expect(hits(assign('  if (keys.some(function (k) { return /__proto__|constructor|prototype/.test(k); })) return element;'))).toEqual([]);
  });

  it('a recursion handing the next path step to its own parameter writes by a path step', () => {
    const fill = (guard: string) => src(
      'function fill(obj, key, rest, value) {',
      guard,
      '  if (rest.length === 0) { obj[key] = value; return; }',
      '  var next = rest.shift();',
      '  var level = obj[key] || (obj[key] = {});',
      '  fill(level, next, rest, value);',
      '}',
      'module.exports = function parse(q) { var out = {}; q.split("&").forEach(function (p) { var kv = p.split("="); fill(out, "root", kv[0].split("."), kv[1]); }); return out; };',
    );
    expect(hits(fill(''))).toEqual(['3m']);
    expect(hits(fill("  if (key === '__proto__' || key === 'constructor' || key === 'prototype') return;"))).toEqual([]);
  });

  it('an INI-like decoder writing result[section][key] with both names parsed', () => {
    const decode = (init: string) => src(
      'module.exports = function decode(text) {',
      `  var result = ${init}, section;`,
      "  text.split('\\n').forEach(function (line) {",
      '    var m = line.match(/^\\[(.*)\\]$/);',
      '    if (m) { section = m[1]; if (result[section] === undefined) result[section] = {}; return; }',
      "    var i = line.indexOf('=');",
      '    var key = line.slice(0, i);',
      '    if (section !== undefined) result[section][key] = line.slice(i + 1);',
      '  });',
      '  return result;',
      '};',
    );
    expect(hits(decode('{}'))).toEqual(['8m']);
    expect(hits(decode('Object.create(null)'))).toEqual([]);
  });

  it('Object.assign of a computed key, in source and in TypeScript\'s downlevel form, writes target[key]', () => {
    const merge = (guard: string, write: string) => src(
      'function isObj(v) { return v !== null && typeof v === "object"; }',
      'function mergeDeep(target, source) {',
      '  var _a;',
      '  for (var key in source) {',
      guard,
      '    var value = source[key];',
      '    if (isObj(value)) { if (!target[key]) target[key] = {}; mergeDeep(target[key], value); }',
      `    else ${write};`,
      '  }',
      '  return target;',
      '}',
      'module.exports = mergeDeep;',
    );
    expect(hits(merge('', 'Object.assign(target, { [key]: value })'))).toEqual(['8m']);
    expect(hits(merge('', 'Object.assign(target, (_a = {}, _a[key] = value, _a))'))).toEqual(['8m']);
    expect(hits(merge("    if (key === '__proto__' || key === 'constructor') continue;", 'Object.assign(target, { [key]: value })'))).toEqual([]);
  });

  it('an in-file helper named like a guard is judged by its body: an unescaper named unsafe vets nothing', () => {
    const decode = (guard: string) => src(
      "function unsafe(v) { return v.replace(/\\\\;/g, ';'); }",
      'module.exports = function decode(str) {',
      '  var out = {}, p = out;',
      "  str.split('\\n').forEach(function (line) {",
      '    var m = line.match(/^\\[([^\\]]*)\\]$|^([^=]+)=(.*)$/);',
      '    if (!m) return;',
      '    var name = unsafe(m[1] !== undefined ? m[1] : m[2]);',
      guard,
      '    if (m[1] !== undefined) { p = out[name] = out[name] || {}; return; }',
      '    p[name] = unsafe(m[3]);',
      '  });',
      '  return out;',
      '};',
    );
    expect(hits(decode(''))).toEqual(['10m']);
    expect(hits(decode("    if (name === '__proto__' || name === 'constructor' || name === 'prototype') return;"))).toEqual([]);
  });

  it('the write of a walk made by a method of a dispatch table is reported in that method', () => {
    const apply = (guard: string) => src(
      'var ops = {',
      '  add: function (obj, key) { obj[key] = this.value; },',
      '  remove: function (obj, key) { delete obj[key]; }',
      '};',
      'module.exports = function apply(doc, op) {',
      "  var keys = op.path.split('/'), obj = doc;",
      '  for (var t = 1; t < keys.length; t++) {',
      '    var key = keys[t];',
      guard,
      '    if (t === keys.length - 1) return ops[op.op].call(op, obj, key);',
      '    obj = obj[key];',
      '  }',
      '};',
    );
    // '/constructor/prototype/x' passes a '__proto__'-only check.
    expect(hits(apply("    if (key === '__proto__') throw new Error('banned');"))).toEqual(['2m']);
    expect(hits(apply("    if (key === '__proto__' || (key === 'prototype' && keys[t - 1] === 'constructor')) throw new Error('banned');"))).toEqual([]);
  });

  it('keys decoded from the input written into a new plain object', () => {
    const decodeMap = (init: string, guard: string) => src(
      'module.exports = function decodeMap(buf, offset, length) {',
      `  var result = ${init};`,
      '  for (var i = 0; i < length; i++) {',
      '    var k = tryDecode(buf, offset); offset += k.bytes;',
      '    var v = tryDecode(buf, offset); offset += v.bytes;',
      '    var key = k.value;',
      guard,
      '    result[key] = v.value;',
      '  }',
      '  return result;',
      '};',
    );
    expect(hits(decodeMap('{}', ''))).toEqual(['8m']);
    expect(hits(decodeMap('Object.create(null)', ''))).toEqual([]);
    expect(hits(decodeMap('{}', "    if (key === '__proto__') continue;"))).toEqual([]);
  });
});

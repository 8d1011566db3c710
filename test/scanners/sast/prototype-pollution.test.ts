import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { prototypePollutionRules } from '../../../src/scanners/sast/rules/prototype-pollution.js';

const FIX = fileURLToPath(new URL('../../fixtures/sast/proto/', import.meta.url));

function run(path: string, source: string) {
  const o = parseSource(path, source);
  if (!o.ok) throw new Error(o.message);
  const api = new ApiNames(o.file.program);
  return prototypePollutionRules.flatMap((r) => r.check(o.file, api).map((h) => ({ ...h, line: o.file.lines.position(h.start).line, rule: r.meta.id.slice(8) })));
}

/** `@expect prototype-pollution-merge` (high) or `@expect prototype-pollution-constructor` (medium) marks. */
function expectedMarks(source: string): string[] {
  return source.split('\n').flatMap((l, i) => {
    const m = /@expect (prototype-pollution-(?:merge|constructor))/.exec(l);
    return m ? [`${i + 1}:${m[1]}`] : [];
  });
}

function expectedLines(source: string): number[] {
  return source.split('\n').flatMap((l, i) => (l.includes('@expect prototype-pollution-merge') ? [i + 1] : []));
}

describe('sast/js/prototype-pollution-merge fixtures', () => {
  for (const file of ['flagged.js', 'clean.js', 'flagged.ts', 'clean.ts']) {
    it(`${file}: exactly the @expect lines`, () => {
      const src = readFileSync(FIX + file, 'utf8');
      const hits = run(file, src);
      expect(hits.map((h) => `${h.line}:${h.rule}`).sort()).toEqual(expectedMarks(src).sort());
    });
  }

  it('the fixtures hold at least 6 flagged and 6 clean functions', () => {
    const flagged = expectedLines(readFileSync(FIX + 'flagged.js', 'utf8'));
    const clean = readFileSync(FIX + 'clean.js', 'utf8').match(/^export (?:function|const|class)/gm) ?? [];
    expect(flagged.length).toBeGreaterThanOrEqual(6);
    expect(clean.length).toBeGreaterThanOrEqual(6);
  });

  it('names the function and the written member in the message', () => {
    const hits = run('a.js', 'function extend(t, s) { for (const k in s) { if (typeof s[k] === "object") extend(t[k], s[k]); else t[k] = s[k]; } }');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.message).toContain('`extend`');
    expect(hits[0]!.message).toContain('`t[k]`');
    expect(hits[0]!.message).toContain('__proto__');
  });

  it('a guard anywhere in the function keeps it clean, whichever dangerous key it names', () => {
    for (const guard of ["if (k === 'constructor') continue;", "if (/^(?:__proto__|prototype)$/.test(k)) continue;", "switch (k) { case 'prototype': continue; }"]) {
      const src = `function extend(t, s) { for (const k in s) { ${guard} if (typeof s[k] === "object") extend(t[k], s[k]); else t[k] = s[k]; } }`;
      expect(run('a.js', src)).toEqual([]);
    }
  });

  it('has complete metadata', () => {
    const m = prototypePollutionRules[0]!.meta;
    expect(m.id).toBe('sast/js/prototype-pollution-merge');
    expect(m.cwe).toEqual([1321]);
    expect(m.severity).toBe('high');
    expect(m.remediation).toContain('__proto__');
  });
});

describe('sast/js/prototype-pollution-merge without bracket assignments in the file', () => {
  it('still sees Reflect.set and Object.assign into target[key]', () => {
    expect(run('a.js', 'function m(t, s) { for (const k in s) { if (typeof s[k] === "object") m(t[k], s[k]); else Reflect.set(t, k, s[k]); } }')).toHaveLength(1);
    expect(run('a.js', 'function apply(cfg, o) { for (const k of Object.keys(o)) Object.assign(cfg[k], o[k]); }')).toHaveLength(1);
    expect(run('a.js', 'function apply(cfg, o) { for (const k of Object.keys(o)) Object.assign(cfg, o[k]); }')).toEqual([]);
  });
});

describe('sast/js/prototype-pollution-merge: a path consumed one key at a time', () => {
  it('a parameter shifted and passed on to the recursion is a path, whatever its name', () => {
    const flagged = [
      'Filler.prototype.fill = function (a, obj, v) {',
      '  var k = a.shift();',
      '  if (a.length > 0) {',
      '    obj[k] = obj[k] || {};',
      '    this.fill(a, obj[k], v);',
      '  } else {',
      '    obj[k] = v;',
      '  }',
      '};',
    ].join('\n');
    expect(run('a.js', flagged).map((h) => `${h.line}:${h.rule}`)).toEqual(['7:prototype-pollution-merge']);
    const guarded = flagged.replace('var k = a.shift();', "var k = a.shift(); if (k === '__proto__' || k === 'constructor' || k === 'prototype') throw new Error('bad key');");
    expect(run('a.js', guarded)).toEqual([]);
  });

  it('a walk whose every caller passes a path from a guard is clean; one unvetted caller keeps it flagged', () => {
    const src = (second: string) => [
      "var banned = ['__proto__', 'constructor', 'prototype'];",
      'function checkedPath(p) { var parts = p.split("."); if (parts.some(function (x) { return banned.indexOf(x) !== -1; })) throw new Error("bad"); return parts; }',
      'function fill(a, obj, v) {',
      '  var k = a.shift();',
      '  if (a.length > 0) { obj[k] = obj[k] || (Array.isArray(v) ? [] : {}); fill(a, obj[k], v); }',
      '  else obj[k] = v;',
      '}',
      'export function set(obj, p, v) { var ok = checkedPath(p); fill(ok.slice(), obj, v); }',
      second,
    ].join('\n');
    expect(run('a.js', src('export function put(obj, p, v) { fill(checkedPath(p), obj, v); }'))).toEqual([]);
    expect(run('a.js', src('export function raw(obj, p, v) { fill(p.split("."), obj, v); }')).map((h) => h.line)).toEqual([6]);
    // Exported, the walk is callable with any path.
    expect(run('a.js', src('').replace('function fill(', 'export function fill(')).map((h) => h.line)).toEqual([6]);
  });

  it('an own-property check through an alias of Object.prototype.hasOwnProperty counts like hasOwn', () => {
    const walkSet = (check: string) => [
      check,
      'export function setPath(obj, path, value) {',
      '  var parts = path.split("."), cur = obj;',
      '  for (var i = 0; i < parts.length - 1; i++) {',
      '    if (!ownProp.call(cur, parts[i])) cur[parts[i]] = {};',
      '    cur = cur[parts[i]];',
      '  }',
      '  cur[parts[parts.length - 1]] = value;',
      '}',
    ].join('\n');
    // Creating every level that is not own re-parents a `__proto__` level instead of entering it.
    expect(run('a.js', walkSet('var ownProp = Object.prototype.hasOwnProperty;'))).toEqual([]);
    // Creating the level only under another condition leaves non-own levels to be walked into.
    expect(run('a.js', walkSet('var ownProp = Object.prototype.hasOwnProperty;').replace('if (!ownProp.call(cur, parts[i]))', 'if (setPath.create && !ownProp.call(cur, parts[i]))')).map((h) => h.line)).toEqual([8]);
    // A comparison joined to the check only picks the step: every non-own level is still created.
    expect(run('a.js', walkSet('var ownProp = Object.prototype.hasOwnProperty;').replace('if (!ownProp.call(cur, parts[i]))', 'if (i < parts.length && !ownProp.call(cur, parts[i]))'))).toEqual([]);
    // A function of that name that checks nothing is no alias.
    expect(run('a.js', walkSet('var ownProp = { call: function () { return true; } };')).map((h) => h.line)).toEqual([8]);
  });

  it('a guard comparing only one fixed step of the path leaves the deeper steps open', () => {
    const setter = (guard: string) => [
      'export function put(obj, pointer, value) {',
      `  ${guard}`,
      '  var part;',
      '  for (var i = 1; i < pointer.length - 1; i++) {',
      '    part = pointer[i];',
      '    if (obj[part] === undefined) obj[part] = {};',
      '    obj = obj[part];',
      '  }',
      '  obj[pointer[pointer.length - 1]] = value;',
      '}',
    ].join('\n');
    // `/a/__proto__/x` passes a check of pointer[1] only.
    expect(run('a.js', setter("if (pointer[1] === '__proto__' || (pointer[1] === 'constructor' && pointer[2] === 'prototype')) return obj;")).map((h) => h.line)).toEqual([9]);
    // Checking every step closes it.
    expect(run('a.js', setter("if (pointer.some(function (p) { return p === '__proto__' || p === 'constructor' || p === 'prototype'; })) return obj;"))).toEqual([]);
  });

  it('a shifted key written without descending is not a path walk', () => {
    expect(run('a.js', 'function register(args, table, v) { var name = args.shift(); table[name] = v; }')).toEqual([]);
  });
});

describe('sast/js/prototype-pollution-merge: a vetted-by-callers walk is still flagged when the file exports it', () => {
  // setPath walks a path; its one in-file caller vets the path first, but other files can call it.
  const walk = (head: string, tail = '') => [
    "function vet(p) { if (/__proto__|constructor|prototype/.test(p)) throw new Error('bad'); return p; }",
    `${head}(obj, path, value) {`,
    '  var parts = path.split("."), cur = obj;',
    '  for (var i = 0; i < parts.length - 1; i++) { cur[parts[i]] = cur[parts[i]] || {}; cur = cur[parts[i]]; }',
    '  cur[parts[parts.length - 1]] = value;',
    '}',
    'function put(obj, p, v) { var ok = vet(p); setPath(obj, ok, v); }',
    tail,
  ].join('\n');
  const lines = (src: string) => run('a.js', src).map((h) => h.line);

  it('exported by module.exports = { … }, export { … }, export default or exports.x', () => {
    expect(lines(walk('function setPath', 'module.exports = { put, setPath };'))).toEqual([5]);
    expect(lines(walk('function setPath', 'module.exports = { put: put, set: setPath };'))).toEqual([5]);
    expect(lines(walk('function setPath', 'export { put, setPath as set };'))).toEqual([5]);
    expect(lines(walk('function setPath', 'export default setPath;'))).toEqual([5]);
    expect(lines(walk('export function setPath'))).toEqual([5]);
    expect(lines(walk('var setPath = exports.setPath = function'))).toEqual([5]);
    expect(lines(walk('function setPath', 'var api = { put: put, setPath: setPath }; module.exports = api;'))).toEqual([5]);
  });

  // The same walk as a member, called through `this` by a vetting sibling.
  const body = [
    '(obj, path, value) {',
    '    var parts = path.split("."), cur = obj;',
    '    for (var i = 0; i < parts.length - 1; i++) { cur[parts[i]] = cur[parts[i]] || {}; cur = cur[parts[i]]; }',
    '    cur[parts[parts.length - 1]] = value;',
    '  }',
  ].join('\n');
  const vet = "function vet(p) { if (/__proto__|constructor|prototype/.test(p)) throw new Error('bad'); return p; }";
  const inClass = (name: string, call = name) => [vet, 'class Store {', `  ${name}${body}`, `  put(obj, p, v) { var ok = vet(p); this.${call}(obj, ok, v); }`, '}', 'module.exports = Store;'].join('\n');

  it('a public prototype or class member is callable on every instance', () => {
    const proto = [vet, 'function Store() {}', `Store.prototype.setPath = function ${body};`, 'Store.prototype.put = function (obj, p, v) { var ok = vet(p); this.setPath(obj, ok, v); };', 'module.exports = Store;'].join('\n');
    expect(lines(proto)).toEqual([6]);
    expect(lines(inClass('setPath'))).toEqual([6]);
    const literal = [vet, 'module.exports = {', `  setPath${body},`, '  put(obj, p, v) { var ok = vet(p); this.setPath(obj, ok, v); }', '};'].join('\n');
    expect(lines(literal)).toEqual([6]);
  });

  it('clean: not exported, or a member its author marks internal (_setPath, #setPath)', () => {
    expect(lines(walk('function setPath', 'module.exports = { put };'))).toEqual([]);
    expect(lines(walk('function setPath', 'export { put };'))).toEqual([]);
    const proto = [vet, 'function Store() {}', `Store.prototype._setPath = function ${body};`, 'Store.prototype.put = function (obj, p, v) { var ok = vet(p); this._setPath(obj, ok, v); };', 'module.exports = Store;'].join('\n');
    expect(lines(proto)).toEqual([]);
    expect(lines(inClass('#setPath'))).toEqual([]);
  });
});

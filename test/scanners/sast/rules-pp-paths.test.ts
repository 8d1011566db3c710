import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { prototypePollutionRules } from '../../../src/scanners/sast/rules/prototype-pollution.js';

function lines(path: string, source: string): number[] {
  const o = parseSource(path, source);
  if (!o.ok) throw new Error(o.message);
  const api = new ApiNames(o.file.program);
  return prototypePollutionRules.flatMap((r) => r.check(o.file, api).map((h) => o.file.lines.position(h.start).line));
}

/** Path-setter guards that leave the walk open, and the ones that close it (written by us). */
describe('sast/js/prototype-pollution: path guards', () => {
  it('a strict === check of steps is bypassed by an array step when callers may pass arrays; == or String() closes it', () => {
    const body = (cmp: string, coerce: string) => `function putIn(target, route, value) {
  const steps = Array.isArray(route) ? route : route.split('/');
  let at = target;
  for (let i = 0; i < steps.length - 1; i++) {
    let step = steps[i];${coerce}
    if (step ${cmp} '__proto__' || step ${cmp} 'constructor' || step ${cmp} 'prototype') return;
    if (!(step in at)) at[step] = {};
    at = at[step];
  }
  at[steps[steps.length - 1]] = value;
}
module.exports = putIn;`;
    expect(lines('a.js', body('===', ''))).toEqual([10]);
    expect(lines('a.js', body('==', ''))).toEqual([]);
    expect(lines('a.js', body('===', "\n    if (typeof step !== 'string') step = String(step);"))).toEqual([]);
  });

  it('a strict guard helper is bypassed the same way; without array paths the steps are split strings', () => {
    const src = (parts: string, cmp: string) => `const isBad = (k) => k ${cmp} '__proto__' || k ${cmp} 'constructor';
function walkTo(obj, parts, len, v) {
  let cur = obj;
  let i = 0;
  for (; i < len - 1; i++) {
    if (isBad(parts[i])) continue;
    cur = typeof cur[parts[i]] === 'object' ? cur[parts[i]] : (cur[parts[i]] = {});
  }
  cur[parts[i]] = v;
  return obj;
}
module.exports = (obj, path, v) => {
  const parts = ${parts};
  return walkTo(obj, parts, parts.length, v);
};`;
    expect(lines('b.js', src("Array.isArray(path) ? path : String(path).split('.')", '==='))).toEqual([9]);
    expect(lines('b.js', src("Array.isArray(path) ? path : String(path).split('.')", '=='))).toEqual([]);
    expect(lines('b.js', src("String(path).split('.')", '==='))).toEqual([]);
  });

  it('checking only the last key leaves the walked steps open; checking every step closes it', () => {
    expect(lines('c.js', `exports.assignPath = (object, dotted, value) => {
  const pieces = dotted.split('.');
  let ref = object;
  pieces.forEach((piece, index) => {
    if (index === pieces.length - 1) return;
    if (!ref[piece]) ref[piece] = {};
    ref = ref[piece];
  });
  const lastPiece = pieces[pieces.length - 1];
  if (lastPiece !== '__proto__' && lastPiece !== 'constructor') {
    ref[lastPiece] = value;
  }
  return object;
};
exports.assignPathChecked = (object, dotted, value) => {
  const pieces = dotted.split('.');
  let ref = object;
  for (let i = 0; i < pieces.length - 1; i++) {
    const piece = pieces[i];
    if (piece === '__proto__' || piece === 'constructor' || piece === 'prototype') return object;
    if (!ref[piece]) ref[piece] = {};
    ref = ref[piece];
  }
  const lastPiece = pieces[pieces.length - 1];
  if (lastPiece !== '__proto__' && lastPiece !== 'constructor') ref[lastPiece] = value;
  return object;
};`)).toEqual([11]);
  });
  it('a path carried inside an object (destructured or read from a member) is walked like a path parameter', () => {
    expect(lines('d.js', `const read = (o, k) => (o instanceof Map ? o.get(k) : o[k]);
function applyOps(doc, ops) {
  ops.forEach((op) => {
    const { path, value } = op;
    let level = doc;
    for (let i = 0; i < path.length - 1; i++) level = read(level, path[i]);
    const last = path[path.length - 1];
    level[last] = value;
  });
}
function applyChanges(doc, changes) {
  changes.forEach((change) => {
    let at = doc;
    const keys = change.key;
    keys.forEach((step, i) => {
      if (!(step in at)) at[step] = {};
      if (i < keys.length - 1) at = at[step];
      else at[step] = change.value;
    });
  });
}
module.exports = { applyOps, applyChanges };`)).toEqual([8, 18]);
  });

  it('the same walks with own-property checks, or over a fixed list of names, stay clean', () => {
    expect(lines('e.js', `function applyChanges(doc, changes) {
  changes.forEach((change) => {
    let at = doc;
    const keys = change.key;
    keys.forEach((step, i) => {
      if (!(step in at)) at[step] = {};
      if (i < keys.length - 1 && at.hasOwnProperty(step)) at = at[step];
      else if (at.hasOwnProperty(step)) at[step] = change.value;
    });
  });
}
function labels(doc, rows) {
  const { keys } = rows;
  for (const r of rows.items) doc[r.name] = r.value;
  return keys;
}
module.exports = { applyChanges, labels };`)).toEqual([]);
  });
  it('a path split by an in-file parser is walked like a split path; a parser returning other values is not one', () => {
    const src = (ret: string) => `function steps(spec) {
  if (!spec) return [];
  if (Array.isArray(spec)) return spec.slice(0);
  ${ret}
}
function place(root, spec, value) {
  spec = steps(spec);
  const leaf = spec.pop();
  let at = root;
  for (let i = 0; i < spec.length; i++) {
    const step = spec[i];
    if (at[step] === undefined) at[step] = {};
    at = at[step];
  }
  at[leaf] = value;
  return at;
}
module.exports = { place };`;
    expect(lines('f.js', src("return spec.split('.');"))).toEqual([15]);
    expect(lines('f.js', src("return lookupSpec(spec);"))).toEqual([]);
  });
  it('a strict check of split steps stays a guard even when another function of the file tests Array.isArray', () => {
    expect(lines('g.js', `function copyInto(dst, src) {
  for (const k of Object.keys(src)) dst[k] = src[k] && Array.isArray(src[k]) ? src[k] : [];
  return dst;
}
function putAt(root, dotted, value) {
  const parts = dotted.split('.');
  let at = root;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === 'prototype' || parts[i] === '__proto__' || parts[i] === 'constructor') throw new Error('bad key');
    if (i === parts.length - 1) at[parts[i]] = value;
    else at[parts[i]] = at[parts[i]] || {};
    at = at[parts[i]];
  }
  return root;
}
const x = Array.isArray(copyInto) ? copyInto : putAt;
module.exports = { copyInto, putAt, x };`)).toEqual([]);
  });
});

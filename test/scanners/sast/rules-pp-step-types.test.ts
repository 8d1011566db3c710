import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { prototypePollutionRules } from '../../../src/scanners/sast/rules/prototype-pollution.js';

function lines(source: string): number[] {
  const o = parseSource('a.js', source);
  if (!o.ok) throw new Error(o.message);
  const api = new ApiNames(o.file.program);
  return [...new Set(prototypePollutionRules.flatMap((r) => r.check(o.file, api).map((h) => o.file.lines.position(h.start).line)))].sort((a, b) => a - b);
}

/**
 * A strict === step check is bypassed by an array step (`[['__proto__']]`) only when array path can
 * reach the walk: a per-step typeof check over the caller's path array that rejects other types
 * closes it (examples written by us).
 */
describe('sast/js/prototype-pollution: per-step type checks of a path array', () => {
  const src = (stepCheck: string) => `function writeAt(target, path, value) {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    if (path[i] === '__proto__' || path[i] === 'constructor' || path[i] === 'prototype') return target;
    if (node[path[i]] === undefined) node[path[i]] = {};
    node = node[path[i]];
  }
  node[path[path.length - 1]] = value;
  return target;
}
function toSteps(keys) {
  if (typeof keys === 'string') return keys.split('.');
  if (Array.isArray(keys)) {
${stepCheck}
    return keys;
  }
  throw new TypeError('bad keys');
}
function assign(target, keys, value) {
  return writeAt(target, toSteps(keys), value);
}
module.exports = { assign };`;

  it('without a step type check, array steps pass === and the walk is reported', () => {
    expect(lines(src('    // any item goes')).length).toBeGreaterThan(0);
  });

  it('a loop that throws on a step that is not a string or number closes it', () => {
    expect(lines(src(`    for (const s of keys) {
      if (typeof s !== 'string' && typeof s !== 'number') throw new TypeError('bad step');
    }`))).toEqual([]);
  });

  it('a forEach that skips such path by returning closes it too', () => {
    expect(lines(src(`    keys.forEach((s) => { if (typeof s !== 'string') throw new TypeError('bad step'); });`))).toEqual([]);
  });
});

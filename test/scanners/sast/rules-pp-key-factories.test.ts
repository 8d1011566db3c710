/** sast/js/prototype-pollution-merge: a merge whose per-key callback is a named function or made by a factory. */
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { prototypePollutionRules } from '../../../src/scanners/sast/rules/prototype-pollution.js';

function lines(src: string): number[] {
  const o = parseSource('lib/merge.js', src);
  if (!o.ok) throw new Error(o.message);
  const api = new ApiNames(o.file.program);
  return prototypePollutionRules.flatMap((r) => r.check(o.file, api)).map((h) => o.file.lines.position(h.start).line).sort((a, b) => a - b);
}

describe('prototype-pollution: keys handed to a callback a factory makes', () => {
  it('Object.keys(src).forEach(copier(dst, src)) recursing through the module export is flagged', () => {
    expect(lines(`exports.deep = function (dst) {
  var sources = [].slice.call(arguments, 1);
  sources.forEach(function (src) {
    Object.keys(src).forEach(copier(dst, src));
  });
  return dst;
};
function copier(dst, src) {
  return function (name) {
    if (typeof src[name] === 'object' && src[name]) {
      if (typeof dst[name] !== 'object') dst[name] = {};
      exports.deep(dst[name], src[name]);
    } else {
      dst[name] = src[name];
    }
  };
}`)).toEqual([14]);
  });

  it('the same factory skipping __proto__, constructor and prototype is clean', () => {
    expect(lines(`exports.deep = function (dst) {
  var sources = [].slice.call(arguments, 1);
  sources.forEach(function (src) {
    Object.keys(src).forEach(copier(dst, src));
  });
  return dst;
};
function copier(dst, src) {
  return function (name) {
    if (name === '__proto__' || name === 'constructor' || name === 'prototype') return;
    if (typeof src[name] === 'object' && src[name]) {
      if (typeof dst[name] !== 'object') dst[name] = {};
      exports.deep(dst[name], src[name]);
    } else {
      dst[name] = src[name];
    }
  };
}`)).toEqual([]);
  });

  it('a shallow copy through a key factory (no recursion) is clean', () => {
    expect(lines(`exports.assign = function (dst, src) {
  Object.keys(src).forEach(setter(dst, src));
  return dst;
};
function setter(dst, src) {
  return function (name) { dst[name] = src[name]; };
}`)).toEqual([]);
  });
});

describe('prototype-pollution: a path walk through an unwrapped level', () => {
  it('cur = tmp[part] with tmp = cur[special] || cur, then cur[last] = v, is flagged despite a __proto__-only check', () => {
    expect(lines(`exports.set = function (path, val, o, special) {
  var parts = typeof path === 'string' ? path.split('.') : path;
  for (var i = 0; i < parts.length; ++i) if (parts[i] === '__proto__') return;
  var obj = o, part;
  for (var i = 0, len = parts.length - 1; i < len; ++i) {
    part = parts[i];
    var tmp = special && obj[special] ? obj[special] : obj;
    obj = tmp[part];
    if (!obj) return;
  }
  part = parts[len];
  obj[part] = val;
};`)).toEqual([12]);
  });

  it('the same walk rejecting constructor and prototype as well is clean', () => {
    expect(lines(`var ignored = ['__proto__', 'constructor', 'prototype'];
exports.set = function (path, val, o, special) {
  var parts = typeof path === 'string' ? path.split('.') : path;
  for (var i = 0; i < parts.length; ++i) if (ignored.indexOf(parts[i]) !== -1) return;
  var obj = o, part;
  for (var i = 0, len = parts.length - 1; i < len; ++i) {
    part = parts[i];
    var tmp = special && obj[special] ? obj[special] : obj;
    obj = tmp[part];
    if (!obj) return;
  }
  part = parts[len];
  obj[part] = val;
};`)).toEqual([]);
  });
});

describe('prototype-pollution: a path splitter that vets the segments through a helper', () => {
  const setter = `module.exports.set = function (object, path, value) {
  const parts = getPathSegments(path);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (typeof object[p] !== 'object') object[p] = {};
    if (i === parts.length - 1) object[p] = value;
    object = object[p];
  }
  return object;
};`;

  it('segments split without any check: the setter is flagged', () => {
    expect(lines(`function getPathSegments(path) {
  return path.split('.');
}
${setter}`)).toEqual([9]);
  });

  it('segments refused when a helper finds a forbidden key: clean', () => {
    expect(lines(`const forbidden = ['__proto__', 'prototype', 'constructor'];
const isValidPath = (segments) => !segments.some((s) => forbidden.includes(s));
function getPathSegments(path) {
  const parts = path.split('.');
  if (!isValidPath(parts)) return [];
  return parts;
}
${setter}`)).toEqual([]);
  });
});

describe('prototype-pollution: a path walk refusing __proto__ and stepping only into plain objects', () => {
  const walkWith = (check: string) => `module.exports.unflatten = function (target) {
  const result = {};
  Object.keys(target).forEach(function (key) {
    const parts = key.split('.');
    let k1 = parts.shift();
    let k2 = parts[0];
    let at = result;
    while (k2 !== undefined) {
      ${check}
      const type = Object.prototype.toString.call(at[k1]);
      if (type !== '[object Object]' && type !== '[object Array]') at[k1] = {};
      at = at[k1];
      k1 = parts.shift();
      k2 = parts[0];
    }
    at[k1] = target[key];
  });
  return result;
};`;

  it('without the __proto__ check the last write is flagged', () => {
    expect(lines(walkWith(''))).toEqual([16]);
  });

  it('with it, a walk that replaces anything but a plain object or array is clean', () => {
    expect(lines(walkWith("if (k1 === '__proto__') return;"))).toEqual([]);
  });
});

describe('prototype-pollution: a guard counts only where it decides the write', () => {
  const guard = `const BLOCKED = ['__proto__', 'constructor', 'prototype'];
function isBlocked(k) { return BLOCKED.includes(k); }
`;
  const merge = (call: string) => `function merge(dst, src) {
  for (const k in src) {
    ${call}
    if (typeof src[k] === 'object' && src[k]) { if (!dst[k]) dst[k] = {}; merge(dst[k], src[k]); }
    else dst[k] = src[k];
  }
  return dst;
}
module.exports = merge;
`;

  it('a helper that only logs a blocked key, one that only counts it, and a check in the merge that only warns: flagged', () => {
    expect(lines(`${guard}function note(k) { if (isBlocked(k)) console.warn('odd key', k); }
${merge('note(k);')}`)).toEqual([8]);
    expect(lines(`${guard}const counts = [];
function stats(k) { counts.push(isBlocked(k) ? 'b' : 'o'); }
${merge('stats(k);')}`)).toEqual([9]);
    expect(lines(`${guard}${merge("if (isBlocked(k)) console.warn('odd key', k);")}`)).toEqual([7]);
  });

  it('a helper that throws on a blocked key, a check in the merge that skips it, keys taken from a vetting helper: clean', () => {
    expect(lines(`${guard}function assertKey(k) { if (isBlocked(k)) throw new Error('bad key ' + k); }
${merge('assertKey(k);')}`)).toEqual([]);
    expect(lines(`${guard}${merge("if (isBlocked(k)) { console.warn('odd key', k); continue; }")}`)).toEqual([]);
    expect(lines(`${guard}function keysOf(o) { return Object.keys(o).filter((k) => !isBlocked(k)); }
function merge(dst, src) {
  const keys = keysOf(src);
  for (const k of keys) {
    if (typeof src[k] === 'object' && src[k]) { if (!dst[k]) dst[k] = {}; merge(dst[k], src[k]); }
    else dst[k] = src[k];
  }
  return dst;
}
module.exports = merge;
`)).toEqual([]);
  });
});

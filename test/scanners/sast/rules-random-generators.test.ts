/** sast/js/insecure-randomness: Math.random() inside a function that is a random-bytes generator. */
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { insecureRandomness } from '../../../src/scanners/sast/rules/insecure-randomness.js';

function lines(src: string): number[] {
  const o = parseSource('lib/gen.js', src);
  if (!o.ok) throw new Error(o.message);
  return insecureRandomness.check(o.file, new ApiNames(o.file.program)).map((h) => o.file.lines.position(h.start).line).sort((a, b) => a - b);
}

describe('insecure-randomness: random-bytes generators built on Math.random', () => {
  it('an rng fallback cutting Math.random() into bytes is flagged', () => {
    expect(lines(`var rng;
if (typeof crypto !== 'undefined' && crypto.getRandomValues) {
  rng = function () { var b = new Uint8Array(16); crypto.getRandomValues(b); return b; };
}
if (!rng) {
  var bytes = new Array(16);
  rng = function () {
    for (var i = 0, r; i < 16; i++) {
      if ((i & 3) === 0) r = Math.random() * 0x100000000;
      bytes[i] = (r >>> ((i & 3) << 3)) & 0xff;
    }
    return bytes;
  };
}
module.exports = rng;`)).toEqual([9]);
  });

  it('randomBytes / getRandomValues polyfills are flagged by their name alone', () => {
    expect(lines(`exports.randomBytes = function (n) {
  var out = [];
  for (var i = 0; i < n; i++) out.push(Math.floor(Math.random() * 250));
  return out;
};
function getRandomValues(arr) {
  for (var i = 0; i < arr.length; i++) arr[i] = Math.random() * 100 | 0;
  return arr;
}`)).toEqual([3, 7]);
  });

  it('a dice rng that does not cut bytes, and a plain random helper, are clean', () => {
    expect(lines(`function rng(min, max) {
  return min + Math.floor(Math.random() * (max - min + 1));
}
function randomColor() {
  return 'hsl(' + Math.floor(Math.random() * 360) + ', 50%, 50%)';
}
function random(n) { return Math.random() * n; }
module.exports = { rng, randomColor, random };`)).toEqual([]);
  });
});

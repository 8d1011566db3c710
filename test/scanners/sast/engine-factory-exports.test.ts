import { describe, expect, it } from 'vitest';
import { ALL_LABELS, brief, run } from './engine-helpers.js';

function lib(src: string) {
  return brief(run(src, { path: 'lib/index.js', labels: ALL_LABELS })).filter((b) => b.label === 'library-input');
}

describe('taint engine: methods set on an object a factory returns are library entry points', () => {
  it('api.tools.parse = function (x) { eval(x) } … return api, in an exporting file', () => {
    expect(lib(`var Factory = function (opts) {
  var api = { tools: {}, get: {} };
  api.tools.parse = function (response) {
    var data = response.substring(1);
    return eval('(' + data + ')');
  };
  api.get.run = function (code) { return eval(code); };
  api.get.safe = function (code) { return eval('1 + 1'); };
  return api;
};
exports.Factory = Factory;`)).toEqual([
      { kind: 'code-injection', sink: 5, source: 3, label: 'library-input' },
      { kind: 'code-injection', sink: 7, source: 7, label: 'library-input' },
    ]);
  });

  it('nothing when the object is not returned, or the file exports nothing', () => {
    expect(lib(`function setup() {
  var local = {};
  local.run = function (code) { return eval(code); };
  return 1;
}
module.exports = setup;`)).toEqual([]);
    expect(lib(`function make() {
  var api = {};
  api.run = function (code) { return eval(code); };
  return api;
}
make();`)).toEqual([]);
  });
});

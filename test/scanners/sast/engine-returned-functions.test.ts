import { describe, expect, it } from 'vitest';
import { ALL_LABELS, brief, run } from './engine-helpers.js';

function lib(src: string) {
  return brief(run(src, { path: 'lib/index.js', labels: ALL_LABELS })).filter((b) => b.label === 'library-input');
}

/**
 * `module.exports = function (db) { return function search(opts) {…} }`: the function an exported
 * factory returns is what the library's caller calls, so its parameters are library input too.
 */
describe('taint engine: a function an exported factory returns is a library entry point', () => {
  it('its option compiled with eval is flagged', () => {
    expect(lib(`module.exports = function (db) {
  return function search(opts) {
    if (opts.filter) eval(opts.filter);
    return db.find(opts);
  };
};`)).toEqual([{ kind: 'code-injection', sink: 3, source: 2, label: 'library-input' }]);
  });

  it('a returned function evaluating only literals, or a factory the file does not export, is clean', () => {
    expect(lib(`module.exports = function (db) {
  return function search(opts) {
    eval('1 + 1');
    return db.find(opts);
  };
};`)).toEqual([]);
    expect(lib(`function make(db) {
  return function search(opts) { eval(opts.filter); };
}
make(1)({ filter: '1' });`)).toEqual([]);
  });

  it('the (req, res, next) handler of a middleware factory is left to the framework models', () => {
    expect(lib(`module.exports = function (options) {
  return function (req, res, next) { eval(req.query.x); next(); };
};`)).toEqual([]);
  });
});

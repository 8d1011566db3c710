import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { ALL_LABELS, brief, run } from './engine-helpers.js';

/** Library-input hits of a package file, with the real models. */
function lib(src: string) {
  return brief(run(src, { path: 'lib/compile.js', labels: ALL_LABELS, models: MODELS })).filter((b) => b.label === 'library-input');
}

/**
 * Template compilers pick their constructor between Function and an AsyncFunction getter
 * (`opts.async ? getAsyncCtor() : Function`): the value joins a call's result with Function, and
 * `new ctor(opts.varName, src)` still compiles the caller's option as code.
 */
describe('taint engine: a code constructor chosen between Function and a call result', () => {
  it('a conditional with the getter first still calls Function', () => {
    expect(lib(`function asyncCtor() {
  return new Function('return (async function(){}).constructor')();
}
exports.compile = function (str, options) {
  var ctor = options.async ? asyncCtor() : Function;
  return new ctor(options.varName, 'E', 'return 1');
};`)).toEqual([{ kind: 'code-injection', sink: 6, source: 4, label: 'library-input' }]);
  });

  it('if/else assigning the getter first, then Function, still calls Function', () => {
    expect(lib(`exports.compile = function (str, opts) {
  var ctor;
  if (opts.async) {
    ctor = (new Function('return (async function(){}).constructor;'))();
  } else {
    ctor = Function;
  }
  return new ctor(opts.localsName + ', escapeFn', 'return 1');
};`)).toEqual([{ kind: 'code-injection', sink: 8, source: 1, label: 'library-input' }]);
  });

  it('the same choice given only literal parameter names is clean', () => {
    expect(lib(`function asyncCtor() {
  return new Function('return (async function(){}).constructor')();
}
exports.compile = function (str, options) {
  var ctor = options.async ? asyncCtor() : Function;
  return new ctor('it', 'E', 'return 1');
};`)).toEqual([]);
  });

  it('a call result joined with another call result keeps no Function identity', () => {
    expect(lib(`exports.make = function (opts) {
  var Ctor = opts.fast ? makeFast() : makeSlow();
  return new Ctor(opts.name);
};`)).toEqual([]);
  });
});

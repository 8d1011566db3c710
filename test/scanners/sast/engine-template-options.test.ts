import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { ALL_LABELS, brief, run } from './engine-helpers.js';

/** Library-input hits of a package file, with the real models. */
function lib(src: string) {
  return brief(run(src, { path: 'lib/engine.js', labels: ALL_LABELS, models: MODELS })).filter((b) => b.label === 'library-input');
}

/**
 * A template engine's options pasted into the source it compiles (`var ' + opts.outputFunctionName
 * + ' = …'`): the caller's option runs as code. The source is often built across prototype methods.
 */
describe('taint engine: template engine options in the generated function source', () => {
  it('an option kept in this.opts and appended to this.source in another method reaches new Function', () => {
    expect(lib(`function Template(text, opts) {
  opts = opts || {};
  this.opts = { localsName: opts.localsName || 'locals', outputFunctionName: opts.outputFunctionName };
  this.source = '';
}
Template.prototype = {
  compile: function () {
    this.generateSource();
    return new Function('locals', this.source);
  },
  generateSource: function () {
    var o = this.opts;
    if (o.outputFunctionName) this.source += '  var ' + o.outputFunctionName + ' = __append;';
  }
};
exports.compile = function (template, opts) { return new Template(template, opts).compile(); };`)).toEqual([
      { kind: 'code-injection', sink: 9, source: 1, label: 'library-input' },
    ]);
  });

  it('checked to be a JS identifier before it is pasted: clean', () => {
    expect(lib(`var JS_IDENT = /^[a-zA-Z_$][0-9a-zA-Z_$]*$/;
function Template(text, opts) {
  opts = opts || {};
  this.opts = { outputFunctionName: opts.outputFunctionName };
  this.source = '';
}
Template.prototype = {
  compile: function () {
    this.generateSource();
    return new Function('locals', this.source);
  },
  generateSource: function () {
    var o = this.opts;
    if (o.outputFunctionName) {
      if (!JS_IDENT.test(o.outputFunctionName)) throw new Error('outputFunctionName is not a valid JS identifier');
      this.source += '  var ' + o.outputFunctionName + ' = __append;';
    }
  }
};
exports.compile = function (template, opts) { return new Template(template, opts).compile(); };`)).toEqual([]);
  });

  it('Function.apply / Function.call with the parameter names and body from options are flagged', () => {
    expect(lib(`exports.compile = function (str, config) {
  var src = "var tR='',include=" + config.varName + ".include;";
  return Function.apply(null, [config.varName, 'E', src]);
};
exports.compileCall = function (str, config) {
  return Function.call(null, 'it', 'var x = ' + config.name + ';');
};`)).toEqual([
      { kind: 'code-injection', sink: 3, source: 1, label: 'library-input' },
      { kind: 'code-injection', sink: 6, source: 5, label: 'library-input' },
    ]);
  });

  it('Function.apply with fixed names and a checked option is clean', () => {
    expect(lib(`exports.compile = function (str, config) {
  var name = /^[\\w$]+$/.test(config.varName) ? config.varName : 'it';
  return Function.apply(null, [name, 'E', 'return ' + JSON.stringify(String(str)) + ';']);
};`)).toEqual([]);
  });
});

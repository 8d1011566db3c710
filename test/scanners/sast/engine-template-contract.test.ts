import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { ALL_LABELS, brief, run } from './engine-helpers.js';

/** Code-injection library-input hits of a package file, with the real models. */
function lib(src: string) {
  return brief(run(src, { path: 'lib/engine.js', labels: ALL_LABELS, models: MODELS }))
    .filter((b) => b.label === 'library-input' && b.kind === 'code-injection')
    .map((b) => b.sink);
}

/**
 * A package whose exports.a pastes options.variable as a parameter name (line 6) after
 * `if (forVariable.test(variable)) throw`, and exports.b options.name into a body (line 11) after
 * `if (forName.test(name)) throw`; the two regexes are source text.
 */
function failedChecks(forVariable: string, forName: string): string {
  return `var RE_A = ${forVariable};
var RE_B = ${forName};
exports.a = function (options) {
  var variable = options.variable;
  if (RE_A.test(variable)) throw new Error('bad variable');
  return Function(variable, 'return 1');
};
exports.b = function (options) {
  var name = options.name;
  if (RE_B.test(name)) throw new Error('bad name');
  return new Function('return ' + name);
};`;
}

/**
 * Code generators whose caller owns the template, and option values checked before they are
 * pasted into the generated code (written by us after the shapes of template engines).
 */
describe('taint engine: template compilers and checked options', () => {
  it("a template compiler's template text is its contract; an option pasted unchecked is not", () => {
    expect(lib(`var INTERPOLATE = /<%=([\\s\\S]+?)%>/g;
exports.compile = function (template, opts) {
  var src = "var out='" + template.replace(/'/g, "\\\\'") + "'; return out;";
  return new Function('it', src);
};
exports.template = function (tpl, opts) {
  var src = "var out='" + tpl.replace(/'/g, "\\\\'") + "'; return out;";
  return new Function(opts.varName, src);
};`)).toEqual([8]);
  });

  it("an expression compiler's compile(src) is no template engine: no delimiters in the file, its input pasted into code is reported", () => {
    expect(lib(`exports.compile = function (src) {
  return new Function('scope', 'with (scope) { return (' + src + '); }');
};`)).toEqual([2]);
  });

  it('the same text in a function that is no template compiler, or a path pasted into code, is reported', () => {
    expect(lib(`exports.evaluate = function (template) {
  return new Function('it', 'return ' + template);
};
exports.getter = function (path) {
  return new Function('o', 'return o.' + path);
};`)).toEqual([2, 5]);
  });

  it('an identifier check with a group holding an alternation (/^\\s*(\\w|\\$)+\\s*$/) cleans; without the check it is reported', () => {
    expect(lib(`var bareIdentifier = /^\\s*(\\w|\\$)+\\s*$/;
exports.checked = function (settings) {
  var argument = settings.variable;
  if (!bareIdentifier.test(argument)) throw new Error(argument);
  return new Function(argument, 'return 1');
};
exports.unchecked = function (settings) {
  return new Function(settings.variable, 'return 1');
};`)).toEqual([8]);
  });

  it('a top-level alternation (/^a|b$/) anchors one side only: still reported', () => {
    expect(lib(`var loose = /^[a-z]+|[0-9]+$/;
exports.f = function (settings) {
  var v = settings.variable;
  if (!loose.test(v)) throw new Error(v);
  return new Function(v, 'return 1');
};`)).toEqual([5]);
  });

  it('a block-list of characters naming both parentheses, or a negated class, failed before the paste: clean', () => {
    expect(lib(failedChecks('/[()=,{}\\[\\]\\/\\s]/', '/[^\\w]/'))).toEqual([]);
  });

  it('a block-list without parentheses, or a negated class that allows quotes and parentheses, does not clean', () => {
    expect(lib(failedChecks('/[\\s]/', `/[^\\w'"()]/`))).toEqual([6, 11]);
  });

  it('an optional option checked when present (x && !ID.test(x)) is clean; a check of another value is not', () => {
    expect(lib(`var ID = /^[a-zA-Z_$][0-9a-zA-Z_$]*$/;
exports.a = function (opts) {
  if (opts.localsName && !ID.test(opts.localsName)) throw new Error('bad');
  return new Function(opts.localsName + ', escapeFn', 'return 1');
};
exports.b = function (opts) {
  if (opts.strict && !ID.test(opts.other)) throw new Error('bad');
  return new Function(opts.localsName + ', escapeFn', 'return 1');
};`)).toEqual([8]);
  });

  it('every element checked by a throwing forEach/arrayEach callback is clean; a callback that only logs is not', () => {
    expect(lib(`var FORBIDDEN = /[()=,{}\\[\\]\\/\\s]/;
function arrayEach(a, f) { for (var i = 0; i < a.length; i++) f(a[i], i); return a; }
exports.a = function (options) {
  var keys = Object.keys(options.imports);
  keys.forEach(function (k) { if (FORBIDDEN.test(k)) throw new Error('bad import'); });
  return Function(keys, 'return 1');
};
exports.b = function (options) {
  var keys = Object.keys(options.imports);
  arrayEach(keys, function (key) {
    if (FORBIDDEN.test(key)) {
      throw new Error('bad import');
    }
  });
  return Function(keys, 'return 1');
};
exports.c = function (options) {
  var keys = Object.keys(options.imports);
  keys.forEach(function (k) { if (FORBIDDEN.test(k)) console.warn('odd import', k); });
  return Function(keys, 'return 1');
};`)).toEqual([20]);
  });

  it('a name escaped for a JavaScript string literal (js-string-escape) before the paste is clean', () => {
    expect(lib(`var escape = require('js-string-escape');
exports.rowCtor = function (fields) {
  var body = '';
  for (var i = 0; i < fields.length; i++) body += "this['" + escape(fields[i].name) + "'] = row[" + i + '];';
  return Function('row', body);
};
exports.rawCtor = function (fields) {
  var body = '';
  for (var i = 0; i < fields.length; i++) body += "this['" + fields[i].name + "'] = row[" + i + '];';
  return Function('row', body);
};`)).toEqual([10]);
  });

  it('jsesc with its default options (single quotes) leaves " and ` alone: still reported', () => {
    expect(lib(`var jsesc = require('jsesc');
exports.rowCtor = function (fields) {
  var body = '';
  for (var i = 0; i < fields.length; i++) body += 'this["' + jsesc(fields[i].name) + '"] = row[' + i + '];';
  return Function('row', body);
};`)).toEqual([5]);
  });
});

import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { ALL_LABELS, brief, run } from './engine-helpers.js';

/** Hits of a markdown-it plugin file (a package: its caller's markdown is the input). */
function lib(src: string) {
  return brief(run(src, { path: 'src/index.js', labels: ALL_LABELS, models: MODELS })).map((h) => `${h.kind}@${h.sink}`);
}

describe('taint engine: markdown-it render rules return HTML', () => {
  it('token text returned raw on a fallback path of a helper, or glued into markup by the rule, is XSS', () => {
    expect(lib(`const mathjax = require('some-math');
function renderMath(text, opts) {
  try {
    return mathjax.toSvg(text, opts);
  } catch (e) {
    return text;
  }
}
module.exports = function plugin(md, opts) {
  md.renderer.rules.math = function (tokens, idx) {
    return renderMath(tokens[idx].content, opts) + '\\n';
  };
  md.renderer.rules.note = (tokens, idx) => '<aside class="note">' + tokens[idx].content + '</aside>';
};`)).toEqual(['xss@6', 'xss@13']);
  });

  it('escaped token text, a helper that escapes on every path, and non-rule functions are clean', () => {
    expect(lib(`const escapeHtml = require('escape-html');
function renderMath(text) {
  try {
    return '<span class="m">' + escapeHtml(text) + '</span>';
  } catch (e) {
    return '<code>' + md.utils.escapeHtml(text) + '</code>';
  }
}
function compile(text) {
  return 'return ' + JSON.stringify(text);
}
module.exports = function plugin(md) {
  md.renderer.rules.math = function (tokens, idx) {
    return renderMath(tokens[idx].content);
  };
  md.renderer.rules.note = (tokens, idx) => '<aside>' + md.utils.escapeHtml(tokens[idx].content) + '</aside>';
  md.core.ruler.push('x', (state) => compile(state.src));
};`)).toEqual([]);
  });
});

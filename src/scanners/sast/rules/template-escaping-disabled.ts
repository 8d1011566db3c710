/**
 * Template engines told not to HTML-escape: Handlebars `noEscape: true`, nunjucks/swig
 * `autoescape: false`, an identity `escape` function for ejs/underscore-style engines, and
 * replacing Mustache.escape or Handlebars' escapeExpression with one. Every `{{value}}` then
 * renders raw HTML.
 */
import type { AstHit, AstRule } from './types.js';
import { memberName, unwrap } from '../ir/api-names.js';
import { type N, type Parents, boolValue, factsOf, hitAt, isIdentityFunction, keyName, propsKeyed } from './ast-facts.js';

// Options whose false value turns escaping off (nunjucks, swig, twig, dust-like engines).
const AUTOESCAPE = new Set(['autoescape', 'autoEscape']);
const ESCAPE_FUNCTIONS = new Set(['escape', 'escapeFunction', 'escapeExpression', 'escapeMarkup', 'escapeHTML', 'escapeHtml', 'escapeXML']);

/** Is this object literal an argument of a call or `new` (options), not plain data? */
function isCallOptions(obj: N, parent: Parents): boolean {
  let cur = obj;
  for (let i = 0; i < 4; i++) {
    const p = parent.get(cur);
    if (!p) return false;
    if (p.type === 'CallExpression' || p.type === 'NewExpression') return p.callee !== cur;
    if (p.type !== 'Property' && p.type !== 'ObjectExpression') return false;
    cur = p;
  }
  return false;
}

export const templateEscapingDisabled: AstRule = {
  meta: {
    id: 'sast/js/template-escaping-disabled',
    title: 'Template auto-escaping disabled',
    severity: 'medium',
    cwe: [79, 116],
    description:
      'The template engine is configured not to escape HTML (Handlebars noEscape, nunjucks/swig autoescape: false, ' +
      'or an escape function that returns its input), so every interpolated value is written as markup and any ' +
      'user-controlled value becomes stored or reflected XSS.',
    remediation:
      'Keep auto-escaping on and mark only vetted fragments as safe (nunjucks | safe, Handlebars {{{ }}} or ' +
      'SafeString after sanitising with DOMPurify/sanitize-html).',
    references: ['https://cwe.mitre.org/data/definitions/79.html', 'https://mozilla.github.io/nunjucks/api.html#configure'],
  },
  check(file, api) {
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    for (const p of propsKeyed(f, 'noEscape', ...AUTOESCAPE, ...ESCAPE_FUNCTIONS)) {
      const k = keyName(p);
      if (!k) continue;
      if (k === 'noEscape' && boolValue(p.value) === true) {
        out.push(hitAt(p, 'noEscape: true makes Handlebars output every {{value}} unescaped; remove it and use {{{ }}} only for sanitised HTML'));
      } else if (AUTOESCAPE.has(k) && boolValue(p.value) === false && isCallOptions(f.parent.get(p)!, f.parent)) {
        out.push(hitAt(p, 'autoescape: false renders every interpolated value as raw HTML; keep it on and mark vetted fragments safe'));
      } else if (ESCAPE_FUNCTIONS.has(k) && isIdentityFunction(unwrap(p.value))) {
        out.push(hitAt(p, `${k} returns its input unchanged, so templates emit raw HTML; remove the override`));
      }
    }
    for (const a of f.assignments) {
      if (a.operator !== '=') continue;
      const l = unwrap(a.left);
      const m = l.type === 'MemberExpression' ? memberName(l) : undefined;
      if (m && ESCAPE_FUNCTIONS.has(m) && isIdentityFunction(unwrap(a.right))) {
        const owner = api.pathOf(l.object) ?? 'the engine';
        out.push(hitAt(a, `${owner}.${m} is replaced by a function that returns its input: templates now emit raw HTML`));
      }
    }
    return out;
  },
};

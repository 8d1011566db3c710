/**
 * A URL sanitiser whose only test is the `javascript:` scheme (`/^\s*javascript:/i.test(url)`,
 * `prot.indexOf('javascript:') === 0`): `vbscript:` and `data:text/html,…` links pass it and reach an
 * `href`/`src`. Markdown renderers wrote this shape (marked forks, simple-markdown, markdown-to-jsx);
 * their fixes refuse `javascript|vbscript|data` or keep an allow-list of schemes.
 *
 * Only a test that decides for a value the function then returns or splices into an `href=`/`src=`
 * is reported: a router that merely skips `javascript:` links (and returns nothing of the URL) is not
 * a sanitiser. A function whose literals also name `vbscript`/`data` or an allowed scheme (`http`,
 * `mailto`) is clean.
 */
import type { AstHit, AstRule } from './types.js';
import { memberName, unwrap } from '../ir/api-names.js';
import { type FileFacts, type N, enclosingFunction, factsOf, hitAt, isFunction, namesIn, returnedNames } from './ast-facts.js';
import { walk } from '../parse/walk.js';

// The text of a pattern or string that names the javascript scheme with its colon.
const JS_SCHEME = /javascript\s*(?:\\?:|\)\s*:|\)\??\s*\\?:)/i;
// Other schemes a complete block-list names, or an allow-list's schemes (then the test is not the only one).
const OTHER_SCHEME = /vbscript|\bdata\b|https?\b|mailto|\bftp\b|\btel\b/i;
const PREFIX_METHODS = new Set(['indexOf', 'startsWith', 'includes', 'lastIndexOf']);
const MATCH_METHODS = new Set(['match', 'search', 'exec', 'test', 'replace']);
const MARKUP_URL = /\b(?:href|src|action|formaction|xlink:href)\s*=/i;

/** The value a scheme test looks at: `x` of `re.test(x)`, `x.match(re)`, `x.indexOf('javascript:')`. */
function testedValue(n: N, f: FileFacts): N | undefined {
  const p = f.parent.get(n);
  if (!p) return undefined;
  if (n.regex) {
    if (p.type === 'MemberExpression' && p.object === n) {
      const call = f.parent.get(p);
      const m = memberName(p);
      if (call?.type === 'CallExpression' && call.callee === p && (m === 'test' || m === 'exec')) return call.arguments[0] as N | undefined;
      return undefined;
    }
    if (p.type === 'CallExpression' && p.arguments[0] === n && p.callee.type === 'MemberExpression' && MATCH_METHODS.has(memberName(p.callee) ?? '')) {
      return p.callee.object as N;
    }
    return undefined;
  }
  // 'javascript:' as the argument of a prefix test.
  if (p.type === 'CallExpression' && p.arguments[0] === n && p.callee.type === 'MemberExpression' && PREFIX_METHODS.has(memberName(p.callee) ?? '')) {
    return p.callee.object as N;
  }
  return undefined;
}

/** Is the node inside the test of an if, a ?: or a logical return (the check decides something)? */
function decides(n: N, f: FileFacts, fn: N): boolean {
  let cur = n;
  for (let i = 0; i < 12; i++) {
    const p = f.parent.get(cur);
    if (!p || p === fn) return false;
    if ((p.type === 'IfStatement' || p.type === 'ConditionalExpression') && p.test === cur) return true;
    if (p.type === 'ReturnStatement' || p.type === 'ExpressionStatement' || p.type === 'BlockStatement') return false;
    cur = p;
  }
  return false;
}

/** Literal texts of a function (strings, templates' quasis, regex sources), nested functions included. */
function literalTexts(fn: N): string[] {
  const out: string[] = [];
  let seen = 0;
  walk(fn, (child) => {
    if (++seen > 20000) return false;
    const c = child as N;
    if (c.type === 'Literal') {
      if (c.regex) out.push(c.regex.pattern as string);
      else if (typeof c.value === 'string') out.push(c.value);
    } else if (c.type === 'TemplateElement') out.push((c.value?.cooked ?? c.value?.raw ?? '') as string);
    return true;
  });
  return out;
}

/** The names the tested value stands for: itself, and the names its declarator in `fn` was built from. */
function valueNames(v: N, fn: N): Set<string> {
  const names = new Set(namesIn(unwrap(v), 50));
  const own = unwrap(v);
  if (own.type !== 'Identifier') return names;
  walk(fn, (child) => {
    const c = child as N;
    if (c.type === 'VariableDeclarator' && c.id?.type === 'Identifier' && c.id.name === own.name && c.init) {
      for (const nm of namesIn(c.init, 50)) names.add(nm);
    }
    return true;
  });
  return names;
}

/** Does the function splice one of the names into markup with a URL attribute (`'<a href="' + href`)? */
function splicedIntoUrlAttribute(fn: N, names: Set<string>): boolean {
  let found = false;
  walk(fn, (child) => {
    if (found) return false;
    const c = child as N;
    if ((c.type === 'BinaryExpression' && c.operator === '+') || c.type === 'TemplateLiteral') {
      const texts = literalTexts(c);
      if (texts.some((t) => MARKUP_URL.test(t)) && namesIn(c, 100).some((nm) => names.has(nm))) found = true;
      return !found;
    }
    return true;
  });
  return found;
}

export const incompleteUrlSchemeCheck: AstRule = {
  meta: {
    id: 'sast/js/incomplete-url-scheme-check',
    title: 'URL sanitiser refuses only javascript:',
    severity: 'medium',
    cwe: [79, 184],
    description:
      'The function that vets a link or image URL refuses only the javascript: scheme. vbscript: and data:text/html ' +
      'URLs (and, depending on how the text is normalised, javascript: written with tabs or entities) pass it and ' +
      'end up in an href or src, where they run script.',
    remediation:
      'Allow-list the schemes a link may use (http, https, mailto, relative URLs) after normalising the URL, or at ' +
      'least refuse javascript, vbscript and data together; a maintained helper such as @braintree/sanitize-url does this.',
    references: ['https://cwe.mitre.org/data/definitions/184.html', 'https://url.spec.whatwg.org/#url-parsing'],
  },
  check(file, api) {
    if (!/javascript\s*[:\\)]/i.test(file.source)) return [];
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    const candidates: N[] = f.regexes.filter((r) => JS_SCHEME.test(r.regex.pattern as string));
    for (const c of f.calls) {
      if (!PREFIX_METHODS.has(c.name ?? '')) continue;
      const a = c.node.arguments[0] as N | undefined;
      if (a?.type === 'Literal' && typeof a.value === 'string' && /^\s*javascript:\s*$/i.test(a.value)) candidates.push(a);
    }
    const judged = new Set<N>();
    for (const n of candidates) {
      const v = testedValue(n, f);
      const fn = enclosingFunction(n, f);
      if (!v || !fn || !isFunction(fn) || !decides(n, f, fn)) continue;
      if (judged.has(fn)) continue;
      judged.add(fn);
      // Every literal of the function (the candidate's own pattern included, minus its javascript part).
      const others = literalTexts(fn).map((t) => t.replace(/javascript/gi, ''));
      if (others.some((t) => OTHER_SCHEME.test(t))) continue;
      const names = valueNames(v, fn);
      const returned = returnedNames(fn);
      if (![...names].some((nm) => returned.has(nm)) && !splicedIntoUrlAttribute(fn, names)) continue;
      out.push(hitAt(n, 'only the javascript: scheme is refused here; vbscript: and data: URLs pass into the link. Allow-list http(s)/mailto/relative URLs instead'));
    }
    return out;
  },
};

/**
 * Unescaped outputs of view templates, one hand-written scanner per syntax. Each is one forward
 * pass over the text (indexOf and character loops, no backtracking regexes), so a huge or broken
 * template costs linear time and never throws: an unterminated tag ends the scan.
 *
 *   EJS `<%- x %>` · Eta `<%~ x %>` · Pug/Jade `!{x}`, `tag!= x`, `!= x`, `a(href!=x)`
 *   Handlebars/Mustache `{{{x}}}`, `{{& x}}` · Nunjucks/Swig/Jinja `{{ x | safe }}`, `{% autoescape false %}`
 *   Twig/Liquid `{{ x | raw }}`
 */
import { LineIndex } from '../parse/lines.js';
import { jsAliases, outputPaths, pathAt, resolveAlias, tokenize, type Alias, type ExprOptions, type Tok } from './expr.js';

export interface RawOutput {
  /** The local's member path, `['user', 'bio']`. */
  path: string[];
  line: number;
  /** The construct, for the finding's text: `<%- %>`, `{{{ }}}`, `| safe`. */
  how: string;
}

/** A template included or extended, which sees the includer's locals. */
export interface Include {
  name: string;
  /**
   * Data given with it (EJS `include('x', { msg: note })`), merged over the includer's locals:
   * the partial's local → the includer's path, or null when it is no local (a literal, a call).
   */
  data?: Record<string, string[] | null>;
}

export interface TemplateScan {
  outputs: RawOutput[];
  includes: Include[];
}

export type Syntax = 'ejs' | 'eta' | 'pug' | 'handlebars' | 'mustache' | 'nunjucks' | 'twig' | 'liquid';

/** Stops a pathological template from making thousands of specs. */
const MAX_OUTPUTS = 500;

/** `escapingOff`: the app's configuration renders this syntax without escaping (every output is raw). */
export function scanTemplate(text: string, syntax: Syntax, escapingOff = false): TemplateScan {
  switch (syntax) {
    case 'ejs':
      return scanEjs(text, '-', EJS_STRIP);
    case 'eta':
      return scanEjs(text, '~', ETA_STRIP);
    case 'pug':
      return scanPug(text);
    case 'handlebars':
    case 'mustache':
      return scanHandlebars(text, syntax === 'mustache', escapingOff);
    case 'nunjucks':
      return scanJinja(text, 'safe', escapingOff);
    case 'twig':
    case 'liquid':
      return scanJinja(text, 'raw', escapingOff);
  }
}

/** Collects outputs; aliases are resolved at the end (a loop variable is bound before it is used). */
class Collector {
  readonly outputs: RawOutput[] = [];
  readonly includes: Include[] = [];
  readonly aliases = new Map<string, Alias>();

  add(paths: string[][], line: number, how: string): void {
    for (const path of paths) if (this.outputs.length < MAX_OUTPUTS) this.outputs.push({ path, line, how });
  }

  include(name: string | undefined, data?: Record<string, string[] | null>): void {
    if (!name || this.includes.length >= 50) return;
    if (!data && this.includes.some((i) => i.name === name && !i.data)) return;
    this.includes.push(data ? { name, data } : { name });
  }

  done(): TemplateScan {
    const outputs = this.outputs.map((o) => ({ ...o, path: resolveAlias(o.path, this.aliases) }));
    const includes = this.includes.map((i) => {
      if (!i.data) return i;
      const data: Record<string, string[] | null> = {};
      for (const [k, p] of Object.entries(i.data)) data[k] = p && resolveAlias(p, this.aliases);
      return { name: i.name, data };
    });
    return { outputs, includes };
  }
}

const EJS_STRIP: ReadonlySet<string> = new Set(['locals']);
const ETA_STRIP: ReadonlySet<string> = new Set(['it']);
/** `include('partial')` (or EJS 1's `include partial`) as the whole output. */
const INCLUDE = /^\s*(?:include|includeFile|layout)\b/;

/** The first string literal's text in `code` (a partial's name), or undefined. */
function firstString(code: string): string | undefined {
  const m = /['"`]([^'"`\n]{1,200})['"`]/.exec(code);
  return m?.[1];
}

/** EJS and Eta: `<%` tags; `raw` is the character after `<%` that outputs without escaping. */
function scanEjs(text: string, raw: string, strip: ReadonlySet<string>): TemplateScan {
  const lines = new LineIndex(text);
  const c = new Collector();
  const opts: ExprOptions = { strip };
  let i = text.indexOf('<%');
  while (i >= 0) {
    const kind = text[i + 2];
    if (kind === '%') {
      i = text.indexOf('<%', i + 3); // `<%%` is a literal `<%`
      continue;
    }
    const end = text.indexOf('%>', i + 2);
    if (end < 0) break;
    let code = text.slice(i + 3, end);
    if (code.endsWith('-') || code.endsWith('_')) code = code.slice(0, -1);
    if (kind === raw) {
      if (INCLUDE.test(code)) {
        const toks = tokenize(code);
        const data = toks.findIndex((t) => t.k === 'p' && t.v === '{');
        c.include(firstString(code) ?? /^\s*include\s+([\w./-]+)/.exec(code)?.[1], data >= 0 ? objectPaths(toks, data, opts) : undefined);
      } else c.add(outputPaths(tokenize(code), opts), lines.line(i), `<%${raw} %>`);
    } else if (kind !== '=' && kind !== '#') {
      jsAliases(tokenize(kind === '_' || kind === '-' ? code : text.slice(i + 2, end)), c.aliases);
    }
    i = text.indexOf('<%', end + 2);
  }
  return c.done();
}

/**
 * An object literal's members (tokens from the `{` at `open`): key → the local path its value is,
 * or null when it is not one (`{ msg: note, n: 1, user }` → msg: note, n: null, user: user).
 */
function objectPaths(toks: Tok[], open: number, opts: ExprOptions): Record<string, string[] | null> {
  const out: Record<string, string[] | null> = {};
  let k = open + 1;
  while (k < toks.length) {
    const key = toks[k];
    if (key?.k !== 'id') break;
    const after = toks[k + 1];
    if (after?.k === 'p' && (after.v === ',' || after.v === '}')) {
      out[key.v] = [key.v]; // `{ user }`
      k += 2;
      continue;
    }
    if (after?.k !== 'p' || after.v !== ':') break;
    // The value: up to the next comma or the closing brace outside brackets.
    let e = k + 2;
    let depth = 0;
    for (; e < toks.length; e++) {
      const t = toks[e]!;
      if (t.k !== 'p') continue;
      if (t.v === '(' || t.v === '[' || t.v === '{') depth++;
      else if (t.v === ')' || t.v === ']' || t.v === '}') {
        if (depth === 0) break;
        depth--;
      } else if (t.v === ',' && depth === 0) break;
    }
    out[key.v] = outputPaths(toks.slice(k + 2, e), opts)[0] ?? null;
    if (!(toks[e]?.k === 'p' && (toks[e] as { v: string }).v === ',')) break;
    k = e + 1;
  }
  return out;
}

/** The index after the bracket matching the one at `open` in text (strings skipped), or -1. */
function closeBracket(text: string, open: number, limit = text.length): number {
  const want = text[open] === '(' ? ')' : text[open] === '{' ? '}' : ']';
  const opener = text[open]!;
  let depth = 0;
  for (let k = open; k < limit; k++) {
    const ch = text[k]!;
    if (ch === '"' || ch === "'" || ch === '`') {
      k++;
      while (k < limit && text[k] !== ch) k += text[k] === '\\' ? 2 : 1;
    } else if (ch === opener) depth++;
    else if (ch === want && --depth === 0) return k + 1;
  }
  return -1;
}

/** Pug (and Jade, its old name): line-oriented. */
function scanPug(text: string): TemplateScan {
  const c = new Collector();
  const lines = text.split('\n');
  let commentIndent = -1;
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln]!;
    const body = line.trimStart();
    const indent = line.length - body.length;
    if (commentIndent >= 0) {
      if (body === '' || indent > commentIndent) continue;
      commentIndent = -1;
    }
    if (body.startsWith('//')) {
      if (body.replace(/^\/\/-?/, '').trim() === '') commentIndent = indent;
      continue;
    }
    const lineNo = ln + 1;
    if (body.startsWith('-')) {
      jsAliases(tokenize(body.slice(1)), c.aliases);
      continue;
    }
    const loop = /^(?:each|for)\s+([\w$]+)(?:\s*,\s*([\w$]+))?\s+in\s+([\w$.]{1,200})/.exec(body);
    if (loop) {
      const target = loop[3]!.split('.').filter(Boolean);
      c.aliases.set(loop[1]!, { target, element: true });
      if (loop[2]) c.aliases.set(loop[2], { target, element: true });
      continue;
    }
    const inc = /^(?:include|extends)\s+([\w./-]{1,200})/.exec(body);
    if (inc) {
      c.include(inc[1]);
      continue;
    }
    // `!{x}` anywhere on the line.
    for (let k = body.indexOf('!{'); k >= 0; ) {
      const close = closeBracket(body, k + 1);
      if (close < 0) break;
      c.add(outputPaths(tokenize(body.slice(k + 2, close - 1))), lineNo, '!{}');
      k = body.indexOf('!{', close); // on from the close: each character is looked at once
    }
    // The tag head: `div#id.class(attrs)&attributes(x)!= expr`, or a bare `!= expr`.
    let k = 0;
    while (k < body.length && /[\w\-#.:+]/.test(body[k]!)) k++;
    if (body[k] === '(') {
      const close = closeBracket(body, k);
      if (close < 0) continue;
      rawAttributes(body.slice(k + 1, close - 1), c, lineNo);
      k = close;
    }
    if (body.startsWith('&attributes(', k)) {
      const close = closeBracket(body, k + 11);
      if (close < 0) continue;
      k = close;
    }
    if (body.startsWith('!=', k)) c.add(outputPaths(tokenize(body.slice(k + 2))), lineNo, '!=');
  }
  return c.done();
}

/** `a(href!=url, title="x")`: each `!=` value up to the next comma or space outside brackets. */
function rawAttributes(attrs: string, c: Collector, line: number): void {
  for (let k = attrs.indexOf('!='); k >= 0; ) {
    if (attrs[k + 2] === '=') {
      k = attrs.indexOf('!=', k + 3);
      continue;
    }
    let e = k + 2;
    while (e < attrs.length && attrs[e] === ' ') e++;
    const from = e;
    let depth = 0;
    for (; e < attrs.length; e++) {
      const ch = attrs[e]!;
      if (ch === '"' || ch === "'" || ch === '`') {
        e++;
        while (e < attrs.length && attrs[e] !== ch) e += attrs[e] === '\\' ? 2 : 1;
      } else if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') depth--;
      else if (depth <= 0 && (ch === ',' || ch === ' ' || ch === '\n')) break;
    }
    c.add(outputPaths(tokenize(attrs.slice(from, e))), line, 'attribute !=');
    k = attrs.indexOf('!=', Math.max(e, k + 2));
  }
}

interface Ctx {
  block: string;
  /** The path names in it are members of (`with user`), or undefined at the root. */
  path: string[] | undefined;
  /** Names are members of one element of `path` (`each items`): they stand for the list. */
  element: boolean;
}

const HBS_LITERAL = /^(?:true|false|null|undefined|-?\d[\d.]*|else)$/;
/** Handlebars helpers that escape or compute numbers. */
const HBS_SAFE_HELPERS = new Set(['escape', 'escapeExpression', 'encodeURIComponent', 'length', 'add', 'subtract', 'multiply', 'divide', 'eq', 'ne', 'lt', 'gt']);

/** Handlebars and Mustache: `{{{x}}}` and `{{& x}}`, with `{{#each}}` / `{{#with}}` contexts. */
function scanHandlebars(text: string, mustache: boolean, escapingOff: boolean): TemplateScan {
  const lines = new LineIndex(text);
  const c = new Collector();
  const stack: Ctx[] = [];
  const current = (): Ctx | undefined => stack.at(-1);
  /** A Handlebars path in the current context: `this`, `./x`, `../x`, `@root.x`, `x/y`. */
  const resolve = (raw: string): string[] | undefined => {
    let p = raw.replace(/\//g, '.');
    if (p.startsWith('@root.')) return p.slice(6).split('.').filter(Boolean);
    if (p.startsWith('@')) return undefined; // @index, @key, @first
    let up = 0;
    while (p.startsWith('...')) {
      p = p.slice(3);
      up++;
    }
    if (p === 'this' || p === '.') p = '';
    else if (p.startsWith('this.')) p = p.slice(5);
    else if (p.startsWith('.')) p = p.slice(1);
    const ctx = stack[stack.length - 1 - up];
    const segs = p.split('.').filter((s) => s && !s.startsWith('['));
    if (segs.length && c.aliases.has(segs[0]!)) return segs; // a block parameter: resolved with the others
    if (!ctx?.path) return segs.length ? segs : undefined;
    if (ctx.element) return ctx.path;
    return [...ctx.path, ...segs];
  };
  /** Paths of a helper call's arguments, or of the single path. */
  const exprPaths = (expr: string, depth = 0): string[][] => {
    if (depth > 8) return []; // sub-expressions nested deeper are not followed (no deep recursion on garbage)
    const words = splitWords(expr);
    const first = words[0];
    if (!first) return [];
    const args = words.length === 1 ? words : HBS_SAFE_HELPERS.has(first) ? [] : words.slice(1);
    const out: string[][] = [];
    for (let w of args) {
      const eq = w.indexOf('=');
      if (eq > 0 && !w.startsWith('(')) w = w.slice(eq + 1);
      if (w.startsWith('(')) {
        out.push(...exprPaths(w.slice(1, w.endsWith(')') ? -1 : undefined), depth + 1));
        continue;
      }
      if (w.startsWith('"') || w.startsWith("'") || HBS_LITERAL.test(w)) continue;
      const p = resolve(w);
      if (p?.length) out.push(p.slice(0, 3));
    }
    return out;
  };
  let i = text.indexOf('{{');
  while (i >= 0) {
    if (text.startsWith('{{!--', i)) {
      const e = text.indexOf('--}}', i + 5);
      if (e < 0) break;
      i = text.indexOf('{{', e + 4);
      continue;
    }
    if (text.startsWith('{{{{', i)) {
      // A raw block `{{{{raw}}}} … {{{{/raw}}}}`: its content is literal text.
      const e = text.indexOf('{{{{/', i + 4);
      const close = e < 0 ? -1 : text.indexOf('}}}}', e);
      if (close < 0) break;
      i = text.indexOf('{{', close + 4);
      continue;
    }
    const triple = text[i + 2] === '{';
    const end = text.indexOf(triple ? '}}}' : '}}', i + 2);
    if (end < 0) break;
    let body = text.slice(i + (triple ? 3 : 2), end).trim();
    if (body.startsWith('~')) body = body.slice(1).trim();
    if (body.endsWith('~')) body = body.slice(0, -1).trim();
    const line = lines.line(i);
    const sigil = body[0];
    if (triple) c.add(exprPaths(body), line, '{{{ }}}');
    else if (sigil === '&') c.add(exprPaths(body.slice(1)), line, '{{& }}');
    else if (escapingOff && /^[\w@.(]/.test(body) && !/^else\b/.test(body)) c.add(exprPaths(body), line, '{{ }} with noEscape');
    else if (sigil === '#' || sigil === '^') {
      const words = splitWords(body.slice(1).replace(/^[>*]\s*/, ''));
      const name = words[0] ?? '';
      let ctx: Ctx = { block: name, path: current()?.path, element: current()?.element ?? false };
      const argPath = words[1] ? resolve(words[1]) : undefined;
      if (sigil === '#' && mustache) ctx = { block: name, path: resolve(name), element: true };
      else if (name === 'each' && argPath) {
        ctx = { block: name, path: argPath, element: true };
        // `{{#each items as |item i|}}`
        const as = /\bas\s*\|\s*([\w$]+)/.exec(body);
        if (as) c.aliases.set(as[1]!, { target: argPath, element: true });
      } else if (name === 'with' && argPath) ctx = { block: name, path: argPath, element: false };
      if (stack.length < 64) stack.push(ctx);
    } else if (sigil === '/') {
      const name = body.slice(1).trim();
      const at = stack.map((s) => s.block).lastIndexOf(name);
      if (at >= 0) stack.length = at;
    } else if (sigil === '>') {
      const words = splitWords(body.slice(1));
      // `{{> partial}}` shares the context; `{{> partial other}}` or hash arguments do not.
      if (words.length === 1 && !stack.length) c.include(words[0]!.replace(/^["']|["']$/g, ''));
    }
    i = text.indexOf('{{', end + (triple ? 3 : 2));
  }
  return c.done();
}

/** Words of a Handlebars expression; strings and `( … )` sub-expressions stay whole. */
function splitWords(expr: string): string[] {
  const out: string[] = [];
  let k = 0;
  while (k < expr.length && out.length < 64) {
    while (k < expr.length && /\s/.test(expr[k]!)) k++;
    if (k >= expr.length) break;
    const from = k;
    let depth = 0;
    for (; k < expr.length; k++) {
      const ch = expr[k]!;
      if (ch === '"' || ch === "'") {
        k++;
        while (k < expr.length && expr[k] !== ch) k++;
      } else if (ch === '(') depth++;
      else if (ch === ')') depth--;
      else if (depth <= 0 && /\s/.test(ch)) break;
    }
    out.push(expr.slice(from, k));
  }
  return out;
}

const JINJA_KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'is', 'in', 'if', 'else', 'none', 'None', 'True', 'False', 'loop', 'caller', 'super', 'forloop']);
/** Filters after which the value is escaped (before `safe`: escaping a safe value leaves it as it is). */
const JINJA_ESCAPE_FILTERS = new Set(['escape', 'e', 'forceescape', 'urlencode', 'url_encode', 'escape_once', 'url_escape']);
/** Filters whose result is a number wherever they are. */
const JINJA_NUMBER_FILTERS = new Set(['int', 'float', 'length', 'abs', 'round', 'wordcount', 'size']);

/**
 * Nunjucks, Swig, Jinja-like, Twig and Liquid: `{{ x | <safe> }}` (`safe`, or `raw` in Twig and
 * Liquid), and every output inside `{% autoescape false %}`.
 */
function scanJinja(text: string, safeFilter: string, escapingOff: boolean): TemplateScan {
  const lines = new LineIndex(text);
  const c = new Collector();
  /** Autoescape regions: true where output is raw; the configuration decides outside them. */
  const rawRegion: boolean[] = [escapingOff];
  const opts: ExprOptions = { keywords: JINJA_KEYWORDS };
  let i = text.indexOf('{');
  while (i >= 0) {
    const k = text[i + 1];
    if (k === '#') {
      const e = text.indexOf('#}', i + 2);
      if (e < 0) break;
      i = text.indexOf('{', e + 2);
      continue;
    }
    if (k !== '%' && k !== '{') {
      i = text.indexOf('{', i + 1);
      continue;
    }
    const end = text.indexOf(k === '%' ? '%}' : '}}', i + 2);
    if (end < 0) break;
    let body = text.slice(i + 2, end);
    body = body.replace(/^[-~]/, '').replace(/[-~]$/, '').trim();
    let next = end + 2;
    if (k === '%') {
      const tag = /^\w+/.exec(body)?.[0] ?? '';
      const rest = body.slice(tag.length).trim();
      if (tag === 'raw' || tag === 'verbatim' || tag === 'comment') {
        const close = text.indexOf(`end${tag}`, next);
        if (close < 0) break;
        next = close;
      } else if (tag === 'autoescape') {
        rawRegion.push(/^(?:false|off|["']?false["']?)\b/i.test(rest));
      } else if (tag === 'endautoescape') {
        if (rawRegion.length > 1) rawRegion.pop();
      } else if (tag === 'for') {
        const m = /^([\w$]+)(?:\s*,\s*([\w$]+))?\s+in\s+([\w$.]{1,200})/.exec(rest);
        if (m) {
          const target = m[3]!.split('.').filter(Boolean);
          c.aliases.set(m[1]!, { target, element: true });
          if (m[2]) c.aliases.set(m[2], { target, element: true });
        }
      } else if (tag === 'set' || tag === 'assign') {
        const toks = tokenize(rest, 64);
        const p = pathAt(toks, 2);
        if (toks[0]?.k === 'id' && isPunct(toks[1], '=') && p && p.end === toks.length) c.aliases.set(toks[0].v, { target: p.path, element: false });
      } else if (tag === 'include' || tag === 'extends' || tag === 'render') {
        // Twig `include … with {…} only` and Liquid `render` (isolated scope) do not share the view's variables.
        if (tag !== 'render' && !/\bonly\b/.test(rest)) c.include(firstString(rest));
      }
    } else {
      const parts = splitFilters(body);
      const filters = parts.slice(1).map((f) => /^\s*(\w+)/.exec(f)?.[1] ?? '');
      const safeAt = filters.indexOf(safeFilter);
      const escapeAt = filters.findIndex((f) => JINJA_ESCAPE_FILTERS.has(f));
      const numeric = filters.some((f) => JINJA_NUMBER_FILTERS.has(f));
      const inRaw = rawRegion.at(-1) === true;
      const raw = !numeric && (safeAt >= 0 ? escapeAt < 0 || escapeAt > safeAt : inRaw && escapeAt < 0);
      if (raw) c.add(outputPaths(tokenize(parts[0]!), opts), lines.line(i), safeAt >= 0 ? `| ${safeFilter}` : rawRegion.length > 1 ? '{% autoescape false %}' : '{{ }} with autoescape: false');
    }
    i = text.indexOf('{', next);
  }
  return c.done();
}

const isPunct = (t: Tok | undefined, v: string): boolean => t?.k === 'p' && t.v === v;

/** `x | safe | trim` → [`x `, ` safe `, ` trim`]: splits at `|` outside strings and brackets (`||` is not a filter). */
function splitFilters(body: string): string[] {
  const out: string[] = [];
  let from = 0;
  let depth = 0;
  for (let k = 0; k < body.length; k++) {
    const ch = body[k]!;
    if (ch === '"' || ch === "'") {
      k++;
      while (k < body.length && body[k] !== ch) k += body[k] === '\\' ? 2 : 1;
    } else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === '|' && depth === 0) {
      if (body[k + 1] === '|') {
        k++;
        continue;
      }
      out.push(body.slice(from, k));
      from = k + 1;
    }
  }
  out.push(body.slice(from));
  return out;
}

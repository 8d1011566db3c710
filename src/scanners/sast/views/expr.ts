/**
 * The view locals an output expression in a template reads: `user.bio.trim()` reads `user.bio`,
 * `JSON.stringify(data)` reads `data`, `escape(x)` and `items.length` output nothing raw.
 * A hand-written tokenizer (one pass, no backtracking): template engines' own parsers compile
 * to code we would have to run, and none gives the unescaped outputs as data.
 */

export type Tok =
  | { k: 'id'; v: string }
  | { k: 'p'; v: string }
  | { k: 's' }
  | { k: 'n' };

/** Longest first: `!==` before `!=`, `===` before `==`. */
const PUNCT = ['===', '!==', '...', '=>', '==', '!=', '?.', '||', '&&', '??', '<=', '>='];

const MULTI_START = new Set([...'=!.?|&<>'].map((ch) => ch.charCodeAt(0)));

// Tokens are shared (never written to): a template's many tags would otherwise allocate one object per token.
const STRING_TOK: Tok = { k: 's' };
const NUMBER_TOK: Tok = { k: 'n' };
const punctToks = new Map<string, Tok>();
const idToks = new Map<string, Tok>();

function punctTok(v: string): Tok {
  let t = punctToks.get(v);
  if (!t) punctToks.set(v, (t = { k: 'p', v }));
  return t;
}

function idTok(v: string): Tok {
  let t = idToks.get(v);
  if (!t) {
    if (idToks.size > 5000) idToks.clear();
    idToks.set(v, (t = { k: 'id', v }));
  }
  return t;
}

/** [A-Za-z_$@] */
const isIdStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c === 64;
/** [A-Za-z0-9_$@] */
const isIdPart = (c: number): boolean => isIdStart(c) || (c >= 48 && c <= 57);

/** JavaScript-ish tokens of `code`; strings and numbers are kept as placeholders. At most `max` tokens. */
export function tokenize(code: string, max = 4000): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = code.length;
  while (i < n && out.length < max) {
    const c = code.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
    } else if (c === 34 || c === 39 || c === 96) {
      i++;
      while (i < n && code.charCodeAt(i) !== c) i += code.charCodeAt(i) === 92 ? 2 : 1;
      i++;
      out.push(STRING_TOK);
    } else if (c >= 48 && c <= 57) {
      while (i < n && (isIdPart(code.charCodeAt(i)) || code.charCodeAt(i) === 46)) i++;
      out.push(NUMBER_TOK);
    } else if (isIdStart(c)) {
      const from = i;
      while (i < n && isIdPart(code.charCodeAt(i))) i++;
      out.push(idTok(code.slice(from, i)));
    } else {
      // Multi-character operators start with one of = ! . ? | & < >; other punctuation is one character.
      const p = MULTI_START.has(c) ? PUNCT.find((q) => code.startsWith(q, i)) ?? code[i]! : code[i]!;
      out.push(punctTok(p));
      i += p.length;
    }
  }
  return out;
}

const KEYWORDS = new Set([
  'true', 'false', 'null', 'undefined', 'NaN', 'Infinity', 'typeof', 'instanceof', 'new', 'in', 'of', 'void', 'delete',
  'await', 'async', 'function', 'return', 'var', 'let', 'const', 'if', 'else', 'for', 'while', 'do', 'switch', 'case',
  'break', 'continue', 'try', 'catch', 'finally', 'throw', 'yield', 'class', 'this', 'super', 'arguments', 'window', 'document',
]);

/** Global objects: their members are not view locals. */
const GLOBALS = new Set([
  'JSON', 'Math', 'Object', 'Array', 'String', 'Number', 'Date', 'Boolean', 'RegExp', 'Intl', 'Buffer', 'console', 'Promise',
  'Symbol', 'Map', 'Set', 'process', 'require', '_', 'lodash', 'moment', 'dayjs', 'he', 'validator', 'DOMPurify', 'xss', 'entities',
]);
/** Global roots whose every call returns a number, date or boolean. */
const SAFE_GLOBAL_ROOTS = new Set(['Math', 'Number', 'Date', 'Boolean', 'moment', 'dayjs', 'Intl']);

/** Functions whose result is escaped, numeric or another template's output (`include`): their arguments are not output raw. */
const SAFE_FUNCTIONS = new Set([
  'include', 'includeFile', 'includeAsync', 'layout', 'partial', 'escape', 'escapeHtml', 'escapeHTML', 'htmlEscape', 'encodeHTML',
  'encodeURIComponent', 'encodeURI', 'sanitize', 'sanitizeHtml', 'filterXSS', 'xss', 'Number', 'parseInt', 'parseFloat',
  'Boolean', 'isNaN', 'isFinite',
]);
/** Methods whose result is escaped, numeric or boolean. */
const SAFE_METHODS = new Set([
  'escape', 'escapeHtml', 'escapeHTML', 'htmlEscape', 'encode', 'encodeHTML', 'sanitize', 'sanitizeHtml', 'purify', 'filterXSS',
  'toFixed', 'toPrecision', 'getTime', 'getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getMinutes', 'indexOf', 'lastIndexOf',
  'includes', 'startsWith', 'endsWith', 'test', 'count', 'size', 'toISOString', 'toDateString', 'toTimeString',
  'toLocaleDateString', 'toLocaleTimeString', 'isArray', 'hasOwnProperty', 'keys', 'stringify_escaped',
]);
/** Members that are numbers or booleans whatever the object holds. */
const NUMERIC_MEMBERS = new Set(['length', 'size']);

/** Longest path kept: `a.b.c` (deeper members are rarely built from separate request values). */
export const MAX_PATH = 3;

export interface ExprOptions {
  /** Roots that name the locals object itself (`locals.x` is `x`): EJS `locals`, Eta `it`. */
  strip?: ReadonlySet<string>;
  /** More words that are no locals (Nunjucks `and`, `or`, `not`, `loop`). */
  keywords?: ReadonlySet<string>;
}

/**
 * The member paths (`['user', 'bio']`) an expression outputs as text. Callees, object keys, arrow
 * parameters, index expressions and arguments of escaping or numeric functions are left out.
 */
export function outputPaths(tokens: Tok[], opts: ExprOptions = {}): string[][] {
  const outs: { path: string[]; depth: number }[] = [];
  const params = new Set<string>();
  /** Open brackets: the character and how many outputs came before it. */
  const stack: { c: string; outs: number }[] = [];
  let lastClose: { outs: number } | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.k === 'p') {
      if (t.v === '(' || t.v === '[' || t.v === '{') stack.push({ c: t.v, outs: outs.length });
      else if (t.v === ')' || t.v === ']' || t.v === '}') lastClose = stack.pop();
      else if (t.v === '=>' && lastClose && tokens[i - 1]?.k === 'p' && (tokens[i - 1] as { v: string }).v === ')') {
        // `(a, b) => …`: what looked like outputs were parameters.
        for (const o of outs.splice(lastClose.outs)) params.add(o.path[0]!);
      }
      continue;
    }
    if (t.k !== 'id') continue;
    const prev = tokens[i - 1];
    if (prev?.k === 'p' && (prev.v === '.' || prev.v === '?.')) continue;
    if (KEYWORDS.has(t.v) && t.v !== 'this') continue;
    if (opts.keywords?.has(t.v)) continue;
    const segs = [t.v];
    let j = i + 1;
    while (tokens[j]?.k === 'p' && ((tokens[j] as { v: string }).v === '.' || (tokens[j] as { v: string }).v === '?.') && tokens[j + 1]?.k === 'id') {
      segs.push((tokens[j + 1] as { v: string }).v);
      j += 2;
    }
    const next = tokens[j];
    const nv = next?.k === 'p' ? next.v : undefined;
    i = j - 1;
    if (nv === '=>') {
      params.add(t.v);
      continue;
    }
    if (nv === ':' && stack.at(-1)?.c === '{') continue; // an object key
    if (nv === '(') {
      const method = segs.length > 1 ? segs.pop()! : undefined;
      const root = segs[0]!;
      const safe = method === undefined ? SAFE_FUNCTIONS.has(root) : SAFE_METHODS.has(method) || SAFE_GLOBAL_ROOTS.has(root);
      if (safe) {
        i = skipBalanced(tokens, j);
        continue;
      }
      // `fn(x)`: fn is no output, its arguments are; `user.name.trim()`: the receiver is.
      if (method === undefined || GLOBALS.has(root)) continue;
    } else if (GLOBALS.has(segs[0]!) && segs.length > 1) {
      continue;
    }
    if (nv === '[') i = skipBalanced(tokens, j); // `items[i]`: items; the index is no output
    const path = clean(segs, opts);
    if (path) outs.push({ path, depth: stack.length });
  }
  const seen = new Set<string>();
  const result: string[][] = [];
  for (const o of outs) {
    if (params.has(o.path[0]!)) continue;
    const key = o.path.join('.');
    if (!seen.has(key)) {
      seen.add(key);
      result.push(o.path);
    }
  }
  return result;
}

/** Drops a locals-object root and numeric members; caps the length. Undefined when nothing is left. */
function clean(segs: string[], opts: ExprOptions): string[] | undefined {
  let s = segs;
  if (s.length > 1 && (s[0] === 'this' || opts.strip?.has(s[0]!))) s = s.slice(1);
  if (s[0] === 'this' || opts.strip?.has(s[0]!)) return s.length === 1 && s[0] === 'this' ? ['this'] : undefined;
  const numeric = s.findIndex((x) => NUMERIC_MEMBERS.has(x));
  if (numeric === 0) return s;
  if (numeric > 0) return undefined;
  return s.slice(0, MAX_PATH);
}

/** Index of the bracket closing the one at `open` (or the last token). */
export function skipBalanced(tokens: Tok[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.k !== 'p') continue;
    if (t.v === '(' || t.v === '[' || t.v === '{') depth++;
    else if (t.v === ')' || t.v === ']' || t.v === '}') {
      depth--;
      if (depth <= 0) return k;
    }
  }
  return tokens.length - 1;
}

/** A whole path (`a.b.c`) starting at token `i`, or undefined. */
export function pathAt(tokens: Tok[], i: number): { path: string[]; end: number } | undefined {
  const t = tokens[i];
  if (t?.k !== 'id' || KEYWORDS.has(t.v)) return undefined;
  const path = [t.v];
  let j = i + 1;
  while (tokens[j]?.k === 'p' && (tokens[j] as { v: string }).v === '.' && tokens[j + 1]?.k === 'id') {
    path.push((tokens[j + 1] as { v: string }).v);
    j += 2;
  }
  return { path, end: j };
}

const isP = (t: Tok | undefined, v: string): boolean => t?.k === 'p' && t.v === v;
const isId = (t: Tok | undefined, v?: string): t is { k: 'id'; v: string } => t?.k === 'id' && (v === undefined || t.v === v);

/** How a template-local name stands for a local: an element of it (a loop) or the value itself. */
export interface Alias {
  target: string[];
  element: boolean;
}

const ITERATORS = new Set(['forEach', 'map', 'filter', 'some', 'every', 'find', 'each', 'flatMap']);

/**
 * Names a code block binds to locals: `items.forEach(function (item)`, `items.map((item) =>`,
 * `for (const item of items)`, `var name = user.name`.
 */
export function jsAliases(tokens: Tok[], into: Map<string, Alias>): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isId(t, 'for') && isP(tokens[i + 1], '(')) {
      let j = i + 2;
      if (isId(tokens[j], 'var') || isId(tokens[j], 'let') || isId(tokens[j], 'const')) j++;
      const name = tokens[j];
      const kw = tokens[j + 1];
      const p = pathAt(tokens, j + 2);
      if (isId(name) && (isId(kw, 'of') || isId(kw, 'in')) && p) into.set(name.v, { target: p.path, element: true });
      continue;
    }
    if ((isId(t, 'var') || isId(t, 'let') || isId(t, 'const')) && isId(tokens[i + 1]) && isP(tokens[i + 2], '=')) {
      const p = pathAt(tokens, i + 3);
      if (p && !isP(tokens[p.end], '(') && !isP(tokens[p.end], '[')) into.set((tokens[i + 1] as { v: string }).v, { target: p.path, element: false });
      continue;
    }
    if (t.k === 'id' && !isP(tokens[i - 1], '.')) {
      const p = pathAt(tokens, i);
      if (!p || p.path.length < 2 || !ITERATORS.has(p.path.at(-1)!) || !isP(tokens[p.end], '(')) continue;
      const target = p.path.slice(0, -1);
      let j = p.end + 1;
      if (isId(tokens[j], 'function')) {
        j++;
        if (isId(tokens[j])) j++;
      }
      if (isP(tokens[j], '(')) j++;
      const name = tokens[j];
      if (isId(name) && !KEYWORDS.has(name.v)) into.set(name.v, { target, element: true });
      i = p.end;
    }
  }
}

/** `path` with its root alias replaced by what it stands for (a loop element is its list). */
export function resolveAlias(path: string[], aliases: ReadonlyMap<string, Alias>): string[] {
  let p = path;
  for (let hop = 0; hop < 8; hop++) {
    const a = aliases.get(p[0]!);
    if (!a || (a.target.length === 1 && a.target[0] === p[0])) break;
    p = a.element ? a.target : [...a.target, ...p.slice(1)];
  }
  return p.slice(0, MAX_PATH);
}

/**
 * Matches one pattern node against one code node, returning the metavariable bindings that make
 * them equal, or null. Recursion follows the pattern's shape (patterns are small), never the
 * code's depth; lists with `...` backtrack over code positions in a loop, bounded by a step budget.
 */
import { walk, type AnyNode } from '../parse/walk.js';
import type { ApiNames } from '../ir/api-names.js';
import { memberName } from '../ir/api-names.js';
import { canonical } from './canon.js';
import { ELLIPSIS, isDeep, isEllipsis, isMetavar, restName } from './syntax.js';
import type { Env } from './types.js';

type N = { type: string; start: number; end: number; [key: string]: any };

export interface MatchCtx {
  source: string;
  api: ApiNames;
  /** API paths of the current pattern's identifiers and member chains. */
  paths: Map<object, string>;
  /** Steps left for this match attempt; 0 gives up (no match) rather than run away. */
  steps: number;
}

/** Steps one match attempt may take (each node comparison is one step). */
export const STEP_BUDGET = 20000;

const CODE_WRAPPERS = new Set(['ParenthesizedExpression', 'ChainExpression', 'TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion']);

/** Keys that never take part in matching. */
const IGNORED = new Set([
  'type', 'start', 'end', 'range', 'loc', 'raw', 'parent', 'typeAnnotation', 'returnType', 'typeParameters',
  'typeArguments', 'decorators', 'optional', 'directive', 'hashbang', 'shorthand', 'method', 'declare',
  'definite', 'importKind', 'exportKind', 'accessibility', 'override', 'readonly',
]);

const FUNCTIONS = new Set(['FunctionExpression', 'ArrowFunctionExpression', 'FunctionDeclaration']);

export function unwrapCode(node: N): N {
  let n = node;
  for (let i = 0; i < 64 && CODE_WRAPPERS.has(n.type); i++) n = n.expression;
  return n;
}

function bind(env: Env, name: string, n: object, ctx: MatchCtx): Env | null {
  const node = n as AnyNode;
  const prev = env[name];
  if (prev === undefined) return { ...env, [name]: node };
  return prev === node || canonical(prev, ctx.source) === canonical(node, ctx.source) ? env : null;
}

function stringValue(n: N): string | undefined {
  if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
  if (n.type === 'TemplateLiteral' && n.expressions.length === 0) return n.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** Pattern node `p` against code node `c`. */
export function matchNode(pat: object, code: object | null | undefined, env: Env, ctx: MatchCtx): Env | null {
  if (--ctx.steps < 0) return null;
  let p = pat as N;
  while (p.type === 'ParenthesizedExpression' || p.type === 'ChainExpression') p = p.expression;
  if (p.type === 'Identifier' && p.name === ELLIPSIS) return env;
  if (!code) return null;
  const c = unwrapCode(code as N);
  const rest = restName(p);
  if (rest !== undefined) return bind(env, rest, c, ctx);
  if (isMetavar(p)) return bind(env, p.name, c, ctx);
  if (isDeep(p)) return matchDeep(p.arguments[0], c, env, ctx);

  switch (p.type) {
    case 'Literal': {
      const ps = stringValue(p);
      if (ps !== undefined) {
        const cs = stringValue(c);
        return cs !== undefined && (ps === '...' || ps === cs) ? env : null;
      }
      if (c.type !== 'Literal') return null;
      if (p.regex) return c.regex && c.regex.pattern === p.regex.pattern && c.regex.flags === p.regex.flags ? env : null;
      if (p.bigint != null) return c.bigint === p.bigint ? env : null;
      return c.value === p.value && typeof c.value === typeof p.value && !c.regex ? env : null;
    }
    case 'TemplateLiteral': {
      if (p.expressions.length === 0) {
        const ps = stringValue(p)!;
        const cs = stringValue(c);
        return cs !== undefined && (ps === '...' || ps === cs) ? env : null;
      }
      if (c.type !== 'TemplateLiteral' || c.quasis.length !== p.quasis.length) return null;
      for (let i = 0; i < p.quasis.length; i++) {
        if (!textMatches(p.quasis[i].value.cooked ?? '', c.quasis[i].value.cooked ?? '')) return null;
      }
      return matchList(p.expressions, c.expressions, env, ctx);
    }
    case 'Identifier': {
      if (c.type === 'Identifier' && c.name === p.name) return env;
      return matchByPath(p, c, env, ctx);
    }
    case 'MemberExpression': {
      const e = matchMember(p, c, env, ctx);
      return e ?? matchByPath(p, c, env, ctx);
    }
    case 'CallExpression':
    case 'NewExpression': {
      if (c.type !== p.type || (p.optional && !c.optional)) return null;
      const e = matchNode(p.callee, c.callee, env, ctx);
      return e && matchList(p.arguments, c.arguments, e, ctx);
    }
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'FunctionDeclaration':
      return FUNCTIONS.has(c.type) ? matchFunction(p, c, env, ctx) : null;
    case 'ObjectExpression':
    case 'ObjectPattern':
      return c.type === p.type ? matchProperties(p.properties, c.properties, env, ctx) : null;
    case 'Property': {
      if (c.type !== 'Property') return null;
      const e = matchKey(p, c, env, ctx);
      return e && matchNode(p.value, c.value, e, ctx);
    }
    case 'ExpressionStatement': {
      if (c.type === 'ExpressionStatement') return matchNode(p.expression, c.expression, env, ctx);
      // `$X = e;` also matches `const x = e;` (a declaration is the first assignment).
      const a = p.expression as N;
      if (a.type === 'AssignmentExpression' && a.operator === '=' && c.type === 'VariableDeclaration' && c.declarations.length === 1 && c.declarations[0].init) {
        const e = matchNode(a.left, c.declarations[0].id, env, ctx);
        return e && matchNode(a.right, c.declarations[0].init, e, ctx);
      }
      return null;
    }
    case 'ClassExpression':
    case 'ClassDeclaration':
      return c.type === 'ClassExpression' || c.type === 'ClassDeclaration' ? matchGeneric(p, c, env, ctx) : null;
    case 'BlockStatement':
      if (c.type === 'BlockStatement') return matchList(p.body, c.body, env, ctx);
      // `if (x) { ... }` also matches `if (x) f();`: a lone statement is a block of one.
      return c.type.endsWith('Statement') || c.type.endsWith('Declaration') ? matchList(p.body, [c], env, ctx) : null;
    case 'JSXElement': {
      if (c.type !== 'JSXElement') return null;
      const e = matchNode(p.openingElement, c.openingElement, env, ctx);
      if (!e) return null;
      // A pattern without children says nothing about them.
      const pk = jsxChildren(p);
      return pk.length === 0 ? e : matchList(pk, jsxChildren(c), e, ctx);
    }
    case 'JSXOpeningElement': {
      if (c.type !== 'JSXOpeningElement') return null;
      const e = matchNode(p.name, c.name, env, ctx);
      // Attributes are order-free and the listed ones need only be present.
      return e && matchProperties([...p.attributes, { type: 'Identifier', name: ELLIPSIS, start: 0, end: 0 }], c.attributes, e, ctx);
    }
    case 'JSXAttribute': {
      if (c.type !== 'JSXAttribute') return null;
      const e = matchNode(p.name, c.name, env, ctx);
      if (!e || !p.value) return e;
      if (!c.value) return null;
      return matchNode(jsxValue(p.value), jsxValue(c.value), e, ctx);
    }
    case 'JSXIdentifier':
      if (c.type !== 'JSXIdentifier') return null;
      if (/^\$[A-Z_][A-Z0-9_]*$/.test(p.name)) return bind(env, p.name, c, ctx);
      return c.name === p.name ? env : null;
    case 'JSXText':
      return c.type === 'JSXText' && c.value.trim() === p.value.trim() ? env : null;
    case 'JSXExpressionContainer':
      return c.type === 'JSXExpressionContainer' ? matchNode(p.expression, c.expression, env, ctx) : null;
    default:
      return c.type === p.type ? matchGeneric(p, c, env, ctx) : null;
  }
}

/** `attr={x}` and `attr="x"` compare by what they hold. */
function jsxValue(v: N): N {
  return v.type === 'JSXExpressionContainer' ? v.expression : v;
}

/** Children without layout whitespace. */
function jsxChildren(el: N): N[] {
  return (el.children as N[]).filter((k) => !(k.type === 'JSXText' && k.value.trim() === ''));
}

/** `child_process.exec` in a pattern matches `exec` imported from child_process, and the like. */
function matchByPath(p: N, c: N, env: Env, ctx: MatchCtx): Env | null {
  const want = ctx.paths.get(p);
  if (want === undefined || (c.type !== 'Identifier' && c.type !== 'MemberExpression')) return null;
  return ctx.api.pathOf(c as unknown as AnyNode) === want ? env : null;
}

function matchMember(p: N, c: N, env: Env, ctx: MatchCtx): Env | null {
  if (c.type !== 'MemberExpression') return null;
  // `a.b` matches `a?.b` too; a pattern that writes `?.` means it.
  if (p.optional && !c.optional) return null;
  let e = matchNode(p.object, c.object, env, ctx);
  if (!e) return null;
  const pname = p.computed ? (stringValue(p.property) ?? undefined) : p.property.name;
  if (pname === undefined) {
    // A computed pattern property (`obj[$KEY]`) matches the code's property expression.
    return c.computed ? matchNode(p.property, c.property, e, ctx) : null;
  }
  if (!p.computed && isMetavar(p.property)) return bind(e, pname, c.property, ctx);
  return memberName(c as Parameters<typeof memberName>[0]) === pname ? e : null;
}

function keyName(prop: N): string | undefined {
  if (!prop.computed) return prop.key.type === 'Identifier' ? prop.key.name : stringValue(prop.key) ?? (prop.key.type === 'Literal' ? String(prop.key.value) : undefined);
  return stringValue(prop.key);
}

function matchKey(p: N, c: N, env: Env, ctx: MatchCtx): Env | null {
  if (!p.computed && isMetavar(p.key)) return bind(env, p.key.name, c.key, ctx);
  const pk = keyName(p);
  if (pk !== undefined) return keyName(c) === pk ? env : null;
  return c.computed ? matchNode(p.key, c.key, env, ctx) : null;
}

/** Object properties: order-free; with `...` the listed ones need only be present. */
function matchProperties(ps: N[], cs: N[], env: Env, ctx: MatchCtx): Env | null {
  const open = ps.some((x) => isEllipsis(x));
  const wanted = ps.filter((x) => !isEllipsis(x));
  if (!open && wanted.length !== cs.length) return null;
  if (wanted.length > cs.length) return null;
  const used = new Array<boolean>(cs.length).fill(false);
  // Backtracking over assignments; pattern property lists are short.
  const step = (i: number, e: Env): Env | null => {
    if (i === wanted.length) return e;
    for (let j = 0; j < cs.length; j++) {
      if (used[j]) continue;
      const e2 = matchNode(wanted[i]!, cs[j]!, e, ctx);
      if (!e2) continue;
      used[j] = true;
      const r = step(i + 1, e2);
      used[j] = false;
      if (r) return r;
      if (ctx.steps < 0) return null;
    }
    return null;
  };
  return step(0, env);
}

function matchFunction(p: N, c: N, env: Env, ctx: MatchCtx): Env | null {
  if (p.async && !c.async) return null;
  if (p.generator && !c.generator) return null;
  let e: Env | null = env;
  if (p.id) {
    if (!c.id) return null;
    e = matchNode(p.id, c.id, e, ctx);
    if (!e) return null;
  }
  e = matchList(p.params, c.params, e, ctx);
  if (!e) return null;
  const pb = p.body as N;
  const cb = c.body as N;
  if (pb.type === 'BlockStatement' || pb.type === 'FunctionBody') {
    if (cb.type === 'BlockStatement' || cb.type === 'FunctionBody') return matchList(pb.body, cb.body, e, ctx);
    // An arrow's expression body is `{ return body; }`.
    const stmts = pb.body as N[];
    if (stmts.length === 1 && isEllipsis(stmts[0])) return e;
    if (stmts.length === 1 && stmts[0]!.type === 'ReturnStatement' && stmts[0]!.argument) return matchNode(stmts[0]!.argument, cb, e, ctx);
    return null;
  }
  if (cb.type === 'BlockStatement' || cb.type === 'FunctionBody') {
    const stmts = cb.body as N[];
    return stmts.length === 1 && stmts[0]!.type === 'ReturnStatement' ? matchNode(pb, stmts[0]!.argument, e, ctx) : null;
  }
  return matchNode(pb, cb, e, ctx);
}

/** Same-type nodes: every child and flag the pattern sets must match. */
function matchGeneric(p: N, c: N, env: Env, ctx: MatchCtx): Env | null {
  let e: Env | null = env;
  for (const key in p) {
    if (IGNORED.has(key)) continue;
    const pv = p[key];
    const cv = c[key];
    // An absent optional part (else branch, initialiser, label) matches anything.
    if (pv === null || pv === undefined) continue;
    if (typeof pv !== 'object') {
      // A false flag (async, generator, prefix) is no constraint; declaration kinds are alike.
      if (pv === false || key === 'kind' && p.type === 'VariableDeclaration') continue;
      if (pv !== cv) return null;
      continue;
    }
    if (Array.isArray(pv)) {
      if (!Array.isArray(cv)) return null;
      e = matchList(pv, cv, e, ctx);
    } else if (typeof pv.type === 'string') {
      e = matchNode(pv, cv, e, ctx);
    } else {
      // Plain data (a regex's pattern, a template element's value): compare as text.
      if (JSON.stringify(pv) !== JSON.stringify(cv)) return null;
    }
    if (!e) return null;
  }
  return e;
}

/** A list with `...` items: each `...` stands for any number of code items. */
export function matchList(ps: (N | null)[], cs: (N | null)[], env: Env, ctx: MatchCtx): Env | null {
  const r = matchListFrom(ps, 0, cs, 0, env, ctx, true);
  return r ? r.env : null;
}

/**
 * Matches ps[pi..] against cs[ci..]. With `anchored` the code list must be used up; without it the
 * match may stop early (statement sequences inside a longer block). Returns bindings and the end.
 */
export function matchListFrom(
  ps: (N | null)[], pi: number, cs: (N | null)[], ci: number, env: Env, ctx: MatchCtx, anchored: boolean,
): { env: Env; end: number } | null {
  if (pi === ps.length) return !anchored || ci === cs.length ? { env, end: ci } : null;
  const p = ps[pi];
  if (p && isEllipsis(p)) {
    const rest = restName(p);
    if (rest !== undefined) return matchRest(rest, ps, pi, cs, ci, env, ctx, anchored);
    if (pi === ps.length - 1) return { env, end: anchored ? cs.length : ci };
    const q = ps[pi + 1];
    // `a; ... b;` where b is the last statement: b may sit inside a later statement (an if,
    // a loop, a callback, `return b`), as in the code a reviewer would read as "a, then b".
    const deep = q && isStatement(q) && !isEllipsis(q) && (pi + 2 === ps.length || (pi + 3 === ps.length && isEllipsis(ps[pi + 2])));
    for (let j = ci; j <= cs.length; j++) {
      const r = matchListFrom(ps, pi + 1, cs, j, env, ctx, anchored);
      if (r) return r;
      if (ctx.steps < 0) return null;
      if (deep && j < cs.length && cs[j]) {
        const e = matchInside(q!, cs[j]!, env, ctx);
        if (e && (!anchored || pi + 3 === ps.length || j === cs.length - 1)) return { env: e, end: anchored ? cs.length : j + 1 };
      }
    }
    return null;
  }
  if (ci >= cs.length) return null;
  const c = cs[ci];
  let e: Env | null;
  if (p === null || c === null) e = p === c ? env : null;
  else e = matchNode(p!, c!, env, ctx);
  return e ? matchListFrom(ps, pi + 1, cs, ci + 1, e, ctx, anchored) : null;
}

function isStatement(n: N): boolean {
  return n.type.endsWith('Statement') || n.type.endsWith('Declaration');
}

/** A statement pattern against the nodes nested in a code statement (not the statement itself). */
function matchInside(q: N, stmt: N, env: Env, ctx: MatchCtx): Env | null {
  const target = q.type === 'ExpressionStatement' ? (q.expression as N) : q;
  let found: Env | null = null;
  walk(stmt as unknown as AnyNode, (node) => {
    if (found || --ctx.steps < 0) return false;
    if (node === (stmt as unknown)) return;
    const n = node as unknown as N;
    if (target !== q && n.type !== unwrapCode(n).type) return;
    if (target === q ? n.type === q.type : n.type !== 'ExpressionStatement') {
      const e = matchNode(target as unknown as AnyNode, node, env, ctx);
      if (e) found = e;
    }
    return !found;
  });
  return found;
}

/** `<... e ...>`: e matches the code node itself or any node inside it. */
function matchDeep(q: N, code: N, env: Env, ctx: MatchCtx): Env | null {
  let found: Env | null = null;
  walk(code as unknown as AnyNode, (node) => {
    if (found || --ctx.steps < 0) return false;
    const e = matchNode(q, node, env, ctx);
    if (e) found = e;
    return !found;
  });
  return found;
}

/** Template text in a pattern: `...` inside it stands for any text (`\`SELECT ...${$X}\``). */
function textMatches(pat: string, text: string): boolean {
  if (!pat.includes('...')) return pat === text;
  const parts = pat.split('...');
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!text.startsWith(first) || text.length < first.length + last.length || !text.endsWith(last)) return false;
  let at = first.length;
  for (const mid of parts.slice(1, -1)) {
    const i = text.indexOf(mid, at);
    if (i < 0 || i + mid.length > text.length - last.length) return false;
    at = i + mid.length;
  }
  return true;
}

/** `$...NAME` in a list: like `...`, binding the items it stands for as one sequence node. */
function matchRest(
  name: string, ps: (N | null)[], pi: number, cs: (N | null)[], ci: number, env: Env, ctx: MatchCtx, anchored: boolean,
): { env: Env; end: number } | null {
  const last = pi === ps.length - 1;
  for (let j = last && anchored ? cs.length : ci; j <= cs.length; j++) {
    const at = ci < cs.length && cs[ci] ? cs[ci]!.start : ci > 0 && cs[ci - 1] ? cs[ci - 1]!.end : 0;
    const lastItem = j > ci ? cs[j - 1] : null;
    const seq = { type: 'RampartSequence', start: at, end: lastItem ? lastItem.end : at };
    // The items are only read when the binding is compared: built then, not for every length tried.
    Object.defineProperty(seq, 'items', { enumerable: true, get: () => cs.slice(ci, j).filter((x): x is N => x !== null) });
    const e = bind(env, name, seq, ctx);
    if (e) {
      const r = matchListFrom(ps, pi + 1, cs, j, e, ctx, anchored);
      if (r) return r;
    }
    if (ctx.steps < 0) return null;
  }
  return null;
}

/**
 * Branch refinement: conditions that make a value safe on one branch — allow-list membership
 * (`list.includes(x)`, `set.has(x)`, `x in MAP`), anchored regex tests, type checks, comparisons
 * with literals, a prefix check of a normalised path, a URL host allow-list. The refined value is
 * stored in the branch state's refinements (state.ts `ref`) under the tested name or member path.
 */
import { memberName } from '../ir/api-names.js';
import { ALL_KINDS_MASK, kindsMask } from '../models/compile.js';
import type { AnyNode } from '../parse/walk.js';
import type { Analyzer } from './context.js';
import { setRef, type State } from './state.js';
import { evalExpr, readVar, staticKey } from './transfer.js';
import { F_CLEAN_SCALAR, F_NOT_DSLASH, F_PATH_NORM, F_REL_SLASH, allFlows, cleanFlows, type Value } from './value.js';

type N = AnyNode & Record<string, any>;

const MAX_GUARD_DEPTH = 32;
const URL_MASK = kindsMask(['ssrf', 'open-redirect']);
const PATH_MASK = kindsMask(['path-traversal']);
const NOSQL_MASK = kindsMask(['nosql-injection']);
const REDIRECT_MASK = kindsMask(['open-redirect']);
const ALLOW_METHODS = new Set(['includes', 'has', 'hasOwnProperty']);
/**
 * Boolean validators by name: `isUUID(x)`, `validator.isInt(x)`, `isValidPath(x)`, `isPathInside(p, root)`,
 * `vh.vUrl(x)`, `validateInput(x)`, `checkAllowed(x)`. Type probes that say nothing of content are not.
 */
const VALIDATOR = /^(is[A-Z0-9]\w*|path[iI]s[A-Z]\w*|v[A-Z]\w*|(valid|validate|verify|check|allowed|whitelist|allowlist|safe)[A-Z_]?\w*)$/;
const NOT_VALIDATOR = /^is(String|Object|Array|Defined|Undefined|Present|Empty|Truthy|Falsy|Set|Function|Buffer|Null|Nil|Error|Plain\w*|Stream|Readable|Writable|Directory|File|Symlink|Absolute)$/;

function unwrap(n: N): N {
  let x = n;
  for (let i = 0; i < 16; i++) {
    if (x.type === 'ChainExpression' || x.type === 'ParenthesizedExpression' || x.type === 'TSAsExpression' || x.type === 'TSNonNullExpression') x = x.expression;
    else if (x.type === 'AwaitExpression') x = x.argument;
    else return x;
  }
  return x;
}

function isLiteral(n: N): boolean {
  return (n.type === 'Literal' && !n.regex) || (n.type === 'TemplateLiteral' && n.expressions.length === 0)
    || (n.type === 'UnaryExpression' && n.operator === '-' && n.argument.type === 'Literal');
}

/** Marks the value named by `target` clean for the kinds in `mask` on this branch. */
function cleanTarget(A: Analyzer, target: N, mask: number, st: State, d: number): void {
  const t = unwrap(target);
  const key = t.type === 'Identifier' ? t.name : staticKey(t);
  if (key === undefined) return;
  const cur = t.type === 'Identifier' ? readVar(A, t.name, st) : evalExpr(A, t, st, d + 1);
  const flows = allFlows(cur);
  if (flows.length === 0) return;
  let nv: Value;
  if ((mask & ALL_KINDS_MASK) === ALL_KINDS_MASK) nv = cur.api !== undefined ? { api: cur.api } : {};
  else {
    const cf = cleanFlows(flows, mask, ALL_KINDS_MASK);
    nv = { ...cur, flows: cf.length > 0 ? cf : undefined };
    delete nv.fields;
  }
  setRef(st, key, nv);
  // `r = path.resolve(p)` checked to be inside a root: `p` names the same file.
  if (cur.normOf !== undefined && cur.normOf !== key && (mask & PATH_MASK) !== 0) {
    const src = readVar(A, cur.normOf, st);
    const sf = allFlows(src);
    if (sf.length > 0) {
      const cf = cleanFlows(sf, PATH_MASK, ALL_KINDS_MASK);
      const sv: Value = { ...src, flows: cf.length > 0 ? cf : undefined };
      delete sv.fields;
      setRef(st, cur.normOf, sv);
    }
  }
}

/** `new URL(u).host`, or `url.hostname` where url came from `new URL(u)`: the URL objects to clean. */
function urlTargets(A: Analyzer, n: N, st: State): N[] {
  const x = unwrap(n);
  if (x.type !== 'MemberExpression') return [];
  const prop = memberName(x);
  if (prop !== 'host' && prop !== 'hostname' && prop !== 'origin' && prop !== 'protocol') return [];
  const o = unwrap(x.object);
  if (o.type === 'NewExpression' && o.callee.type === 'Identifier' && o.callee.name === 'URL' && o.arguments[0]) return [o.arguments[0]];
  if (o.type === 'Identifier') {
    const v = readVar(A, o.name, st);
    const out: N[] = [o];
    if (v.urlOf) out.push({ type: 'Identifier', name: v.urlOf, start: o.start, end: o.end } as N);
    return out;
  }
  return [];
}

function anchoredRegex(n: N): boolean {
  const x = unwrap(n);
  if (x.type !== 'Literal' || !x.regex) return false;
  const p = String(x.regex.pattern);
  if (!p.startsWith('^') || !p.endsWith('$') || p.endsWith('\\$')) return false;
  // `.` with a repetition lets anything through.
  if (/(^|[^\\])\.[*+{]/.test(p)) return false;
  // `^a|b$` anchors only one side; `^(a|b)$` is fine.
  return !p.includes('|') || (p.startsWith('^(') && p.endsWith(')$'));
}

/** Applies what `cond` being `truth` tells about values, to the branch state `st`. */
export function refine(A: Analyzer, cond: AnyNode, truth: boolean, st: State, d: number): void {
  refineInner(A, cond as N, truth, st, d, 0);
}

function refineInner(A: Analyzer, cond: N, truth: boolean, st: State, d: number, depth: number): void {
  if (depth > MAX_GUARD_DEPTH) return;
  const c = unwrap(cond);
  switch (c.type) {
    case 'UnaryExpression':
      if (c.operator === '!') refineInner(A, c.argument, !truth, st, d, depth + 1);
      return;
    case 'LogicalExpression':
      if (c.operator === '&&' && truth) {
        refineInner(A, c.left, true, st, d, depth + 1);
        refineInner(A, c.right, true, st, d, depth + 1);
      } else if (c.operator === '||' && !truth) {
        refineInner(A, c.left, false, st, d, depth + 1);
        refineInner(A, c.right, false, st, d, depth + 1);
      } else if (c.operator === '&&' && !truth) {
        // `if (!isSame && !isInside(p, root)) return`: a local comparison result only admits another
        // special case, so what the other side tells still holds.
        if (comparisonFlag(A, c.left, st)) refineInner(A, c.right, false, st, d, depth + 1);
        else if (comparisonFlag(A, c.right, st)) refineInner(A, c.left, false, st, d, depth + 1);
      }
      return;
    case 'CallExpression':
      if (truth) refineCallTrue(A, c, st, d);
      else refineCallFalse(A, c, st, d);
      return;
    case 'BinaryExpression':
      refineBinary(A, c, truth, st, d);
      return;
  }
}

/** A (negated) local variable holding a comparison of untainted values (`const same = a === b`). */
function comparisonFlag(A: Analyzer, n: N, st: State): boolean {
  let x = unwrap(n);
  if (x.type === 'UnaryExpression' && x.operator === '!') x = unwrap(x.argument);
  if (x.type !== 'Identifier') return false;
  const v = readVar(A, x.name, st);
  return ((v.flags ?? 0) & F_CLEAN_SCALAR) !== 0 && allFlows(v).length === 0 && v.lit === undefined;
}

function refineCallTrue(A: Analyzer, c: N, st: State, d: number): void {
  const callee = unwrap(c.callee);
  const arg0 = c.arguments[0] as N | undefined;
  if (callee.type === 'Identifier') {
    // isFinite(x); a user's isValidX(x) / isSafePath(x) style validator.
    if (arg0 && (callee.name === 'isFinite' || isValidatorName(callee.name))) cleanTarget(A, arg0, ALL_KINDS_MASK, st, d);
    return;
  }
  if (callee.type !== 'MemberExpression') return;
  const m = memberName(callee);
  if (!m) return;
  const recv = callee.object as N;
  if (ALLOW_METHODS.has(m) && arg0) {
    // The list itself must not be input (`req.query.list.includes(x)` allows anything).
    const rv = evalExpr(A, recv, st, d + 1);
    if (allFlows(rv).length > 0) return;
    const urls = urlTargets(A, arg0, st);
    if (urls.length > 0) {
      for (const u of urls) cleanTarget(A, u, URL_MASK, st, d);
      return;
    }
    cleanTarget(A, arg0, ALL_KINDS_MASK, st, d);
    return;
  }
  if (m === 'hasOwn' && c.arguments[1]) {
    cleanTarget(A, c.arguments[1], ALL_KINDS_MASK, st, d);
    return;
  }
  if (m === 'test' && arg0 && anchoredRegex(recv)) {
    cleanTarget(A, arg0, ALL_KINDS_MASK, st, d);
    return;
  }
  if ((m === 'isInteger' || m === 'isSafeInteger' || m === 'isFinite') && arg0) {
    cleanTarget(A, arg0, ALL_KINDS_MASK, st, d);
    return;
  }
  if (m === 'startsWith' && arg0 && isLiteral(arg0)) {
    // A local path: starts with '/' and not with '//' (a protocol-relative URL) — both checks needed.
    if (literalValue(arg0) === '/') markRelative(A, recv, F_REL_SLASH, st, d);
    return;
  }
  if (m === 'startsWith' && arg0) {
    const rv = evalExpr(A, recv, st, d + 1);
    if (((rv.flags ?? 0) & F_PATH_NORM) !== 0) {
      const av = evalExpr(A, arg0, st, d + 1);
      if (allFlows(av).length === 0) cleanTarget(A, recv, PATH_MASK, st, d);
    }
    return;
  }
  if (isValidatorName(m) && arg0) cleanTarget(A, arg0, ALL_KINDS_MASK, st, d);
}

function isValidatorName(name: string): boolean {
  return VALIDATOR.test(name) && !NOT_VALIDATOR.test(name);
}

function refineCallFalse(A: Analyzer, c: N, st: State, d: number): void {
  const callee = unwrap(c.callee);
  const arg0 = c.arguments[0] as N | undefined;
  if (!arg0) return;
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : undefined;
  if (name === 'isNaN') cleanTarget(A, arg0, ALL_KINDS_MASK, st, d);
  // `!x.includes('/')` / `!x.includes('..')`: no separator or parent step, so no traversal.
  if (name === 'includes' && callee.type === 'MemberExpression' && isLiteral(arg0)) {
    const lit = literalValue(arg0);
    if (lit === '/' || lit === '..' || lit === '../') cleanTarget(A, callee.object, PATH_MASK, st, d);
  }
  if (name === 'startsWith' && callee.type === 'MemberExpression' && isLiteral(arg0) && literalValue(arg0) === '//') {
    markRelative(A, callee.object, F_NOT_DSLASH, st, d);
  }
}

function literalValue(n: N): unknown {
  const x = unwrap(n);
  if (x.type === 'Literal') return x.value;
  if (x.type === 'TemplateLiteral' && x.expressions.length === 0) return x.quasis[0]?.value?.cooked;
  return undefined;
}

/** Records one half of the local-path check; with both halves the value is clean for open redirect. */
function markRelative(A: Analyzer, target: N, flag: number, st: State, d: number): void {
  const t = unwrap(target);
  const key = t.type === 'Identifier' ? t.name : staticKey(t);
  if (key === undefined) return;
  const cur = t.type === 'Identifier' ? readVar(A, t.name, st) : evalExpr(A, t, st, d + 1);
  if (allFlows(cur).length === 0) return;
  const flags = (cur.flags ?? 0) | flag;
  let nv: Value = { ...cur, flags };
  if ((flags & (F_REL_SLASH | F_NOT_DSLASH)) === (F_REL_SLASH | F_NOT_DSLASH)) {
    const cf = cleanFlows(allFlows(cur), REDIRECT_MASK, ALL_KINDS_MASK);
    nv = { ...nv, flows: cf.length > 0 ? cf : undefined };
    delete nv.fields;
  }
  setRef(st, key, nv);
}

function typeofTarget(n: N): N | undefined {
  const x = unwrap(n);
  return x.type === 'UnaryExpression' && x.operator === 'typeof' ? x.argument : undefined;
}

function refineBinary(A: Analyzer, c: N, truth: boolean, st: State, d: number): void {
  const op = c.operator as string;
  if (op === 'in') {
    if (truth) {
      const rv = evalExpr(A, c.right, st, d + 1);
      if (allFlows(rv).length === 0) cleanTarget(A, c.left, ALL_KINDS_MASK, st, d);
    }
    return;
  }
  const eq = op === '===' || op === '==';
  const ne = op === '!==' || op === '!=';
  if (!eq && !ne && op !== '>' && op !== '>=' && op !== '<') return;
  const left = unwrap(c.left);
  const right = unwrap(c.right);
  // arr.indexOf(x) !== -1 / >= 0 / > -1: membership.
  const idx = left.type === 'CallExpression' ? left : undefined;
  if (idx && unwrap(idx.callee).type === 'MemberExpression' && memberName(unwrap(idx.callee)) === 'indexOf' && isLiteral(right)) {
    const lit = right.type === 'UnaryExpression' ? -Number((right.argument as N).value) : Number(right.value);
    // p.indexOf(root) === 0: a prefix check, like startsWith.
    if (lit === 0 && (eq ? truth : ne ? !truth : false) && idx.arguments[0]) {
      const recv = unwrap(idx.callee).object as N;
      const rv = evalExpr(A, recv, st, d + 1);
      if (((rv.flags ?? 0) & F_PATH_NORM) !== 0 && allFlows(evalExpr(A, idx.arguments[0], st, d + 1)).length === 0) cleanTarget(A, recv, PATH_MASK, st, d);
      return;
    }
    const member = (op === '!==' || op === '!=') && lit === -1 ? truth
      : (op === '===' || op === '==') && lit === -1 ? !truth
        : op === '>=' && lit === 0 ? truth
          : op === '>' && lit === -1 ? truth : false;
    // x.indexOf('..') === -1: no parent step.
    const needle = idx.arguments[0] ? literalValue(idx.arguments[0]) : undefined;
    if (!member && lit === -1 && (needle === '..' || needle === '/') && (eq ? truth : !truth)) {
      cleanTarget(A, unwrap(idx.callee).object, PATH_MASK, st, d);
      return;
    }
    if (member) {
      const recv = unwrap(idx.callee).object;
      const rv = evalExpr(A, recv, st, d + 1);
      if (allFlows(rv).length === 0 && idx.arguments[0]) cleanTarget(A, idx.arguments[0], ALL_KINDS_MASK, st, d);
    }
    return;
  }
  if (!eq && !ne) return;
  const holds = eq ? truth : !truth;
  if (!holds) return;
  // p.slice(0, root.length) === root (also substr/substring): a prefix check, like startsWith.
  if (left.type === 'CallExpression' && unwrap(left.callee).type === 'MemberExpression') {
    const m = memberName(unwrap(left.callee));
    const a0 = left.arguments[0] as N | undefined;
    if ((m === 'slice' || m === 'substr' || m === 'substring') && a0 && isLiteral(a0) && literalValue(a0) === 0) {
      const recv = unwrap(left.callee).object as N;
      const rv = evalExpr(A, recv, st, d + 1);
      if (((rv.flags ?? 0) & F_PATH_NORM) !== 0 && allFlows(evalExpr(A, right, st, d + 1)).length === 0) cleanTarget(A, recv, PATH_MASK, st, d);
      return;
    }
  }
  const tl = typeofTarget(left);
  const tr = typeofTarget(right);
  if (tl || tr) {
    const lit = tl ? right : left;
    const val = lit.type === 'Literal' ? lit.value : undefined;
    if (val === 'number' || val === 'boolean' || val === 'bigint' || val === 'undefined') cleanTarget(A, (tl ?? tr)!, ALL_KINDS_MASK, st, d);
    // A string cannot carry query operators ({ $gt: '' }).
    else if (val === 'string') cleanTarget(A, (tl ?? tr)!, NOSQL_MASK, st, d);
    return;
  }
  if (isLiteral(right)) cleanTarget(A, left, ALL_KINDS_MASK, st, d);
  else if (isLiteral(left)) cleanTarget(A, right, ALL_KINDS_MASK, st, d);
}

/**
 * Does a merge descend into `target[key]` only when that value is an object (never a function)?
 * Then a key 'constructor' meets Object (a function), is not descended into, and never reaches
 * Object.prototype: a '__proto__'-only guard is then enough. Two shapes besides the inline
 * `typeof target[key] === 'object'` the rule reads itself:
 *  - a test by an in-file helper that accepts objects only (`isObject(dst[key])` with
 *    `function isObject(v) { return v !== null && typeof v === 'object' }`; lodash's isObject,
 *    which also accepts functions, is not one);
 *  - the recursion's own parameter tested on entry (`function apply(doc, patch) { if (typeof doc
 *    !== 'object') doc = {}; … doc[key] = apply(doc[key], v) }`, `this.isObject(target)`).
 */
import { walk } from '../../parse/walk.js';
import { unwrap } from '../../ir/api-names.js';
import { text, type FileFacts, type N, type Unit } from './facts.js';

function params(fn: N): string[] {
  return (fn.params as N[]).map((p) => {
    const q = p.type === 'AssignmentPattern' ? p.left : p;
    return q.type === 'Identifier' ? q.name as string : '';
  });
}

/** A string literal, or a `const NAME = 'literal'` of the file: its value. */
function stringValue(facts: FileFacts, source: string, e: N): string | undefined {
  const n = unwrap(e);
  if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
  if (n.type !== 'Identifier') return undefined;
  const decl = facts.declarations.filter((d) => d.name === n.name);
  if (decl.length !== 1) return undefined;
  const m = /^(['"])(\w+)\1$/.exec(source.slice(decl[0]!.start, decl[0]!.end).trim());
  return m?.[2];
}

/** `Object.prototype.toString`, `{}.toString`, or an in-file name bound to one of them (`var nativeToString = Object.prototype.toString`). */
function isToString(facts: FileFacts, source: string, e: N): boolean {
  const t = text(source, unwrap(e)).replace(/\s+/g, '');
  if (t === 'Object.prototype.toString' || t === '{}.toString' || t === '({}).toString') return true;
  if (unwrap(e).type !== 'Identifier') return false;
  const decl = facts.declarations.filter((d) => d.name === t);
  return decl.length === 1 && /^(?:Object\.prototype|\(?\{\}\)?)\.toString$/.test(source.slice(decl[0]!.start, decl[0]!.end).replace(/\s+/g, ''));
}

/** The toString tags that name an object type: '[object Object]' is never a function's ('[object Function]'). */
const TAG_TYPES: Record<string, string> = { '[object Object]': 'object', '[object Function]': 'function' };

/**
 * `typeof X ==/===/!=/!== 'object'|'function'` in `root`, and the tag test `toString.call(X) ===
 * '[object Object]'` (equality only): the type names compared for operands whose text is in `subjects`.
 */
function typeofTests(facts: FileFacts, source: string, root: N, subjects: (t: string) => boolean): Set<string> {
  const out = new Set<string>();
  walk(root, (node) => {
    const n = node as N;
    if (n.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(n.operator)) {
      for (const [a, b] of [[n.left, n.right], [n.right, n.left]] as [N, N][]) {
        const t = unwrap(a);
        const tag = stringValue(facts, source, b);
        if ((n.operator === '===' || n.operator === '==') && tag !== undefined && TAG_TYPES[tag] && t.type === 'CallExpression'
          && t.arguments.length === 1 && subjects(text(source, t.arguments[0] as N))) {
          const c = unwrap(t.callee);
          if (c.type === 'MemberExpression' && !c.computed && c.property.name === 'call' && isToString(facts, source, c.object as N)) out.add(TAG_TYPES[tag]!);
        }
        if (t.type !== 'UnaryExpression' || t.operator !== 'typeof' || !subjects(text(source, t.argument))) continue;
        const v = stringValue(facts, source, b);
        if (v) out.add(v);
      }
    }
    return true;
  });
  return out;
}

const testerMemo = new WeakMap<FileFacts, Set<string>>();

/** Names of in-file functions that return `typeof p === 'object'` (with other conditions) and never test for 'function'. */
export function objectTesters(facts: FileFacts, source: string): Set<string> {
  let out = testerMemo.get(facts);
  if (out) return out;
  out = new Set();
  for (const u of facts.units) {
    const ps = params(u.fn).filter(Boolean);
    if (u.names.length === 0 || ps.length === 0 || u.assignments.length > 0) continue;
    const body = u.fn.body as N;
    const stmts = body.type === 'BlockStatement' ? body.body as N[] : [{ type: 'ReturnStatement', argument: body } as N];
    if (stmts.length !== 1 || stmts[0]!.type !== 'ReturnStatement' || !stmts[0]!.argument) continue;
    const types = typeofTests(facts, source, stmts[0]!.argument as N, (t) => ps.includes(t));
    if (types.has('object') && !types.has('function')) for (const nm of u.names) out.add(nm);
  }
  testerMemo.set(facts, out);
  return out;
}

/** Does `root` hold a call of an object tester given something `about` accepts? */
function testerCalled(root: N, testers: Set<string>, about: (arg: N) => boolean): boolean {
  let found = false;
  walk(root, (node) => {
    const n = node as N;
    if (found) return false;
    if (n.type === 'CallExpression' && n.arguments.length >= 1) {
      const c = unwrap(n.callee);
      const name = c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' && !c.computed ? c.property.name : undefined;
      if (name !== undefined && testers.has(name) && about(n.arguments[0] as N)) found = true;
    }
    return !found;
  });
  return found;
}

/**
 * The merge descends into `member` (or a name bound to it, in `aliases`) only as an object: an
 * object tester is given it, or the recursive call hands it to a parameter the function tests
 * (typeof or an object tester) on entry.
 */
export function objectOnlyDescent(u: Unit, facts: FileFacts, source: string, member: string, aliases: Set<string>): boolean {
  const testers = objectTesters(facts, source);
  const isMember = (e: N): boolean => {
    const t = text(source, e);
    return t === member || aliases.has(t);
  };
  if (testers.size > 0 && testerCalled(u.fn.body as N, testers, isMember)) return true;
  const ps = params(u.fn);
  for (const c of u.calls) {
    if (c.name === undefined || !u.names.includes(c.name)) continue;
    // `f.call(this, a, b)`: the first argument is `this`.
    const callee = unwrap(c.node.callee);
    const shift = callee.type === 'MemberExpression' && !callee.computed && callee.property.name === 'call' ? 1 : 0;
    c.args.forEach((arg, i) => {
      const p = ps[i - shift];
      if (!p || !isMember(arg)) return;
      const types = typeofTests(facts, source, u.fn.body as N, (t) => t === p);
      const tested = (types.has('object') && !types.has('function'))
        || (testers.size > 0 && !types.has('function') && testerCalled(u.fn.body as N, testers, (a) => text(source, a) === p));
      if (tested) ps[i - shift] = '\u0000ok';
    });
  }
  return ps.includes('\u0000ok');
}

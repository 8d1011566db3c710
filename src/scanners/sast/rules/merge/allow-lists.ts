/**
 * Keys looked up in a fixed list before the write: `const ALLOWED = ['name', 'email']; if
 * (!ALLOWED.includes(k)) continue;` (also `.has` of a `new Set([...])`, `.indexOf`). A list of
 * string literals that names none of '__proto__', 'constructor', 'prototype' lets only those keys
 * through, so the merge never descends into a prototype.
 */
import { walk } from '../../parse/walk.js';
import { memberName, unwrap } from '../../ir/api-names.js';
import type { FileFacts, N, Unit } from './facts.js';

const DANGER = /^(?:__proto__|constructor|prototype)$/;
/** `['a', "b-c"]` or `new Set(['a'])` as text (linear: one class per element, no nesting). */
const FIXED_TEXT = /^(?:new\s+Set\(\s*)?\[\s*(?:(['"])[\w$.-]*\1\s*(?:,\s*)?)+\]\s*\)?$/;

/** An array literal of plain strings (or `new Set([...])` of one), none of them dangerous. */
function fixedList(e: N | undefined): boolean {
  if (!e) return false;
  let n = unwrap(e);
  if (n.type === 'NewExpression' && unwrap(n.callee).type === 'Identifier' && unwrap(n.callee).name === 'Set' && n.arguments[0]) n = unwrap(n.arguments[0] as N);
  if (n.type !== 'ArrayExpression' || n.elements.length === 0) return false;
  return (n.elements as (N | null)[]).every((x) => x?.type === 'Literal' && typeof x.value === 'string' && !DANGER.test(x.value));
}

/** Names of keys the function tests for membership in a fixed list in an `if` test. */
export function allowListedKeys(u: Unit, facts: FileFacts, source: string): Set<string> {
  const out = new Set<string>();
  const fixedName = (name: string): boolean => {
    const own = u.bindings.filter((b) => b.name === name);
    if (own.length > 0) return own.length === 1 && fixedList(own[0]!.value);
    // A module constant: `const ALLOWED = ['name', 'email']` (read from its text).
    const decl = facts.declarations.filter((d) => d.name === name);
    if (decl.length !== 1) return false;
    const t = source.slice(decl[0]!.start, decl[0]!.end);
    return FIXED_TEXT.test(t) && !/__proto__|constructor|prototype/.test(t);
  };
  walk(u.fn.body as N, (node) => {
    const n = node as N;
    if (n.type !== 'IfStatement') return true;
    walk(n.test, (t) => {
      const c = t as N;
      if (c.type !== 'CallExpression' || !c.arguments[0]) return true;
      const callee = unwrap(c.callee);
      if (callee.type !== 'MemberExpression' || !['includes', 'has', 'indexOf'].includes(memberName(callee) ?? '')) return true;
      const recv = unwrap(callee.object);
      const arg = unwrap(c.arguments[0] as N);
      if (arg.type !== 'Identifier') return true;
      if (fixedList(recv) || (recv.type === 'Identifier' && fixedName(recv.name))) out.add(arg.name);
      return true;
    });
    return true;
  });
  return out;
}

/**
 * The deprecated `new Buffer(x)` / `Buffer(x)` with a value that may be a number: given a number,
 * the constructor allocates that many bytes without clearing them (Node < 8), so whatever the
 * process held there before (keys, other users' requests) is sent on; on any Node it allocates
 * as much memory as the caller asks. The classic bug is a library that expects a string and
 * gets a number from its caller's JSON. Values that are text by construction (literals,
 * concatenation with text, String(x), x.toString()), arrays, sizes the code computes itself
 * (`a.length`, arithmetic, number literals) and calls after a `typeof x === 'number'` check that
 * coerces or leaves are not reported. A name that merely sounds like text (`str`, `opts.password`)
 * proves nothing: that is the very value a caller passes a number in. An encoding argument does
 * not help either: Node before 6 ignored it for a number (`new Buffer(str, 'base64')`). A size
 * taken from a caller (`new Buffer(opts.size)`, a `len` summed from its input) is reported too:
 * those bytes stay uninitialised unless every one is written; Buffer.alloc() zeroes them.
 */
import type { AstHit, AstRule } from './types.js';
import { memberName, unwrap } from '../ir/api-names.js';
import { type FileFacts, type N, callsNamed, enclosingFunction, factsOf, hitAt, isFunction, stringValue } from './ast-facts.js';
import { walk } from '../parse/walk.js';

const BUFFER_PATHS = new Set(['Buffer', 'buffer.Buffer', 'safe-buffer.Buffer', 'node:buffer.Buffer']);
/** Methods whose result is a string (or an array/Buffer): the argument cannot be a number. */
const TEXT_METHODS = new Set([
  'toString', 'join', 'replace', 'replaceAll', 'toLowerCase', 'toUpperCase', 'trim', 'trimStart', 'trimEnd', 'substr', 'substring',
  'padStart', 'padEnd', 'repeat', 'stringify', 'format', 'concat', 'slice', 'split', 'map', 'filter', 'from', 'toJSON', 'encode',
  'toISOString', 'normalize', 'charAt',
]);
const TEXT_FUNCTIONS = new Set(['String', 'encodeURIComponent', 'encodeURI', 'escape', 'unescape', 'decodeURIComponent', 'btoa', 'atob']);
/** Members that measure data the program holds (`chunk.length`): a size it computed itself. */
const MEASURES = new Set(['length', 'byteLength']);
const MAX_DEPTH = 6;

/** Text of an expression without spaces (to compare the argument with a typeof check's subject). */
function text(source: string, n: N): string {
  const m = unwrap(n);
  return source.slice(m.start, m.end).replace(/\s+/g, '');
}

/** Is this a value that cannot be a number: text, an array, a buffer, an object, or a deliberate size? */
function notCallerNumber(node: N, f: FileFacts, depth = 0): boolean {
  const n = unwrap(node);
  if (depth > MAX_DEPTH) return false;
  switch (n.type) {
    case 'Literal':
      return true; // a string is text; a number literal is an explicit size
    case 'TemplateLiteral':
    case 'ArrayExpression':
    case 'ObjectExpression':
      return true;
    case 'BinaryExpression':
      // '-' '*' '/' '|' '<<' …: arithmetic is an explicit size; '+' is text when either side is, and
      // a size when either side is a number or a size (`2 + len`).
      if (n.operator !== '+') return true;
      return isText(n.left, f, depth + 1) || isText(n.right, f, depth + 1) || isSize(n.left) || isSize(n.right);
    case 'ConditionalExpression':
      return notCallerNumber(n.consequent, f, depth + 1) && notCallerNumber(n.alternate, f, depth + 1);
    case 'LogicalExpression':
      return notCallerNumber(n.left, f, depth + 1) && notCallerNumber(n.right, f, depth + 1);
    case 'MemberExpression':
      return isMeasure(n);
    case 'Identifier':
      return assignedOnlyText(n.name, n, f, depth);
    case 'CallExpression':
    case 'NewExpression':
      // A call's result is the program's own computation (`big.toByteArray()`, `grow(len)`), not
      // a value its caller handed over unchecked, which is what this bug is about.
      return true;
    default:
      return false;
  }
}

/** `a.length`, `buf.byteLength`, a number literal: a size the program measured or chose. */
function isSize(node: N): boolean {
  const n = unwrap(node);
  if (n.type === 'Literal') return typeof n.value === 'number';
  return isMeasure(n);
}

function isMeasure(n: N): boolean {
  return n.type === 'MemberExpression' && !n.computed && MEASURES.has(memberName(n) ?? '');
}

/** A value that is text by construction. */
function isText(node: N, f: FileFacts, depth: number): boolean {
  const n = unwrap(node);
  if (depth > MAX_DEPTH) return false;
  if (stringValue(n) !== undefined || n.type === 'TemplateLiteral') return true;
  if (n.type === 'BinaryExpression' && n.operator === '+') return isText(n.left, f, depth + 1) || isText(n.right, f, depth + 1);
  if (n.type === 'Identifier') return assignedOnlyText(n.name, n, f, depth);
  if (n.type !== 'CallExpression') return false;
  const c = unwrap(n.callee);
  if (c.type === 'Identifier') return TEXT_FUNCTIONS.has(c.name);
  return c.type === 'MemberExpression' && TEXT_METHODS.has(memberName(c) ?? '');
}

/**
 * A local variable every write of which (declaration and assignments in the same function) is
 * text or an array: `var preamble = '--' + b; preamble += k + ': ' + v`. Parameters are not.
 */
function assignedOnlyText(name: string, use: N, f: FileFacts, depth: number): boolean {
  const fn = enclosingFunction(use, f);
  const inScope = (x: N): boolean => !fn || (x.start >= fn.start && x.end <= fn.end);
  if (fn && (fn.params as N[]).some((p) => unwrap(p).type === 'Identifier' && unwrap(p).name === name)) return false;
  const decls = (f.decls.get(name) ?? []).filter(inScope);
  if (decls.length !== 1 || !decls[0]!.init) return false;
  if (!notCallerNumber(decls[0]!.init, f, depth + 1)) return false;
  for (const a of f.assignments) {
    const l = unwrap(a.left);
    if (l.type !== 'Identifier' || l.name !== name || !inScope(a)) continue;
    if (a.operator === '+=' ? !isText(a.right, f, depth + 1) && !isText(decls[0]!.init, f, depth + 1) : !notCallerNumber(a.right, f, depth + 1)) return false;
  }
  return true;
}

/** `typeof x` (or a name declared as `typeof x`) for the argument's text. */
function typeofOf(side: N, arg: string, source: string, f: FileFacts): boolean {
  const s = unwrap(side);
  if (s.type === 'UnaryExpression' && s.operator === 'typeof') return text(source, s.argument) === arg;
  if (s.type === 'Identifier') {
    for (const d of f.decls.get(s.name) ?? []) {
      const init = d.init ? unwrap(d.init) : undefined;
      if (init?.type === 'UnaryExpression' && init.operator === 'typeof' && text(source, init.argument) === arg) return true;
    }
  }
  return false;
}

/** Does a branch leave (throw/return) or write to the argument (`x = x.toString()`, `x = [x]`)? */
function coercesOrLeaves(branch: N, arg: string, source: string): boolean {
  let found = false;
  walk(branch, (node) => {
    const c = node as N;
    if (found || isFunction(c)) return false;
    if (c.type === 'ThrowStatement' || c.type === 'ReturnStatement') found = true;
    else if (c.type === 'AssignmentExpression' && text(source, c.left) === arg) found = true;
    return !found;
  });
  return found;
}

/** `isBufferish(x)`, `Array.isArray(x)`, `isString(x)` (not isNumber): a type test on the argument. */
function isTypeTest(test: N, arg: string, source: string): boolean {
  const t = unwrap(test);
  if (t.type === 'LogicalExpression' && t.operator === '&&') return isTypeTest(t.left, arg, source) || isTypeTest(t.right, arg, source);
  if (t.type !== 'CallExpression') return false;
  const c = unwrap(t.callee);
  const name = c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' ? memberName(c) : undefined;
  if (!name || !/^is[A-Z_]/.test(name) || /num|int|float|finite|nan|size/i.test(name)) return false;
  return (t.arguments as N[]).some((a) => text(source, a) === arg);
}

/** Inside the branch of an if/ternary whose test says the argument is a string, array or buffer. */
function predicateGuarded(call: N, arg: string, source: string, f: FileFacts): boolean {
  let cur = call;
  for (let i = 0; i < 40; i++) {
    const p = f.parent.get(cur);
    if (!p || isFunction(p)) return false;
    if ((p.type === 'IfStatement' || p.type === 'ConditionalExpression') && p.consequent === cur && isTypeTest(p.test, arg, source)) return true;
    cur = p;
  }
  return false;
}

function within(inner: N, outer: N | null | undefined): boolean {
  return !!outer && inner.start >= outer.start && inner.end <= outer.end;
}

/**
 * Is the call protected by a typeof test on its argument: after `if (typeof x == 'number')` that
 * coerces or leaves, or inside the branch where x is a string / not a number?
 */
function typeGuarded(call: N, argNode: N, source: string, f: FileFacts): boolean {
  const arg = text(source, argNode);
  const fn = enclosingFunction(call, f);
  for (const eq of f.equalities) {
    if (fn && !within(eq, fn)) continue;
    let type: string | undefined;
    if (typeofOf(eq.left, arg, source, f)) type = stringValue(eq.right);
    else if (typeofOf(eq.right, arg, source, f)) type = stringValue(eq.left);
    if (type === undefined) continue;
    const positive = eq.operator === '===' || eq.operator === '==';
    // The if statement or ternary whose test holds the comparison.
    let cur: N = eq;
    let branch: N | undefined;
    for (let i = 0; i < 8; i++) {
      const p = f.parent.get(cur);
      if (!p) break;
      if ((p.type === 'IfStatement' || p.type === 'ConditionalExpression') && p.test === cur) {
        branch = p;
        break;
      }
      if (p.type !== 'LogicalExpression' && p.type !== 'UnaryExpression' && p.type !== 'ParenthesizedExpression') break;
      cur = p;
    }
    if (!branch) continue;
    const inThen = within(call, branch.consequent);
    const inElse = within(call, branch.alternate);
    // Only a plain test (no || / !) says which branch the type is known in.
    const plain = cur === eq;
    if (type === 'number') {
      if (plain && ((positive && inElse) || (!positive && inThen))) return true;
      if (!inThen && !inElse && call.start > branch.end && (positive ? coercesOrLeaves(branch.consequent, arg, source) : false)) return true;
    } else if (type === 'string' || type === 'object') {
      if (plain && ((positive && inThen) || (!positive && inElse))) return true;
      if (!positive && !inThen && !inElse && call.start > branch.end && coercesOrLeaves(branch.consequent, arg, source)) return true;
    }
  }
  return false;
}

export const uninitializedBuffer: AstRule = {
  meta: {
    id: 'sast/js/uninitialized-buffer',
    title: 'Deprecated Buffer constructor with a value that may be a number',
    severity: 'medium',
    cwe: [908, 200],
    description:
      '`new Buffer(x)` and `Buffer(x)` treat a number as a size: on Node before 8 they return that many bytes of ' +
      'uninitialised memory (old secrets, other requests) and on every version they allocate whatever size the caller ' +
      'asks for. Code that expects a string but passes on a caller\'s value (a JSON field, an option) exposes memory or ' +
      'can be made to exhaust it.',
    remediation:
      'Use Buffer.from(x) for data (it throws on a number) and Buffer.alloc(n) for a zero-filled size; or coerce first ' +
      '(`if (typeof x === \'number\') x = String(x)`).',
    references: ['https://cwe.mitre.org/data/definitions/908.html', 'https://nodejs.org/api/buffer.html#new-bufferarray'],
  },
  check(file, api) {
    if (!file.source.includes('Buffer')) return [];
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    for (const c of callsNamed(f, 'Buffer')) {
      const path = c.path;
      if (path === undefined || !BUFFER_PATHS.has(path)) continue;
      const args = c.node.arguments as N[];
      const first = args[0];
      if (!first || first.type === 'SpreadElement') continue;
      if (notCallerNumber(first, f)) continue;
      if (typeGuarded(c.node, first, file.source, f) || predicateGuarded(c.node, text(file.source, first), file.source, f)) continue;
      const shown = text(file.source, first).slice(0, 40);
      out.push(hitAt(c.node, `${c.isNew ? 'new ' : ''}Buffer(${shown}) allocates uninitialised memory when \`${shown}\` is a number; use Buffer.from() for data or Buffer.alloc() for a size`));
    }
    return out;
  },
};

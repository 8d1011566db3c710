/**
 * Validators judged by their body. A guard call `if (isAllowed(x))` is trusted by the callee's name
 * (guards.ts `isValidatorName`) only when its body cannot be seen (a package). A project function's
 * body has to return the result of a real check of its first parameter: equality with a literal,
 * membership in a list that is not the value (`ALLOWED.includes(x)`, `set.has(x)`, `indexOf(x) >= 0`),
 * an anchored regex test, Number.isInteger and the like, a validator library call, a prefix check of
 * a normalised path. A substring test on the value (`url.includes(a)`), `endsWith`, an unanchored
 * regex, or a constant `true` lets anything through (Juice Shop's `isRedirectAllowed`).
 */
import { memberName, unwrap } from '../ir/api-names.js';
import { walk, type AnyNode } from '../parse/walk.js';
import type { Analyzer } from './context.js';
import { ALL_KINDS_MASK, kindsMask } from '../models/compile.js';
import { anchoredMask, failedClassTest, isValidatorName } from './guards.js';
import type { State } from './state.js';
import { ownEntry } from './summary.js';
import { evalExpr, readVar } from './transfer.js';
import type { Value } from './value.js';

type N = AnyNode & Record<string, any>;

/** How many validators calling validators are followed. */
const MAX_GUARD_CALLS = 4;
/** Nodes walked per judged function before giving up (then the name decides, as before). */
const MAX_BODY_NODES = 5_000;
const NORMALISERS = new Set(['resolve', 'normalize', 'join', 'realpathSync', 'realpath']);
const NUMBER_CHECKS = new Set(['isInteger', 'isSafeInteger', 'isFinite']);
const LIST_METHODS = new Set(['includes', 'has']);


function isFn(n: N): boolean {
  return n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression';
}

const ALL = ALL_KINDS_MASK;
const NOSQL = kindsMask(['nosql-injection']);
/** A check that cleans every kind when `ok`, none otherwise. */
const all = (ok: boolean): number => (ok ? ALL : 0);

/**
 * Kinds a guard call's callee (a validator by name) may be trusted to clean: by its body when the
 * engine sees it (same file, or an imported project function judged where it is defined), by its
 * name otherwise (every kind).
 */
export function guardTrusted(A: Analyzer, callee: AnyNode, st: State, d: number): number {
  const c = unwrap(callee as N);
  const v = c.type === 'Identifier' ? readVar(A, c.name, st) : evalExpr(A, c, st, d + 1);
  return valueTrusted(A, v, 0);
}

function valueTrusted(A: Analyzer, v: Value, depth: number): number {
  if (v.fns?.length) return v.fns.reduce((mask, f) => mask & bodyChecks(A, f.node as N, depth), ALL);
  // An imported project function was judged where it is defined (exports.ts); a package's is trusted.
  if (v.imp) {
    const sum = ownEntry(A.ctx.importedExports(v.imp.spec)?.functions, v.imp.name ?? 'default');
    if (sum?.guard !== undefined) return sum.guard === false ? 0 : kindsMask(sum.guard);
  }
  return ALL;
}

/**
 * Kinds a function's truthy results clean its first parameter for: each truthy result must come
 * from a real check of it (0: none does). Judged once per function node (A.guardMemo).
 */
export function bodyChecks(A: Analyzer, fn: N, depth = 0): number {
  const memo = A.guardMemo.get(fn);
  if (memo !== undefined) return memo;
  A.guardMemo.set(fn, ALL); // recursion: undecided counts as trusted
  const r = judge(A, fn, depth);
  A.guardMemo.set(fn, r);
  return r;
}

function judge(A: Analyzer, fn: N, depth: number): number {
  if (!isFn(fn)) return ALL;
  const p = fn.params?.[0] as N | undefined;
  // `check() { return true }`: nothing of the argument is looked at.
  if (!p) return 0;
  if (p.type !== 'Identifier') return ALL;
  const body = fn.body as N;
  const assigns = new Map<string, N[]>();
  const returns: N[] = [];
  let nodes = 0;
  let tooBig = false;
  if (body.type !== 'BlockStatement') returns.push(body);
  walk(body, (node) => {
    if (++nodes > MAX_BODY_NODES) { tooBig = true; return false; }
    const x = node as N;
    if (x.type === 'ReturnStatement' && x.argument && !insideNested(fn, x)) returns.push(x.argument);
    else if (x.type === 'ReturnStatement' && !x.argument && !insideNested(fn, x)) returns.push({ type: 'Identifier', name: 'undefined' } as N);
    else if (x.type === 'VariableDeclarator' && x.id?.type === 'Identifier' && x.init) push(assigns, x.id.name, x.init);
    else if (x.type === 'AssignmentExpression' && x.left?.type === 'Identifier') push(assigns, x.left.name, x.right);
    return true;
  });
  if (tooBig) return ALL;
  if (returns.length === 0) return 0;
  const values = derived(p.name, assigns);
  const j: Judge = { A, assigns, values, depth, resolving: new Set() };
  return everyCheck(returns, (r) => checks(j, r));
}

/** Kinds every one of `xs` cleans (stops at the first that cleans none). */
function everyCheck(xs: N[], check: (x: N) => number): number {
  let mask = ALL;
  for (const x of xs) if ((mask &= check(x)) === 0) break;
  return mask;
}

/** Nested functions' returns are theirs. Parents are not linked, so this compares ranges. */
const nestedMemo = new WeakMap<AnyNode, AnyNode[]>();
function insideNested(fn: N, node: N): boolean {
  let inner = nestedMemo.get(fn);
  if (!inner) {
    inner = [];
    const found = inner;
    walk(fn.body as AnyNode, (n) => {
      if (isFn(n as N)) { found.push(n); return false; }
      return true;
    });
    nestedMemo.set(fn, inner);
  }
  return inner.some((f) => f.start <= node.start && node.end <= f.end);
}

function push(m: Map<string, N[]>, k: string, v: N): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

/** The parameter and locals made from it (`const u = new URL(url)`, `const host = u.hostname`). */
function derived(param: string, assigns: Map<string, N[]>): Set<string> {
  const out = new Set([param]);
  for (let round = 0; round < 4; round++) {
    let grew = false;
    for (const [name, rhs] of assigns) {
      if (out.has(name)) continue;
      if (rhs.some((r) => mentions(r, out))) { out.add(name); grew = true; }
    }
    if (!grew) break;
  }
  return out;
}

function mentions(n: N, names: ReadonlySet<string>): boolean {
  let hit = false;
  walk(n, (x) => {
    if (hit) return false;
    if ((x as N).type === 'Identifier' && names.has((x as N).name)) hit = true;
    // `{ url: 1 }` keys and `a.url` properties are not the variable.
    if ((x as N).type === 'MemberExpression' && !(x as N).computed) {
      if (mentions((x as N).object, names)) hit = true;
      return false;
    }
    return !hit;
  });
  return hit;
}

interface Judge {
  A: Analyzer;
  assigns: Map<string, N[]>;
  /** The parameter and what was made from it. */
  values: Set<string>;
  depth: number;
  /** Flags being resolved (`allowed = allowed || …`: the flag itself adds nothing). */
  resolving: Set<string>;
}

function isLiteral(n: N): boolean {
  return (n.type === 'Literal' && !n.regex) || (n.type === 'TemplateLiteral' && n.expressions.length === 0)
    || (n.type === 'UnaryExpression' && n.operator === '-' && n.argument.type === 'Literal');
}

/** Kinds the parameter is clean for when `e` is truthy (0: truthy without a real check). */
function checks(j: Judge, e0: N): number {
  const e = unwrap(e0);
  switch (e.type) {
    case 'Literal':
      return all(!e.value);
    case 'Identifier':
      if (e.name === 'undefined' || j.resolving.has(e.name)) return ALL;
      // A flag (`const ok = LIST.includes(x)`): what it is set to; the parameter itself has no assignments.
      return flag(j, e.name);
    case 'UnaryExpression':
      // `!x` truthy: x falsy (`return !/[^\w]/.test(name)`, `!!x` twice over).
      return e.operator === '!' ? falsyChecks(j, e.argument) : 0;
    case 'LogicalExpression':
      // Truthy `a && b`: both passed; truthy `a || b`: one of them did.
      if (e.operator === '&&') return checks(j, e.left) | checks(j, e.right);
      return checks(j, e.left) & checks(j, e.right);
    case 'ConditionalExpression':
      return checks(j, e.consequent) & checks(j, e.alternate);
    case 'BinaryExpression':
      return binaryChecks(j, e);
    case 'CallExpression':
      return callChecks(j, e);
    default:
      return 0;
  }
}

/**
 * Kinds the parameter is clean for when `e` is falsy: a failed test of a block-list class
 * (guards.ts failedClassTest: what the class rules out), `!check`, `a !== b` read as `a === b`.
 */
function falsyChecks(j: Judge, e0: N): number {
  const e = unwrap(e0);
  switch (e.type) {
    case 'Literal':
      return all(!!e.value);
    case 'UnaryExpression':
      return e.operator === '!' ? checks(j, e.argument) : 0;
    case 'LogicalExpression':
      // Falsy `a || b`: both were; falsy `a && b`: one of them was.
      if (e.operator === '||') return falsyChecks(j, e.left) | falsyChecks(j, e.right);
      if (e.operator === '&&') return falsyChecks(j, e.left) & falsyChecks(j, e.right);
      return 0;
    case 'BinaryExpression':
      if (e.operator === '!==' || e.operator === '!=') return binaryChecks(j, { ...e, operator: e.operator === '!==' ? '===' : '==' } as N);
      return 0;
    case 'CallExpression': {
      const callee = unwrap(e.callee);
      if (callee.type !== 'MemberExpression' || e.arguments.length !== 1) return 0;
      const m = memberName(callee);
      const arg0 = e.arguments[0] as N;
      const recv = unwrap(callee.object);
      if ((m === 'test' || m === 'exec') && mentions(arg0, j.values) && !mentions(recv, j.values)) return failedClassTest(j.A, recv);
      if (m === 'match' && mentions(recv, j.values) && !mentions(arg0, j.values)) return failedClassTest(j.A, arg0);
      return 0;
    }
    default:
      return 0;
  }
}

/** A local flag returned: every value it is given must be a check (or false). */
function flag(j: Judge, name: string): number {
  const rhs = j.assigns.get(name);
  if (!rhs) return 0;
  j.resolving.add(name);
  try {
    return everyCheck(rhs, (r) => checks(j, r));
  } finally {
    j.resolving.delete(name);
  }
}

function binaryChecks(j: Judge, e: N): number {
  const l = unwrap(e.left);
  const r = unwrap(e.right);
  if (e.operator === '===' || e.operator === '==') {
    const lit = isLiteral(r) ? r : isLiteral(l) ? l : undefined;
    const other = lit === r ? l : r;
    if (!lit || !mentions(other, j.values)) return 0;
    // `typeof x === 'string'` says nothing of its content but that it is no object (so no query
    // operator, as guards.ts refineBinary); a number or boolean is harmless.
    if (other.type === 'UnaryExpression' && other.operator === 'typeof') {
      return ['number', 'boolean', 'bigint', 'undefined'].includes(String(lit.value)) ? ALL : String(lit.value) === 'string' ? NOSQL : 0;
    }
    return ALL;
  }
  // `LIST.indexOf(x) !== -1`, `>= 0`, `> -1`: membership when the list is not the value.
  if (['!==', '!=', '>=', '>'].includes(e.operator) && l.type === 'CallExpression' && unwrap(l.callee).type === 'MemberExpression' && memberName(unwrap(l.callee)) === 'indexOf') {
    return all(listMembership(j, unwrap(l.callee).object, l.arguments[0]));
  }
  return 0;
}

function listMembership(j: Judge, list: N, arg: N | undefined): boolean {
  return !!arg && !mentions(list, j.values) && mentions(arg, j.values);
}

function callChecks(j: Judge, e: N): number {
  const callee = unwrap(e.callee);
  const arg0 = e.arguments[0] as N | undefined;
  if (callee.type === 'Identifier') {
    if (callee.name === 'isFinite') return all(!!arg0 && mentions(arg0, j.values));
    if (!arg0 || !mentions(arg0, j.values)) return 0;
    // Another validator: judged in turn, a package's trusted by name.
    if (j.depth >= MAX_GUARD_CALLS) return all(isValidatorName(callee.name));
    const v = readVar(j.A, callee.name, j.A.moduleState);
    if (v.fns?.length) return valueTrusted(j.A, v, j.depth + 1);
    return isValidatorName(callee.name) ? valueTrusted(j.A, v, j.depth + 1) : 0;
  }
  if (callee.type !== 'MemberExpression') return 0;
  const m = memberName(callee);
  if (!m) return 0;
  const recv = unwrap(callee.object);
  if (LIST_METHODS.has(m)) return all(listMembership(j, recv, arg0));
  // An unseen receiver of test is trusted as before; exec is no validator's name, so it is not.
  if (m === 'test' || m === 'exec') return !!arg0 && mentions(arg0, j.values) && !mentions(recv, j.values) ? regexChecks(j, recv, m === 'test' ? ALL : 0) : 0;
  // `x.match(RE)` is non-null exactly when RE.test(x) passes; a string argument is not a regex literal.
  if (m === 'match') return e.arguments.length === 1 && !!arg0 && mentions(recv, j.values) && !mentions(arg0, j.values) && regexLiteralNode(j, arg0) ? regexChecks(j, arg0, 0) : 0;
  if (NUMBER_CHECKS.has(m)) return all(!!arg0 && mentions(arg0, j.values));
  if (m === 'startsWith') return all(!!arg0 && !mentions(arg0, j.values) && normalised(j, recv));
  if (m === 'endsWith' || m === 'includes' || m === 'indexOf' || m === 'search') return 0;
  // `validator.isURL(x)`, `schema.isValidSync(x)`: a validator of a library or another object.
  return all(isValidatorName(m) && !!arg0 && mentions(arg0, j.values) && !mentions(recv, j.values));
}

/** `path.resolve(…)` (or a local holding only such results), checked with a prefix. */
function normalised(j: Judge, n: N): boolean {
  const x = unwrap(n);
  if (x.type === 'CallExpression') {
    const c = unwrap(x.callee);
    const name = c.type === 'MemberExpression' ? memberName(c) : c.type === 'Identifier' ? c.name : undefined;
    return name !== undefined && NORMALISERS.has(name);
  }
  if (x.type === 'Identifier') {
    const rhs = j.assigns.get(x.name);
    return !!rhs && rhs.every((r) => normalised(j, r));
  }
  return false;
}

/**
 * Kinds a regex that holds the whole value cleans: a literal (or a const bound to one) anchored at
 * both ends (guards.ts anchoredMask, as for a test in the caller), or `new RegExp('^…$')` from a
 * constant string (dns-sync's `ValidHostnameRegex`). A RegExp from anything else (input, an
 * argument) checks nothing; a receiver the engine cannot see at all gets `unseen`.
 */
function regexChecks(j: Judge, recv: N, unseen: number): number {
  const anchored = anchoredMask(j.A, recv);
  if (anchored !== 0) return anchored;
  const made = recv.type === 'Identifier' ? moduleInit(j.A, String(recv.name)) ?? j.assigns.get(recv.name)?.[0] : recv;
  if (!made) return unseen;
  const x = unwrap(made);
  if (x.type === 'Literal' && x.regex) return 0; // a literal anchoredMask refused
  if ((x.type === 'NewExpression' || x.type === 'CallExpression') && x.callee?.type === 'Identifier' && x.callee.name === 'RegExp') {
    const p = x.arguments?.[0] ? constantString(j, x.arguments[0]) : undefined;
    if (p === undefined) return 0;
    return all(p.startsWith('^') && p.endsWith('$') && !p.endsWith('\\$') && !/(^|[^\\])\.[*+{]/.test(p) && (!p.includes('|') || (p.startsWith('^(') && p.endsWith(')$'))));
  }
  return unseen;
}

/** A string literal, a template without expressions, or a name the file binds to one of them. */
function constantString(j: Judge, n: N): string | undefined {
  let x = unwrap(n);
  if (x.type === 'Identifier') {
    const init = moduleInit(j.A, String(x.name));
    if (!init) return undefined;
    x = unwrap(init);
  }
  if (x.type === 'Literal') return typeof x.value === 'string' ? x.value : undefined;
  return x.type === 'TemplateLiteral' && x.expressions.length === 0 ? x.quasis[0]?.value.cooked ?? undefined : undefined;
}

/** A regex literal, or a name the file binds to one or to a RegExp (judged by regexChecks). */
function regexLiteralNode(j: Judge, n: N): boolean {
  const x = unwrap(n);
  if (x.type === 'Literal') return !!x.regex;
  if (x.type !== 'Identifier') return false;
  const made = moduleInit(j.A, String(x.name)) ?? j.assigns.get(x.name)?.[0];
  const u = made && unwrap(made);
  return !!u && ((u.type === 'Literal' && !!u.regex) || ((u.type === 'NewExpression' || u.type === 'CallExpression') && u.callee?.type === 'Identifier' && u.callee.name === 'RegExp'));
}

/** The initialiser of a top-level `var`/`let`/`const` of the file, if there is exactly one. */
function moduleInit(A: Analyzer, name: string): N | undefined {
  let found: N | undefined;
  let count = 0;
  for (const st of ((A.file.program as N).body ?? []) as N[]) {
    if (st.type !== 'VariableDeclaration') continue;
    for (const d of st.declarations as N[]) if (d.id?.type === 'Identifier' && d.id.name === name && d.init) { found = d.init; count++; }
  }
  return count === 1 ? found : undefined;
}

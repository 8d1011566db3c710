/**
 * Validators called as statements: `ensure_valid_nic(name);` where a function of this file throws
 * unless its parameter passes (`if (str.match(/[^\w]/)) throw …`, `if (!ALLOWED.includes(p)) throw …`).
 * Code after the call runs only when every such check of the body passed, so the argument is
 * refined as if the caller had written the checks itself: guards.ts `refine` reads each check
 * (false) with the argument put in place of the parameter, so a check cleans exactly what it
 * cleans inline (a block-list of some characters, a check that refuses only some values, cleans
 * only what it rules out).
 *
 * Only checks that hold on every normal return count: top-level `if (test) throw` statements (and
 * calls of other such validators) before any statement that can return. The parameter must not be
 * reassigned in the body, and a test may name only the parameters given an argument, module-level
 * names and globals, none of them declared again around the call (a local means something else
 * there). An async validator cleans only when awaited (otherwise its throw is a rejected promise).
 */
import { unwrap } from '../ir/api-names.js';
import { isFunctionNode, patternNames } from '../ir/scope.js';
import { walk, type AnyNode } from '../parse/walk.js';
import type { Analyzer } from './context.js';
import { refine } from './guards.js';
import type { State } from './state.js';
import { readVar } from './transfer.js';

type N = AnyNode & Record<string, any>;

/** Validators calling validators followed this deep. */
const MAX_DEPTH = 3;
/** Nodes of a validator's body walked before giving up. */
const MAX_BODY_NODES = 5_000;

interface Exit {
  /** `if (test) throw`: after the call, test was false. */
  test?: N;
  /** `other(p)`: another validator called as a statement. */
  call?: N;
}

interface Checks {
  params: string[];
  exits: Exit[];
  /** Names the function declares (parameters, locals): a test naming one other than a mapped parameter is skipped. */
  locals: Set<string>;
  async: boolean;
}


/** After the statement `e` ran: a validator call's argument passed the validator's throwing checks. */
export function refineThrowingCall(A: Analyzer, e: AnyNode, st: State, d: number, depth = 0): void {
  if (depth > MAX_DEPTH) return;
  const awaited = isAwaited(e as N);
  const c = unwrap(e as N);
  if (c.type !== 'CallExpression' || c.optional) return;
  const callee = unwrap(c.callee);
  if (callee.type !== 'Identifier' || shadowed(callee.name, st)) return;
  const fns = readVar(A, callee.name, st).fns;
  if (fns?.length !== 1) return;
  const checks = exitChecks(A, fns[0]!.node as N);
  if (!checks || (checks.async && !awaited)) return;
  // An argument that writes (`ensureSame(a, a = req.query.b)`) changes what another one reads
  // after the call: none is mapped then.
  if (c.arguments.some((x: N) => writes(x))) return;
  const args = new Map<string, N>();
  checks.params.forEach((p, i) => {
    const a = c.arguments[i] as N | undefined;
    if (a && plainRef(a) && !c.arguments.slice(0, i).some((x: N) => x.type === 'SpreadElement')) args.set(p, a);
  });
  if (args.size === 0) return;
  for (const x of checks.exits) {
    const node = x.test ?? x.call!;
    if (!usable(node, args, checks.locals, st)) continue;
    const put = substitute(node, args);
    if (x.test) refine(A, put, false, st, d + 1);
    else refineThrowingCall(A, put, st, d + 1, depth + 1);
  }
}

/**
 * `a`, `req.query.n`, `opts['dir']`: a value read the same way after the call. Another expression
 * (`f(a)`, `a + b`) is a value the caller does not read again, so its check refines nothing.
 */
function plainRef(a: N): boolean {
  let x = a;
  for (let i = 0; i < 16; i++) {
    if (x.type === 'Identifier') return true;
    // An awaited value is not the promise read again after the call.
    if (x.type === 'ParenthesizedExpression' || x.type === 'TSAsExpression' || x.type === 'TSNonNullExpression' || x.type === 'TSSatisfiesExpression') {
      x = x.expression;
      continue;
    }
    if (x.type !== 'MemberExpression' || x.optional) return false;
    if (x.computed && !(x.property.type === 'Literal' && (typeof x.property.value === 'string' || typeof x.property.value === 'number'))) return false;
    x = x.object;
  }
  return false;
}

/** Does the argument assign or update anything? */
function writes(a: N): boolean {
  let found = false;
  walk(a, (n) => {
    if (found) return false;
    const t = (n as N).type;
    if (t === 'AssignmentExpression' || t === 'UpdateExpression') found = true;
    return !found;
  });
  return found;
}

/** `await f(x)` (in parentheses or a type assertion too): unwrap() looks through the await. */
function isAwaited(e: N): boolean {
  let x = e;
  for (let i = 0; i < 8; i++) {
    if (x.type === 'AwaitExpression') return true;
    if (x.type !== 'ParenthesizedExpression' && x.type !== 'TSAsExpression' && x.type !== 'TSNonNullExpression' && x.type !== 'TSSatisfiesExpression') return false;
    x = x.expression;
  }
  return false;
}

/** A name declared by a function around the call (not the module): not the validator's module-level name. */
function shadowed(name: string, st: State): boolean {
  for (let s: State | null = st; s; s = s.frame.closure) {
    if (s.frame.scope.node.type === 'Program') return false;
    if (s.frame.scope.declared.has(name)) return true;
  }
  return false;
}

/** The test names only mapped parameters and names that mean the same at the call site. */
function usable(node: N, args: Map<string, N>, locals: Set<string>, st: State): boolean {
  let ok = true;
  walk(node, (n) => {
    if (!ok) return false;
    const x = n as N;
    // A nested function (`keys.some((k) => …)`) rebinds names, and `this` is the caller's there: not read here.
    if (isFunctionNode(x) || x.type === 'ThisExpression' || x.type === 'Super' || x.type === 'MetaProperty') { ok = false; return false; }
    if (x.type === 'MemberExpression' && !x.computed) {
      walkName(x.object);
      return false;
    }
    if (x.type === 'Property' && !x.computed && !x.shorthand) {
      walkName(x.value);
      return false;
    }
    if (x.type === 'Identifier') check(x.name);
    return ok;
  });
  return ok;

  function walkName(o: N): void {
    if (!usable(o, args, locals, st)) ok = false;
  }
  function check(name: string): void {
    if (args.has(name)) return;
    if (locals.has(name) || shadowed(name, st)) ok = false;
  }
}

/**
 * A copy of `node` with each read of a mapped parameter replaced by the argument node; subtrees
 * that read none are shared, not copied (a regex literal stays the node its memos know).
 */
function substitute(node: N, args: Map<string, N>): N {
  const reads = (x: N): boolean => {
    let hit = false;
    walk(x, (n) => {
      if (hit) return false;
      if ((n as N).type === 'Identifier' && args.has((n as N).name)) hit = true;
      return !hit;
    });
    return hit;
  };
  const copy = (x: unknown, parentKey?: string, parent?: N): unknown => {
    if (Array.isArray(x)) return x.map((y) => copy(y, parentKey, parent));
    if (!x || typeof x !== 'object' || typeof (x as N).type !== 'string') return x;
    const n = x as N;
    const isName = n.type === 'Identifier' && args.has(n.name);
    const keyPos = (parent?.type === 'MemberExpression' && parentKey === 'property' && !parent.computed)
      || (parent?.type === 'Property' && parentKey === 'key' && !parent.computed);
    if (isName) return keyPos ? n : args.get(n.name);
    if (!reads(n)) return n;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(n)) out[k] = copy(n[k], k, n);
    return out;
  };
  return copy(node) as N;
}

/** The checks that hold whenever `fn` returns normally, or null when it has none or cannot be read. */
function exitChecks(A: Analyzer, fn: N): Checks | null {
  const m = A.exitMemo.get(fn) as Checks | null | undefined;
  if (m !== undefined) return m;
  A.exitMemo.set(fn, null);
  const r = readChecks(fn);
  A.exitMemo.set(fn, r);
  return r;
}

function readChecks(fn: N): Checks | null {
  if (!isFunctionNode(fn) || fn.generator || fn.body?.type !== 'BlockStatement') return null;
  const params: string[] = [];
  for (const p of fn.params as N[]) {
    // Position matters: a destructured or defaulted parameter holds no plain argument.
    params.push(p.type === 'Identifier' ? p.name : '');
  }
  const locals = new Set<string>();
  for (const p of fn.params as N[]) for (const n of patternNames(p)) locals.add(n);
  let nodes = 0;
  let tooBig = false;
  const assigned = new Set<string>();
  walk(fn.body as AnyNode, (n) => {
    if (++nodes > MAX_BODY_NODES) { tooBig = true; return false; }
    const x = n as N;
    if (x.type === 'VariableDeclarator') for (const name of patternNames(x.id)) locals.add(name);
    else if ((x.type === 'FunctionDeclaration' || x.type === 'ClassDeclaration') && x.id) locals.add(x.id.name);
    else if (x.type === 'CatchClause' && x.param) for (const name of patternNames(x.param)) locals.add(name);
    else if (x.type === 'AssignmentExpression') for (const name of patternNames(x.left)) assigned.add(name);
    else if (x.type === 'UpdateExpression' && unwrap(x.argument).type === 'Identifier') assigned.add(unwrap(x.argument).name);
    // `arguments[0] = …` rewrites a parameter in sloppy mode.
    else if (x.type === 'Identifier' && x.name === 'arguments') assigned.add('*');
    return true;
  });
  if (tooBig || assigned.has('*')) return null;
  const mapped = params.map((p) => (p && !assigned.has(p) ? p : ''));
  const exits: Exit[] = [];
  for (const s of fn.body.body as N[]) {
    if (s.type === 'IfStatement' && !s.alternate && endsInThrow(s.consequent)) exits.push({ test: s.test });
    else if (s.type === 'ExpressionStatement' && isCall(s.expression)) exits.push({ call: s.expression });
    // Anything that may return ends the checks that hold on every return.
    if (mayReturn(s)) break;
  }
  if (exits.length === 0 || mapped.every((p) => p === '')) return null;
  return { params: mapped, exits, locals, async: !!fn.async };
}

function isCall(e: N): boolean {
  const x = unwrap(e);
  return x.type === 'CallExpression' && unwrap(x.callee).type === 'Identifier';
}

/** A `throw`, or a block that ends in one and cannot return or leave otherwise. */
function endsInThrow(s: N): boolean {
  if (s.type === 'ThrowStatement') return true;
  if (s.type !== 'BlockStatement' || s.body.length === 0) return false;
  const last = s.body[s.body.length - 1] as N;
  return last.type === 'ThrowStatement' && !s.body.some((x: N) => mayReturn(x));
}

/** Whether the statement holds a return (outside nested functions) or a break/continue that may leave it. */
function mayReturn(s: N): boolean {
  let found = false;
  walk(s, (n) => {
    if (found) return false;
    const x = n as N;
    if (x !== s && isFunctionNode(x)) return false;
    if (x.type === 'ReturnStatement' || x.type === 'BreakStatement' || x.type === 'ContinueStatement') found = true;
    return !found;
  });
  return found;
}

/**
 * A handler that answers 401/403 inside an `if` and then carries on: the deny response is sent,
 * but the protected work after the `if` still runs for the caller who was just refused
 * (`if (!session) { res.status(401).json(…) }` then `saveTransfer(req.body)`). CWE-285/CWE-670.
 * Clean: the deny is returned or followed by return/throw in its branch, the `if` has an `else`,
 * nothing but logging follows it in its block, or the status is set without a response being sent.
 */
import type { AstHit, AstRule } from './types.js';
import { unwrap } from '../ir/api-names.js';
import { type FileFacts, type N, callsNamed, factsOf, hitAt, isFunction, lastName } from './ast-facts.js';

const DENY = new Set([401, 403]);
/** Calls that end a response; `status(401)` alone only sets the code. */
const SENDS = new Set(['json', 'send', 'end', 'jsonp', 'render', 'sendFile', 'redirect']);
/** Statements after the `if` that do nothing a refused caller could gain from. */
const HARMLESS_ROOTS = new Set(['console', 'logger', 'log', 'debug']);

function denyCode(call: N): boolean {
  const a = (call.arguments as N[])[0];
  const v = a ? unwrap(a) : undefined;
  return !!v && v.type === 'Literal' && typeof v.value === 'number' && DENY.has(v.value);
}

/** The expression statement a deny call sits in, when the call is (part of) a response chain. */
function denyStatement(call: N, name: string, f: FileFacts): N | undefined {
  let cur: N = call;
  let sends = name === 'sendStatus';
  for (let i = 0; i < 8; i++) {
    const p = f.parent.get(cur);
    if (!p) return undefined;
    if (p.type === 'ExpressionStatement') return sends ? p : undefined;
    if (p.type === 'AwaitExpression' || p.type === 'ChainExpression') { cur = p; continue; }
    // res.status(401).json(…): the member, then the call on it.
    if (p.type === 'MemberExpression' && p.object === cur) {
      const outer = f.parent.get(p);
      if (!outer || outer.type !== 'CallExpression' || outer.callee !== p) return undefined;
      if (SENDS.has(lastName(p) ?? '')) sends = true;
      cur = outer;
      continue;
    }
    return undefined;
  }
  return undefined;
}

/** Does this statement (a branch of the `if`) always leave the function or the loop? */
function leaves(s: N | null | undefined): boolean {
  if (!s) return false;
  if (s.type === 'ReturnStatement' || s.type === 'ThrowStatement' || s.type === 'BreakStatement' || s.type === 'ContinueStatement') return true;
  if (s.type === 'BlockStatement') return (s.body as N[]).some((x) => leaves(x));
  if (s.type === 'IfStatement') return leaves(s.consequent) && leaves(s.alternate);
  if (s.type === 'TryStatement') return leaves(s.block) || leaves(s.finalizer);
  // process.exit(…), next(err) handed the request on: either way this handler stops here.
  if (s.type === 'ExpressionStatement') {
    const e = unwrap(s.expression);
    if (e.type === 'CallExpression') {
      const callee = unwrap(e.callee);
      if (callee.type === 'Identifier' && CONTINUATIONS.has(callee.name)) return true;
      if (callee.type === 'MemberExpression' && lastName(callee) === 'exit') return true;
    }
  }
  return false;
}

const CONTINUATIONS = new Set(['next', 'done', 'cb', 'callback']);

/** `next(err)`, `done()`: the request handed on to the next handler, not protected work of this one. */
function handsOn(e: N | null | undefined): boolean {
  if (!e) return false;
  const u = unwrap(e);
  if (u.type !== 'CallExpression') return false;
  const callee = unwrap(u.callee);
  return callee.type === 'Identifier' && CONTINUATIONS.has(callee.name);
}

/**
 * Does any statement after `at` in its block do work (a call that is not logging, an assignment, a loop…)?
 * `next(err)` after the deny is no bypass: an error handler that answers 401 and then passes the error on
 * sends two responses (a bug Express reports as "headers already sent"), but runs no protected code.
 */
function workAfter(block: N, at: N): boolean {
  const body = block.body as N[];
  for (let i = body.indexOf(at) + 1; i < body.length; i++) {
    const s = body[i]!;
    if (s.type === 'EmptyStatement' || s.type === 'FunctionDeclaration') continue;
    if (s.type === 'ReturnStatement' && (!s.argument || unwrap(s.argument).type === 'Literal' || unwrap(s.argument).type === 'Identifier' || handsOn(s.argument))) continue;
    if (s.type === 'ExpressionStatement' && handsOn(s.expression)) continue;
    if (s.type === 'ExpressionStatement') {
      const e = unwrap(s.expression);
      if (e.type === 'CallExpression') {
        let root: N = unwrap(e.callee);
        while (root.type === 'MemberExpression') root = unwrap(root.object);
        if (root.type === 'Identifier' && HARMLESS_ROOTS.has(root.name)) continue;
      }
    }
    return true;
  }
  return false;
}

export const missingReturnAfterDeny: AstRule = {
  meta: {
    id: 'sast/js/missing-return-after-deny',
    title: 'Request refused without returning: the protected code still runs',
    severity: 'high',
    cwe: [285, 670],
    description:
      'The handler answers 401/403 inside an `if` (not logged in, not allowed) but does not return, so execution ' +
      'falls through to the code after the `if` and performs the protected action (writes, transfers, data sent) ' +
      'for the caller it just refused.',
    remediation: 'Return right after the deny response (`return res.status(401).json(…)`), throw, or put the protected code in an `else`.',
    references: ['https://cwe.mitre.org/data/definitions/285.html', 'https://cwe.mitre.org/data/definitions/670.html'],
  },
  check(file, api) {
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    for (const c of callsNamed(f, 'status', 'sendStatus', 'code', 'writeHead')) {
      const call = c.node;
      if (c.isNew || !c.name || unwrap(call.callee).type !== 'MemberExpression' || !denyCode(call)) continue;
      let stmt: N | undefined;
      if (c.name === 'writeHead') {
        const p = f.parent.get(call);
        stmt = p?.type === 'ExpressionStatement' ? p : undefined;
        // writeHead(401) then res.end(…) in the same branch sends it.
        const branch = stmt ? f.parent.get(stmt) : undefined;
        if (!branch || branch.type !== 'BlockStatement' || !(branch.body as N[]).some((s) => s !== stmt && s.type === 'ExpressionStatement'
          && unwrap(s.expression).type === 'CallExpression' && lastName(unwrap(s.expression).callee) === 'end')) continue;
      } else stmt = denyStatement(call, c.name, f);
      if (!stmt) continue;
      // The deny statement's branch: a block (or the statement itself) that is an `if`'s consequent.
      let branch: N = stmt;
      let parent = f.parent.get(stmt);
      if (parent?.type === 'BlockStatement') { branch = parent; parent = f.parent.get(parent); }
      if (!parent || parent.type !== 'IfStatement' || parent.consequent !== branch || parent.alternate) continue;
      if (leaves(branch)) continue;
      const ifStmt = parent;
      const outer = f.parent.get(ifStmt);
      if (!outer || outer.type !== 'BlockStatement') continue;
      // A handler's body (or a block in it), not module level.
      let fn: N | null | undefined = outer;
      for (let i = 0; fn && !isFunction(fn) && i < 50; i++) fn = f.parent.get(fn);
      if (!fn || !isFunction(fn)) continue;
      if (!workAfter(outer, ifStmt)) continue;
      out.push(hitAt(stmt, `the ${(unwrap(call.arguments[0]) as N).value} response is sent without returning, so the code after this if still runs for the refused caller; return after it (or use else)`));
    }
    return out;
  },
};

/**
 * Statements: a forward dataflow over a function body's structured control flow. Branches fork
 * the state and join where they meet; `return`, `throw`, `break` and `continue` end a path (break
 * and continue hand their state to their target); loops run to a fixpoint (at most MAX_LOOP
 * rounds); `try` joins the state before and after the protected block into `catch`.
 */
import type { AnyNode } from '../parse/walk.js';
import { MAX_EXPR_DEPTH, type Analyzer } from './context.js';
import { refine, refineEachThrow } from './guards.js';
import { refineThrowingCall } from './guard-calls.js';
import { bindStateHook, runStateHandlers } from './react-state.js';
import { envGrew, envSet, fork, joinEnvs, joinStates, EMPTY_REF, type Frame, type State, type Target } from './state.js';
import { bindPattern, elemOf, evalExpr, readVar } from './transfer.js';
import { UNKNOWN, join, taintOnly, allFlows, keyFlows, flowsWithStep, makeValue, mergeFlows, valueOf, type Flow, type Value } from './value.js';

type N = AnyNode & Record<string, any>;

const MAX_LOOP = 3;
/** Loops nested deeper than this run their body once (rounds multiply with nesting). */
const MAX_LOOP_NEST = 3;

/** An array-like of the given values: each by index, and the taint of all on the whole. */
function withFieldsJoined(fields: Map<string, Value>): Value {
  let flows: Flow[] = [];
  for (const v of fields.values()) flows = mergeFlows(flows, allFlows(v));
  const r = makeValue(flows.length > 0 ? flows : undefined);
  return { ...r, fields };
}

/**
 * Does a non-arrow function's body name `arguments` (its text: a cheap test, nested functions may
 * count too)? Only then is `arguments` bound when it runs, and are its undeclared arguments given
 * parameter flows (summaries.ts): a body that never names it cannot read it. Once per function.
 */
export function readsArguments(A: Analyzer, fn: AnyNode): boolean {
  const n = fn as N;
  if (n.type === 'ArrowFunctionExpression') return false;
  let r = A.argumentsMemo.get(fn);
  if (r === undefined) {
    const body = n.body as N | null;
    r = !!body && body.type === 'BlockStatement' && A.file.source.slice(body.start as number, body.end as number).includes('arguments');
    A.argumentsMemo.set(fn, r);
  }
  return r;
}

/** Runs a function body in `frame` with the given parameter values; the frame collects `ret`. */
export function runFunction(A: Analyzer, fn: AnyNode, frame: Frame, paramVals: Value[]): State {
  const st: State = { env: new Map(), frame, ref: EMPTY_REF, own: true };
  const node = fn as N;
  const params = (node.params ?? []) as N[];
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    let v = paramVals[i] ?? UNKNOWN;
    if (p.type === 'RestElement') {
      let r: Value = UNKNOWN;
      for (let j = i; j < paramVals.length; j++) r = join(r === UNKNOWN ? undefined : r, paramVals[j]);
      v = r;
    } else if (frame.mode !== 'summary' && frame.inline > 0 && v.flows && v.flows.length > 0 && p.type === 'Identifier') {
      v = { ...v, flows: flowsWithStep(v.flows, A.step(p, `passed to parameter ${p.name}`)) };
    }
    bindPattern(A, p, v, st, 0);
  }
  // `arguments` of a non-arrow function: every value it was given, by index (summaries.ts gives
  // the undeclared ones of a function that reads it parameter flows).
  if (paramVals.length > 0 && readsArguments(A, node)) {
    const fields = new Map<string, Value>();
    for (let i = 0; i < paramVals.length && i < 8; i++) fields.set(String(i), paramVals[i]!);
    envSet(st, 'arguments', withFieldsJoined(fields));
  }
  for (const h of frame.scope.hoisted) {
    const id = (h as N).id;
    if (id) envSet(st, id.name, valueOf({ fns: [{ node: h, closure: st, cls: frame.cls }] }));
    A.declState.set(h, st);
  }
  const body = node.body as N | null;
  if (!body) return st;
  if (body.type !== 'BlockStatement') {
    const v = evalExpr(A, body, st, 1);
    frame.ret = join(frame.ret, v);
    if (frame.returnSink) returnedBody(A, st, body, v);
    A.endState.set(fn, st);
    return st;
  }
  const end = execList(A, body.body, st, 1);
  A.endState.set(fn, end ?? st);
  return end ?? st;
}

/**
 * A handler's returned text is its response body (HandlerSpec.returnsHtml). An API's object (a
 * stream from fs.createReadStream, `h.response(x).type(…)`: their own calls are modelled) or a value
 * tainted only in its fields (an object, sent as JSON) is not text.
 */
function returnedBody(A: Analyzer, st: State, node: N, v: Value): void {
  const sink = st.frame.returnSink!;
  if (!v.flows || v.api !== undefined) return;
  const step = A.step(node, `${sink.description}: ${A.text(node, 40)}`);
  for (const f of v.flows) A.reportFlow(st, sink, f, step);
}

/** Runs the module's top level (a function too). */
export function runProgram(A: Analyzer, program: AnyNode, st: State): State {
  for (const h of st.frame.scope.hoisted) {
    const id = (h as N).id;
    if (id) envSet(st, id.name, valueOf({ fns: [{ node: h, closure: st, cls: undefined }] }));
    A.declState.set(h, st);
  }
  return execList(A, (program as N).body, st, 1) ?? st;
}

export function execList(A: Analyzer, list: N[], st: State, d: number): State | null {
  let cur: State | null = st;
  for (const s of list) {
    if (!cur) {
      // Unreachable code still declares functions (hoisted); nothing else to do.
      break;
    }
    cur = execStmt(A, s, cur, d);
  }
  return cur;
}

function findTarget(frame: Frame, label: string | undefined, forContinue: boolean): Target | undefined {
  for (let i = frame.targets.length - 1; i >= 0; i--) {
    const t = frame.targets[i]!;
    if (label !== undefined ? t.label === label : forContinue ? t.loop : true) {
      if (forContinue && !t.loop) continue;
      return t;
    }
  }
  return undefined;
}

function joinAll(base: State | null, envs: Map<string, Value>[], frame: Frame): State | null {
  let out = base;
  for (const e of envs) out = joinStates(out, { env: e, frame, ref: EMPTY_REF, own: false });
  return out;
}

function loopNest(frame: Frame): number {
  let k = 0;
  for (const t of frame.targets) if (t.loop) k++;
  return k;
}

export function execStmt(A: Analyzer, s: N, st: State, d: number): State | null {
  if (!A.spend(s)) return st;
  if (d > MAX_EXPR_DEPTH) {
    A.truncate(s, `statements nest deeper than ${MAX_EXPR_DEPTH} levels; not analysed further`);
    return st;
  }
  // As in transfer.ts evalExpr: a stack overflow below is caught every STACK_GUARD levels.
  if (d > 0 && d % STACK_GUARD === 0) {
    try {
      return execGuarded(A, s, st, d);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      A.truncate(s, `statements nest deeper than the stack allows (over ${d} levels); not analysed further`);
      return st;
    }
  }
  return execGuarded(A, s, st, d);
}

const STACK_GUARD = 100;

function execGuarded(A: Analyzer, s: N, st: State, d: number): State | null {
  switch (s.type) {
    case 'ExpressionStatement':
      evalExpr(A, s.expression, st, d + 1);
      refineEachThrow(A, s.expression, st, d + 1);
      refineThrowingCall(A, s.expression, st, d + 1);
      return st;
    case 'VariableDeclaration':
      for (const decl of s.declarations as N[]) {
        if (!decl.init) {
          if (decl.id.type === 'Identifier' && s.kind !== 'var') envSet(st, decl.id.name, UNKNOWN);
          continue;
        }
        const v = evalExpr(A, decl.init, st, d + 1);
        // `const [x, setX] = useState(…)`: x holds what setX is called with (react-state.ts).
        if (decl.id.type === 'ArrayPattern' && bindStateHook(A, decl, v, st)) continue;
        bindPattern(A, decl.id, v, st, d + 1, true);
      }
      return st;
    case 'FunctionDeclaration':
    case 'EmptyStatement':
    case 'DebuggerStatement':
    case 'ImportDeclaration':
    case 'TSInterfaceDeclaration':
    case 'TSTypeAliasDeclaration':
    case 'TSDeclareFunction':
    case 'TSModuleDeclaration':
    case 'TSEnumDeclaration':
    case 'TSImportEqualsDeclaration':
      return st;
    case 'ClassDeclaration':
      if (s.id) envSet(st, s.id.name, evalExpr(A, s, st, d + 1));
      return st;
    case 'ReturnStatement': {
      // A React component's event handlers set state its markup shows (react-state.ts).
      if (s.argument) runStateHandlers(A, st);
      const v = s.argument ? evalExpr(A, s.argument, st, d + 1) : UNKNOWN;
      st.frame.ret = join(st.frame.ret, v);
      if (st.frame.returnSink && s.argument) returnedBody(A, st, s.argument, v);
      return null;
    }
    case 'ThrowStatement':
      evalExpr(A, s.argument, st, d + 1);
      return null;
    case 'BlockStatement':
    case 'StaticBlock':
      return execList(A, s.body, st, d + 1);
    case 'IfStatement': {
      evalExpr(A, s.test, st, d + 1);
      const t = fork(st);
      refine(A, s.test, true, t, d + 1);
      const tOut = execStmt(A, s.consequent, t, d + 1);
      refine(A, s.test, false, st, d + 1);
      const eOut = s.alternate ? execStmt(A, s.alternate, st, d + 1) : st;
      return joinStates(tOut, eOut);
    }
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
      return execLoop(A, s, st, d, undefined);
    case 'LabeledStatement': {
      const body = s.body as N;
      if (/^(For|ForIn|ForOf|While|DoWhile)Statement$/.test(body.type)) return execLoop(A, body, st, d, s.label.name);
      const target: Target = { label: s.label.name, loop: false, breaks: [], continues: [] };
      st.frame.targets.push(target);
      const out = execStmt(A, body, st, d + 1);
      st.frame.targets.pop();
      return joinAll(out, target.breaks, st.frame);
    }
    case 'BreakStatement': {
      const t = findTarget(st.frame, s.label?.name, false);
      t?.breaks.push(st.env);
      return null;
    }
    case 'ContinueStatement': {
      const t = findTarget(st.frame, s.label?.name, true);
      t?.continues.push(st.env);
      return null;
    }
    case 'SwitchStatement':
      return execSwitch(A, s, st, d);
    case 'TryStatement': {
      const before = fork(st);
      const tOut = execStmt(A, s.block, st, d + 1);
      let cOut: State | null = null;
      if (s.handler) {
        const entry = joinStates(before, tOut ? fork(tOut) : null)!;
        if (s.handler.param) bindPattern(A, s.handler.param, UNKNOWN, entry, d + 1);
        cOut = execStmt(A, s.handler.body, entry, d + 1);
      }
      const out = s.handler ? joinStates(tOut, cOut) : tOut;
      if (!s.finalizer) return out;
      const fin = execStmt(A, s.finalizer, out ?? before, d + 1);
      return out ? fin : null;
    }
    case 'WithStatement':
      evalExpr(A, s.object, st, d + 1);
      return execStmt(A, s.body, st, d + 1);
    case 'ExportNamedDeclaration':
      return execExportNamed(A, s, st, d);
    case 'ExportDefaultDeclaration': {
      const decl = s.declaration as N;
      let v: Value;
      if (decl.type === 'FunctionDeclaration' && decl.id) v = readVar(A, decl.id.name, st);
      else if (decl.type === 'FunctionDeclaration') v = valueOf({ fns: [{ node: decl, closure: st, cls: undefined }] });
      else {
        v = evalExpr(A, decl, st, d + 1);
        if (decl.type === 'ClassDeclaration' && decl.id) envSet(st, decl.id.name, v);
      }
      A.exportVals.set('default', v);
      return st;
    }
    case 'ExportAllDeclaration': {
      const spec = String(s.source.value);
      A.imports.add(spec);
      if (s.exported) {
        const as = s.exported.type === 'Identifier' ? s.exported.name : String(s.exported.value);
        A.reexports.push({ spec, as });
      } else A.reexports.push({ spec });
      return st;
    }
    case 'TSExportAssignment':
      A.exportVals.set('default', evalExpr(A, s.expression, st, d + 1));
      return st;
    default:
      return st;
  }
}

function execExportNamed(A: Analyzer, s: N, st: State, d: number): State | null {
  if (s.exportKind === 'type') return st;
  if (s.declaration) {
    const decl = s.declaration as N;
    const out = execStmt(A, decl, st, d + 1);
    const names: string[] = [];
    if (decl.type === 'VariableDeclaration') {
      for (const v of decl.declarations as N[]) if (v.id.type === 'Identifier') names.push(v.id.name);
    } else if (decl.id?.name) names.push(decl.id.name);
    for (const name of names) A.exportLocals.set(name, name);
    return out;
  }
  const source = s.source ? String(s.source.value) : undefined;
  if (source !== undefined) A.imports.add(source);
  for (const sp of s.specifiers as N[]) {
    const local = sp.local.type === 'Identifier' ? sp.local.name : String(sp.local.value);
    const exported = sp.exported.type === 'Identifier' ? sp.exported.name : String(sp.exported.value);
    if (source !== undefined) A.reexports.push({ spec: source, name: local, as: exported });
    else A.exportLocals.set(exported, local);
  }
  return st;
}

function execSwitch(A: Analyzer, s: N, st: State, d: number): State | null {
  evalExpr(A, s.discriminant, st, d + 1);
  const target: Target = { loop: false, breaks: [], continues: [] };
  st.frame.targets.push(target);
  let fall: State | null = null;
  let hasDefault = false;
  for (const c of s.cases as N[]) {
    let entry = fork(st);
    if (c.test) {
      evalExpr(A, c.test, entry, d + 1);
      // `case 'a':` — the discriminant equals a literal here.
      refine(A, { type: 'BinaryExpression', operator: '===', left: s.discriminant, right: c.test, start: c.start, end: c.end } as unknown as AnyNode, true, entry, d + 1);
    } else hasDefault = true;
    if (fall) entry = joinStates(entry, fall)!;
    fall = execList(A, c.consequent, entry, d + 1);
  }
  st.frame.targets.pop();
  let out = joinAll(fall, target.breaks, st.frame);
  if (!hasDefault) out = joinStates(out, st);
  return out;
}

function execLoop(A: Analyzer, s: N, st: State, d: number, label: string | undefined): State | null {
  const frame = st.frame;
  if (s.type === 'ForStatement' && s.init) {
    if (s.init.type === 'VariableDeclaration') execStmt(A, s.init, st, d + 1);
    else evalExpr(A, s.init, st, d + 1);
  }
  let elem: Value | undefined;
  if (s.type === 'ForInStatement' || s.type === 'ForOfStatement') {
    const it = evalExpr(A, s.right, st, d + 1);
    // for-in yields the keys: input keys when the object is input (value.ts keyFlows).
    elem = s.type === 'ForInStatement' ? taintOnly(keyFlows(it)) : elemOf(it);
  }
  const rounds = loopNest(frame) >= MAX_LOOP_NEST ? 1 : MAX_LOOP;
  const target: Target = { ...(label !== undefined ? { label } : {}), loop: true, breaks: [], continues: [] };
  frame.targets.push(target);
  let head: State = fork(st);
  let lastBody: State | null = null;
  for (let round = 0; round < rounds; round++) {
    target.continues = [];
    const body = fork(head);
    if (s.test && s.type !== 'DoWhileStatement') {
      evalExpr(A, s.test, body, d + 1);
      refine(A, s.test, true, body, d + 1);
    }
    if (elem) {
      const left = s.left as N;
      const pat = left.type === 'VariableDeclaration' ? left.declarations[0]?.id : left;
      if (pat) bindPattern(A, pat, elem, body, d + 1);
    }
    let out = execStmt(A, s.body, body, d + 1);
    out = joinAll(out, target.continues, frame);
    if (out && s.type === 'ForStatement' && s.update) evalExpr(A, s.update, out, d + 1);
    if (out && s.type === 'DoWhileStatement' && s.test) evalExpr(A, s.test, out, d + 1);
    lastBody = out;
    if (!out || !envGrew(head.env, out.env)) break;
    head = { env: joinEnvs(head.env, out.env), frame, ref: head.ref, own: false };
  }
  frame.targets.pop();
  let exit: State | null = head;
  if (s.type === 'DoWhileStatement') exit = lastBody ?? null;
  if (exit && s.test && s.type !== 'DoWhileStatement') refine(A, s.test, false, exit, d + 1);
  exit = joinAll(exit, target.breaks, frame);
  return exit;
}

/**
 * Handler functions: their parameters get roles (`@http.request`) or taint from the models, found
 * by registration calls (`app.get(path, fn)`), exported names in framework files (Next.js route
 * handlers), class and parameter decorators (NestJS), or parameter names as a fallback.
 */
import type { FnScope } from '../ir/scope.js';
import type { HandlerSpec } from '../models/types.js';
import { walk, type AnyNode } from '../parse/walk.js';
import { classMethods } from './classes.js';
import { calleeName, decorator, paramDecorators, trueOption } from './decorators.js';
import { dtoParam } from './dtos.js';
import { thisClass, type Analyzer, type SinkInfo } from './context.js';
import { runFunction } from './run.js';
import { makeFrame, type Frame, type State } from './state.js';
import { CLEAN, UNKNOWN, makeValue, type FnRef, type Value } from './value.js';

type N = AnyNode & Record<string, any>;

function paramValue(A: Analyzer, spec: HandlerSpec, p: N, i: number, fn: N, cls: N | undefined): Value {
  const role = spec.params?.[i];
  let v: Value = role ? makeValue(undefined, role) : UNKNOWN;
  for (const dec of paramDecorators(p)) {
    const name = decorator(dec).name;
    if (!name) continue;
    const d = spec.paramDecorators?.[name] ?? A.models.paramDecorators.get(name);
    if (!d) continue;
    if (d.role) v = { ...v, api: d.role };
    if (d.label && spec.typedPipes && typedPipe(dec, spec.typedPipes)) return CLEAN;
    if (d.label) v = dtoParam(A, spec, p, dec, { ...v, flows: [A.sourceFlow(p, d.label, d.description ?? `${name} parameter`, d.text)] }, fn, cls);
  }
  return v;
}

/** `@Param('id', ParseIntPipe)` / `@Query('n', new DefaultValuePipe(1), new ParseIntPipe())`: a parsing pipe among the arguments. */
function typedPipe(dec: N, pipes: string[]): boolean {
  const e = dec.expression as N;
  if (e.type !== 'CallExpression') return false;
  for (const a of e.arguments as N[]) {
    const name = calleeName(a.type === 'NewExpression' ? a.callee as N : a);
    if (name !== undefined && pipes.includes(name)) return true;
  }
  return false;
}

/**
 * The sink a handler's `return` is (HandlerSpec.returnsHtml), unless the handler answers otherwise:
 * NestJS `@Header('Content-Type', 'application/json')` (any type without "html"), `@Render` (a
 * template renders it), `@Redirect`, or a `@Res()` parameter (the handler writes the response itself).
 * Only text built from the data (concatenation, template) counts: a value returned whole may be an
 * object, which is sent as JSON.
 */
function htmlReturn(fn: N, spec: HandlerSpec, cls: N | undefined): SinkInfo | undefined {
  // A method's decorators (`@Get() @Header(…) m() {}`) are on its MethodDefinition, not the function.
  const member = (cls?.body?.body as N[] | undefined)?.find((m) => m.value === fn);
  let declaredHtml = false;
  for (const dec of (member?.decorators ?? []) as N[]) {
    const name = decorator(dec).name;
    if (name === 'Render' || name === 'Redirect') return undefined;
    if (name === 'Header') {
      const args = (dec.expression as N).arguments as N[] | undefined;
      const [k, v] = [args?.[0], args?.[1]];
      if (k?.type === 'Literal' && String(k.value).toLowerCase() === 'content-type') {
        if (!(v?.type === 'Literal' && /html/i.test(String(v.value)))) return undefined;
        declaredHtml = true;
      }
    }
  }
  // On Fastify a returned string is text/plain unless the handler declares HTML.
  if (spec.returnsHtml === 'declared' && !declaredHtml) return undefined;
  for (const p of (fn.params ?? []) as N[]) {
    // `@Res()` writes the response itself; `@Res({ passthrough: true })` still sends the return value.
    if (paramDecorators(p).some((d) => ['Res', 'Response'].includes(decorator(d).name ?? '') && !trueOption(decorator(d).args[0], 'passthrough'))) return undefined;
  }
  return {
    kind: 'xss', sinkId: `${spec.framework}.handler-return`, needsBuilt: true,
    description: `is returned by a ${spec.framework} handler as the response body (a string is sent as text/html)`,
  };
}

/**
 * The function `fn` names and its scope, marked as run, when it has not run yet: a function the
 * file runs on its own (a handler, a render rule) runs once, however often it is registered.
 */
export function claimRun(A: Analyzer, fn: FnRef): { node: N; scope: FnScope } | undefined {
  const node = fn.node as N;
  if (A.handled.has(node)) return undefined;
  const scope = A.scopes.scopes.get(node);
  if (!scope) return undefined;
  A.handled.add(node);
  A.analyzed.add(node);
  return { node, scope };
}

/** Runs a handler once with its parameters' roles; later registrations of the same function are no-ops. */
export function runHandler(A: Analyzer, fn: FnRef, spec: HandlerSpec): void {
  const run = claimRun(A, fn);
  if (!run) return;
  const { node, scope } = run;
  const params = (node.params ?? []) as N[];
  // Koa v1 generator middleware (`app.use(function* (next) { this.request … })`): the context is
  // `this` and the only parameter is `next`.
  const gen = node.generator === true && node.type !== 'ArrowFunctionExpression' && !!spec.params?.[0]
    && (!spec.paramNames || spec.generator === true) && params.length <= 1;
  const cls = thisClass(A, node, fn.cls);
  const vals = gen ? params.map(() => UNKNOWN) : params.map((p, i) => paramValue(A, spec, p, i, node, fn.cls as N | undefined));
  const returnSink = spec.returnsHtml && !gen ? htmlReturn(node, spec, fn.cls as N | undefined) : undefined;
  const frame: Frame = makeFrame(scope, (fn.closure as State | null) ?? A.moduleState, 'handler', 0, new Set([node]), {
    cls, thisVal: gen ? makeValue(undefined, spec.params![0]!) : undefined, returnSink,
  });
  runFunction(A, node, frame, vals);
}

/** A registration call: every function argument, or an object argument's `handler`, is a handler. */
export function registerHandlers(A: Analyzer, spec: HandlerSpec, args: Value[], used: Set<AnyNode>): void {
  for (const a of args) {
    const fns = a.fns ?? a.fields?.get('handler')?.fns;
    if (!fns) {
      // An array of middleware functions.
      if (a.fields) for (const f of a.fields.values()) for (const fn of f.fns ?? []) { used.add(fn.node); runHandler(A, fn, spec); }
      continue;
    }
    for (const fn of fns) {
      used.add(fn.node);
      runHandler(A, fn, spec);
    }
  }
}

/** Next.js-style: exported names of files whose path matches. */
export function runExportHandlers(A: Analyzer): void {
  for (const { re, spec } of A.models.handlersExports) {
    if (!re.test(A.file.path)) continue;
    for (const name of spec.exports?.names ?? []) {
      const local = A.exportLocals.get(name);
      const v = A.exportVals.get(name) ?? (local !== undefined ? A.moduleState.env.get(local) : undefined);
      for (const fn of v?.fns ?? []) runHandler(A, fn, spec);
    }
  }
}

/** NestJS-style: methods of classes carrying the class decorator. */
export function runDecoratedClasses(A: Analyzer): void {
  if (A.models.handlersClassDecorator.size === 0) return;
  for (const cls of A.scopes.classes) {
    for (const dec of ((cls as N).decorators ?? []) as N[]) {
      const name = decorator(dec).name;
      const specs = name ? A.models.handlersClassDecorator.get(name) : undefined;
      if (!specs) continue;
      for (const m of classMethods(cls, false).values()) {
        for (const spec of specs) runHandler(A, { node: m, closure: A.declState.get(cls) ?? A.moduleState, cls }, spec);
      }
    }
  }
}

function paramNameOf(p: N): string | undefined {
  const x = p.type === 'AssignmentPattern' ? p.left : p.type === 'TSParameterProperty' ? p.parameter : p;
  return x.type === 'Identifier' ? String(x.name).toLowerCase() : undefined;
}

/** Specs with their roles moved right by some positions (see paramNameSpec), made once each. */
const shifted = new WeakMap<HandlerSpec, HandlerSpec[]>();

function shiftedSpec(spec: HandlerSpec, by: number): HandlerSpec {
  let list = shifted.get(spec);
  if (!list) shifted.set(spec, (list = []));
  let s = list[by];
  if (!s) {
    const params: (string | null)[] = new Array<string | null>(by).fill(null);
    list[by] = s = { ...spec, params: [...params, ...(spec.params ?? [])] };
  }
  return s;
}

/** Do the parameters from position `at` on carry these names (alternatives per position)? */
function namesAt(params: N[], names: string[][], at: number): boolean {
  let named = 0;
  for (let i = 0; i < names.length; i++) {
    const p = params[at + i]!;
    // A destructured parameter (`({ body }, res) => …`) matches when the named ones do.
    if (p.type === 'ObjectPattern' || (p.type === 'AssignmentPattern' && p.left.type === 'ObjectPattern')) continue;
    const pn = paramNameOf(p);
    if (pn === undefined || !names[i]!.includes(pn)) return false;
    named++;
  }
  return named > 0;
}

/**
 * The handler spec whose parameter names this function's match, e.g. (req, res). A pair or more
 * of names may also stand later in the list (`handle(root, opts, req, res)`, a library's request
 * handler called by the app): the roles move with them.
 */
export function paramNameSpec(A: Analyzer, fn: AnyNode): HandlerSpec | undefined {
  const specs = A.models.handlersParamNames;
  if (specs.length === 0) return undefined;
  const params = ((fn as N).params ?? []) as N[];
  const isGen = (fn as N).generator === true && fn.type !== 'ArrowFunctionExpression';
  for (const spec of specs) {
    const names = spec.paramNames!;
    if (spec.generator === true && !isGen) continue;
    if (params.length < names.length) continue;
    if (namesAt(params, names, 0)) return spec;
  }
  for (const spec of specs) {
    const names = spec.paramNames!;
    if (names.length < 2 || spec.generator === true) continue;
    for (let at = 1; at + names.length <= params.length; at++) {
      // Every name must be there: a destructured parameter does not count in a later position.
      if (params.slice(at, at + names.length).some((p) => paramNameOf(p) === undefined)) continue;
      if (namesAt(params, names, at)) return shiftedSpec(spec, at);
    }
  }
  return undefined;
}

/**
 * Functions this file calls by name, with the positions (from 2 on) where some call passes a value
 * other than a variable (`renderPage(req, res, { title: 'Home' })`), and the names that
 * `const f = (…) => …` binds functions to.
 */
interface DirectCalls { literalArgs: Map<string, Set<number>>; bound: Map<AnyNode, string> }

function directCalls(A: Analyzer): DirectCalls {
  const literalArgs = new Map<string, Set<number>>();
  const bound = new Map<AnyNode, string>();
  walk(A.file.program as unknown as AnyNode, (node) => {
    const n = node as N;
    if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier' && n.init) bound.set(n.init as AnyNode, n.id.name as string);
    if (n.type !== 'CallExpression' || n.callee.type !== 'Identifier') return;
    const args = n.arguments as N[];
    for (let i = 2; i < args.length; i++) {
      if (args[i]!.type === 'Identifier') continue;
      let set = literalArgs.get(n.callee.name as string);
      if (!set) literalArgs.set(n.callee.name as string, (set = new Set()));
      set.add(i);
    }
  });
  return { literalArgs, bound };
}

function bindingName(calls: DirectCalls, fn: N): string | undefined {
  return fn.id?.type === 'Identifier' ? (fn.id.name as string) : calls.bound.get(fn as AnyNode);
}

/**
 * A name-matched role past (req, res) that a call in this file fills with something else is no
 * role: `renderPage(req, res, params)` called as `renderPage(req, res, { title })` is a helper, not
 * a router's handler, and its third parameter is the caller's object, not the path's captures.
 * Calls from other files are not seen.
 */
function withoutFilledRoles(spec: HandlerSpec, filled: Set<number> | undefined): HandlerSpec {
  if (!filled || !spec.params?.some((r, i) => r !== null && filled.has(i))) return spec;
  return { ...spec, params: spec.params.map((r, i) => (filled.has(i) ? null : r)) };
}

/** Fallback: functions whose parameter names look like a handler's, e.g. (req, res). */
export function runParamNameHandlers(A: Analyzer): void {
  if (A.models.handlersParamNames.length === 0) return;
  let calls: DirectCalls | undefined;
  for (const fn of A.scopes.functions) {
    if (A.handled.has(fn)) continue;
    let spec = paramNameSpec(A, fn);
    if (!spec) continue;
    if ((spec.params?.length ?? 0) > 2) {
      calls ??= directCalls(A);
      const name = bindingName(calls, fn as N);
      if (name) spec = withoutFilledRoles(spec, calls.literalArgs.get(name));
    }
    const parent = A.scopes.scopes.get(fn)?.parent;
    const closure = A.declState.get(fn) ?? (parent ? A.endState.get(parent) : undefined) ?? A.moduleState;
    runHandler(A, { node: fn, closure }, spec);
  }
}

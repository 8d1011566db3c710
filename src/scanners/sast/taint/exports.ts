/**
 * The file's exports as summaries for other files (taint/summary.ts FileExports), and the
 * `library-input` flows: parameters of exported functions reaching command or code execution, or
 * built into SQL or HTML text.
 */
import { classMethods } from './classes.js';
import { ALL_KINDS_MASK, maskKinds } from '../models/compile.js';
import type { SinkKind } from '../models/types.js';
import { bodyChecks } from './guard-bodies.js';
import { exportedSchemas } from './schemas.js';
import { exportedDtos } from './dtos.js';
import { isValidatorName } from './guards.js';
import { libraryReaches, type Analyzer } from './context.js';
import { pluginEntries } from './plugins.js';
import { CLASSIC_CALLER, classicScriptEntries } from './classic-scripts.js';
import { ownEntry, type FileExports, type Summary } from './summary.js';
import { summaryOf, type SinkFlowX } from './summaries.js';
import { readMember, staticKey } from './transfer.js';
import type { State } from './state.js';
import type { Value } from './value.js';
import { walk, type AnyNode } from '../parse/walk.js';

type N = AnyNode & Record<string, any>;

/**
 * A record for export names. Without a prototype it is a hash table from the start: a plain `{}`
 * given thousands of distinct names (`UserService#find`, over every file) grows V8's hidden-class
 * transition tree by one class per new name, which cost more than the analysis of small files.
 */
function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `rec[k] ??= v` by own entries only. */
function setNew<T>(rec: Record<string, T>, k: string, v: T): void {
  if (ownEntry(rec, k) === undefined) rec[k] = v;
}

function addClass(A: Analyzer, out: FileExports, name: string, cls: AnyNode): void {
  const closure = A.declState.get(cls) ?? A.moduleState;
  for (const [m, fn] of classMethods(cls, false)) out.functions[`${name}#${m}`] = summaryOf(A, { node: fn, closure, cls });
  for (const [m, fn] of classMethods(cls, true)) out.functions[`${name}.${m}`] = summaryOf(A, { node: fn, closure, cls });
}

function addValue(A: Analyzer, out: FileExports, name: string, v: Value): void {
  const fn = v.fns?.[0];
  if (fn) {
    out.functions[name] = guardVerdict(A, name, fn.node, summaryOf(A, fn));
    // A constructor function: prototype methods and methods it assigns to `this`.
    for (const [m, node] of A.protoMethods.get(fn.node) ?? []) {
      out.functions[`${name}#${m}`] = summaryOf(A, { node, closure: A.declState.get(node) ?? A.moduleState, cls: fn.node });
    }
    for (const [m, fv] of A.classFields.get(fn.node) ?? []) {
      const f = fv.fns?.[0];
      if (f && !ownEntry(out.functions, `${name}#${m}`)) out.functions[`${name}#${m}`] = summaryOf(A, { ...f, cls: fn.node });
    }
  }
  if (v.cls) {
    addClass(A, out, name, v.cls);
    const own = (v.cls as N).id?.name as string | undefined;
    if (own && own !== name) addClass(A, out, own, v.cls);
  }
  if (v.api !== undefined && v.api !== '' && !v.fns) (out.values ??= record())[name] = v.api;
  if (v.imp && !fn) {
    const ex = A.ctx.importedExports(v.imp.spec);
    if (ex) {
      const key = v.imp.name ?? 'default';
      if (v.imp.name === undefined && name === 'default') {
        for (const [k, s] of Object.entries(ex.functions)) setNew(out.functions, k, s);
        for (const [k, s] of Object.entries(ex.values ?? {})) setNew((out.values ??= record()), k, s);
      } else {
        const s = ownEntry(ex.functions, key);
        if (s) out.functions[name] = s;
      }
    }
  }
  if (v.fields && name === 'default') {
    for (const [k, fv] of v.fields) if (!ownEntry(out.functions, k) && fv.fns?.[0]) out.functions[k] = summaryOf(A, fv.fns[0]);
  }
}

/**
 * A validator by name whose body checks nothing real, or not every kind (guard-bodies.ts), says so
 * to its importers: their `if (isAllowed(x))` then cleans nothing, or only those kinds. Other
 * summaries are left as they are.
 */
function guardVerdict(A: Analyzer, name: string, node: AnyNode, s: Summary): Summary {
  const own = (node as N).id?.name as string | undefined;
  if (!isValidatorName(name) && !(own !== undefined && isValidatorName(own))) return s;
  const mask = bodyChecks(A, node as N);
  if (mask === ALL_KINDS_MASK) return s;
  return { ...s, guard: mask === 0 ? false : (maskKinds(mask) as SinkKind[]) };
}

export function buildExports(A: Analyzer, end: State): FileExports {
  const out: FileExports = { functions: record() };
  for (const [name, v] of A.exportVals) addValue(A, out, name, v);
  for (const [name, local] of A.exportLocals) {
    const v = end.env.get(local);
    if (v) addValue(A, out, name, v);
  }
  // `module.exports = api` … `api.run = fn`: the functions set on the exported object afterwards.
  for (const node of A.exportAliases) {
    const fn = A.exportAliasIn.get(node);
    const v = aliasValue(A, node as N, (fn && A.endState.get(fn)) || end);
    for (const [k, fv] of v?.fields ?? []) if (!ownEntry(out.functions, k) && fv.fns?.[0]) out.functions[k] = summaryOf(A, fv.fns[0]);
  }
  for (const r of A.reexports) {
    const ex = A.ctx.importedExports(r.spec);
    if (!ex) continue;
    if (r.name !== undefined) {
      const s = ownEntry(ex.functions, r.name);
      if (s) out.functions[r.as ?? r.name] = s;
      const val = ownEntry(ex.values, r.name);
      if (val !== undefined) (out.values ??= record())[r.as ?? r.name] = val;
      // Class methods (instance `#`, static `.`) travel with the class name.
      const inst = r.name + '#';
      const stat = r.name + '.';
      for (const [k, s2] of Object.entries(ex.functions)) if (k.startsWith(inst) || k.startsWith(stat)) out.functions[(r.as ?? r.name) + k.slice(r.name.length)] = s2;
    } else if (r.as === undefined) {
      for (const [k, s] of Object.entries(ex.functions)) if (k !== 'default' && !k.startsWith('default#') && !k.startsWith('default.')) setNew(out.functions, k, s);
      for (const [k, s] of Object.entries(ex.values ?? {})) if (k !== 'default') setNew((out.values ??= record()), k, s);
    }
  }
  const schemas = exportedSchemas(A.file.program);
  if (schemas) out.schemas = schemas;
  const dtos = exportedDtos(A);
  if (dtos) out.dtos = dtos;
  return out;
}

/** An alias of the exported object (`api`, `internals.Client`) read in the module's end state. */
function aliasValue(A: Analyzer, node: N, end: State): Value | undefined {
  const key = staticKey(node);
  if (key === undefined) return undefined;
  const [first, ...rest] = key.split('.');
  let v: Value | undefined = end.env.get(first!);
  for (const name of rest) {
    if (!v) return undefined;
    v = readMember(A, v, name, node);
  }
  return v;
}

/** Most factory methods summarised per file (each costs a summary run). */
const MAX_FACTORY_METHODS = 256;
/** `a.b = function`, `a.b = async (x) =>`, `a.b = x =>` in the text (a pre-check; no nested quantifiers). */
const MEMBER_FN_ASSIGN = /[\w$\]]\s*\.\s*[\w$]+\s*=\s*(?:async\s+)?(?:function\b|\([^()]*\)\s*=>|[\w$]+\s*=>)/;
/** Most nodes looked at when searching for factories. */
const MAX_FACTORY_SCAN = 400_000;
/** `return {` or `=> ({` in the text (a pre-check for returned objects of methods). */
const RETURN_OBJECT = /\breturn\s*\{|=>\s*\(\s*\{|\breturn\s+(?:async\s+)?function\b/;
/** Parameters that make a returned function a request handler (a middleware factory's), whose caller is the framework. */
const HANDLER_PARAM = /^(?:req|request|res|response|reply|next|ctx|context|event)$/;

/** Function nodes the file exports by any name (`module.exports = function () {…}`, `export function`). */
function exportedFunctions(A: Analyzer): Set<AnyNode> {
  const out = new Set<AnyNode>();
  for (const v of A.exportVals.values()) for (const f of v.fns ?? []) out.add(f.node);
  for (const local of A.exportLocals.values()) for (const f of A.moduleState.env.get(local)?.fns ?? []) out.add(f.node);
  return out;
}

function isFn(n: N | null | undefined): boolean {
  return !!n && (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression' || n.type === 'FunctionDeclaration');
}

/** The variable at the base of `a.b.c` (after `this`-free member steps), if any. */
function baseName(n: N): string | undefined {
  let x = n;
  for (let i = 0; i < 16 && x.type === 'MemberExpression'; i++) x = x.object;
  return x.type === 'Identifier' ? x.name : undefined;
}

/**
 * Functions assigned onto an object a factory or constructor returns (`api.tools.parse = function
 * (r) {…}` … `return api`), or the methods of an object literal it returns (`return { find(id)
 * {…} }`): callers of the library reach them as they reach exported functions.
 * Each function body is walked once, without its nested functions (queued and walked on their own).
 */
function factoryMethods(A: Analyzer): AnyNode[] {
  const out: AnyNode[] = [];
  // Object literals returned count only from exported functions (a module's own helpers return
  // objects of callbacks all the time); each such method costs a summary run.
  const exported = RETURN_OBJECT.test(A.file.source) ? exportedFunctions(A) : undefined;
  // Most files have no `obj.name = function` / `obj.name = (…) =>` at all: skip the walk for them.
  if (!MEMBER_FN_ASSIGN.test(A.file.source) && !exported?.size) return out;
  const queue: N[] = [A.file.program as N];
  let seen = 0;
  while (queue.length > 0 && seen < MAX_FACTORY_SCAN && out.length < MAX_FACTORY_METHODS) {
    const fn = queue.pop()!;
    const returned = new Set<string>();
    const assigned: [string, AnyNode][] = [];
    // `return { find: function (id) {…}, remove(id) {…} }` (or `() => ({ … })`): an object of methods made per call.
    const literal: AnyNode[] = [];
    // Nested groups too (`return { base: { fetchById(…) {…} } }`), a few levels deep.
    const methodsOf = (o: N, depth = 0): void => {
      for (const p of (o.properties ?? []) as N[]) {
        if (p.type !== 'Property') continue;
        if (isFn(p.value)) literal.push(p.value);
        else if (p.value?.type === 'ObjectExpression' && depth < 3) methodsOf(p.value, depth + 1);
      }
    };
    if (fn.type === 'ArrowFunctionExpression' && fn.body?.type === 'ObjectExpression' && exported?.has(fn)) methodsOf(fn.body);
    walk(fn, (node) => {
      if (++seen > MAX_FACTORY_SCAN) return false;
      const m = node as N;
      if (m !== fn && isFn(m)) { queue.push(m); return false; }
      if (m.type === 'ReturnStatement' && m.argument?.type === 'Identifier') returned.add(m.argument.name);
      else if (m.type === 'ReturnStatement' && m.argument?.type === 'ObjectExpression' && exported?.has(fn)) methodsOf(m.argument);
      // `module.exports = function (db) { return function search(opts) {…} }`: the function made per
      // call is the API its caller uses (a middleware factory's (req, res) handler is the framework's).
      else if (m.type === 'ReturnStatement' && isFn(m.argument as N | null) && exported?.has(fn)
        && !(((m.argument as N).params ?? []) as N[]).some((p) => p.type === 'Identifier' && HANDLER_PARAM.test(p.name))) literal.push(m.argument as N);
      else if (m.type === 'AssignmentExpression' && m.operator === '=' && m.left?.type === 'MemberExpression' && isFn(m.right)) {
        const b = baseName(m.left);
        if (b !== undefined) assigned.push([b, m.right]);
      }
      return true;
    });
    if (fn === A.file.program) continue;
    for (const [b, f] of assigned) if (returned.has(b) && out.length < MAX_FACTORY_METHODS) out.push(f);
    for (const f of literal) if (out.length < MAX_FACTORY_METHODS) out.push(f);
  }
  return out;
}

/**
 * Parameters of exported functions are `library-input`: command/code execution counts, and SQL
 * and HTML text built from them (context.ts `libraryReaches`). So are
 * those of functions set on an object a factory in an exporting file returns.
 */
export function libraryHits(A: Analyzer, ex: FileExports): void {
  // An app's exported helpers are called by the app (context.ts `inLibrary`).
  if (!A.ctx.labels.has('library-input') || !A.inLibrary) return;
  const sums = Object.values(ex.functions) as Summary[];
  // `module.exports = win32 ? checkWin32 : checkUnix`: the export summary is the first function's;
  // the caller may get either.
  for (const v of A.exportVals.values()) for (const f of (v.fns ?? []).slice(1, 4)) sums.push(summaryOf(A, f));
  const markupOnly = new Set<Summary>();
  const classic = new Set<Summary>();
  // An exporting file (context.ts `libraryish`): its factories' methods are the library's API.
  if (A.libraryish) {
    for (const node of factoryMethods(A)) sums.push(summaryOf(A, { node, closure: A.declState.get(node) ?? A.moduleState }));
    // jQuery plugin functions and the plugin's constructors and methods (plugins.ts): for the markup
    // they build only (jQuery's own `.on(types)` builds regexes from event names, its caller's own).
    const full = new Set(sums);
    for (const node of pluginEntries(A)) {
      const s = summaryOf(A, { node, closure: A.declState.get(node) ?? A.moduleState });
      if (!full.has(s)) markupOnly.add(s);
    }
    for (const s of markupOnly) sums.push(s);
  } else {
    // A classic browser script's global functions (classic-scripts.ts): for the markup they build.
    for (const node of classicScriptEntries(A)) {
      const s = summaryOf(A, { node, closure: A.declState.get(node) ?? A.moduleState });
      if (!markupOnly.has(s)) sums.push(s);
      markupOnly.add(s);
      classic.add(s);
    }
  }
  // A framework handler exported with its class (a NestJS controller method): the framework
  // supplies its parameters (the request, or a pipe's parsed value), not a library's caller.
  const handlers = new Set<Summary>();
  for (const node of A.handled) {
    const m = A.summaries.get(node);
    if (m) handlers.add(m.sum);
  }
  for (const sum of sums) {
    if (handlers.has(sum)) continue;
    const onlyXss = markupOnly.has(sum);
    for (const ts of sum.toSink as SinkFlowX[]) {
      if (ts.custom || (onlyXss && ts.kind !== 'xss')) continue;
      if (!libraryReaches(ts.kind, ts.text ?? 0) || ts.needsBuilt) continue;
      if (ts.labels && !ts.labels.includes('library-input')) continue;
      const last = ts.steps[ts.steps.length - 1];
      // Only sinks in this file: a callee file reports its own.
      if (!last || last.path !== A.file.path) continue;
      const first = ts.steps[0];
      const steps = classic.has(sum) && first ? [{ ...first, message: `${first.message} (${CLASSIC_CALLER})` }, ...ts.steps.slice(1)] : ts.steps;
      A.emitHit(ts.kind, ts.sinkId, 'library-input', steps);
    }
  }
}

/**
 * The per-file taint engine: runs the module's top level (handlers registered there run with
 * their roles as they are registered), then framework handlers found by exports, decorators and
 * parameter names, then every function not yet analysed (with symbolic parameters, which also gives
 * its summary), and finally the file's exports for other files.
 */
import type { CompiledModels } from '../models/compile.js';
import type { ParsedFile } from '../parse/index.js';
import type { AnyNode } from '../parse/walk.js';
import { Analyzer } from './context.js';
import { buildExports, libraryHits } from './exports.js';
import { paramNameSpec, runDecoratedClasses, runExportHandlers, runHandler, runParamNameHandlers } from './handlers.js';
import { setupWidgets } from './plugins.js';
import { runProgram } from './run.js';
import { EMPTY_REF, envSet, makeFrame, type Frame, type State } from './state.js';
import { summaryOf } from './summaries.js';
import { ownEntry, type FileContext, type FileExports, type FileResult } from './summary.js';
import { makeValue, valueOf, type Value } from './value.js';

type N = AnyNode & Record<string, any>;

function bindImports(A: Analyzer, st: State): void {
  for (const s of (A.file.program as unknown as N).body as N[]) {
    if (s.type !== 'ImportDeclaration') continue;
    const spec = String(s.source.value);
    A.imports.add(spec);
    if (s.importKind === 'type') continue;
    for (const sp of s.specifiers as N[]) {
      if (sp.importKind === 'type') continue;
      const local = sp.local.name as string;
      const name = sp.type === 'ImportSpecifier'
        ? (sp.imported.type === 'Identifier' ? sp.imported.name : String(sp.imported.value))
        : sp.type === 'ImportDefaultSpecifier' ? 'default' : undefined;
      const api = A.api.binding(local);
      const v: Value = valueOf({ imp: name === undefined ? { spec } : { spec, name }, api });
      const values = name !== undefined ? ownEntry(A.ctx.importedExports(spec)?.values, name) : undefined;
      envSet(st, local, values !== undefined ? { ...v, api: values } : v);
    }
  }
}

/**
 * A snippet that reads `req.query.cmd` with no handler around it and no `req` declared in the file
 * (a code sample cut out of a route): the free `req` can only be the request, so it gets the request
 * role. A `req` declared at module level, or a function's own `req` parameter, shadows this.
 */
function bindFreeRequest(A: Analyzer, st: State): void {
  const root = A.scopes.scopes.get(A.file.program as unknown as AnyNode);
  if (!root || root.declared.has('req')) return;
  envSet(st, 'req', makeValue(undefined, '@http.request'));
}

/** Each method (or function-valued field) → its class, from one pass over the class bodies. */
function methodClasses(A: Analyzer): Map<AnyNode, AnyNode> {
  const out = new Map<AnyNode, AnyNode>();
  for (const c of A.scopes.classes) {
    for (const m of ((c as N).body?.body ?? []) as N[]) if (m.value && !out.has(m.value)) out.set(m.value, c);
  }
  return out;
}

export function analyzeFile(file: ParsedFile, models: CompiledModels, ctx: FileContext): FileResult {
  const A = new Analyzer(file, models, ctx);
  const program = file.program as unknown as AnyNode;
  const scope = A.scopes.scopes.get(program)!;
  const frame: Frame = makeFrame(scope, null, 'plain', 0, new Set([program]));
  const st: State = { env: new Map(), frame, ref: EMPTY_REF, own: true };
  A.moduleState = st;
  bindImports(A, st);
  bindFreeRequest(A, st);
  let end = st;
  try {
    setupWidgets(A);
    end = runProgram(A, program, st);
    A.moduleState = end;
    runExportHandlers(A);
    runDecoratedClasses(A);
    // Every function not reached yet, outermost first (so inner ones see their closures): summarised
    // with symbolic parameters (sources inside still report); handler-named ones run as handlers.
    const owners = methodClasses(A);
    for (const fn of A.scopes.functions) {
      if (A.analyzed.has(fn) || A.outOfBudget) continue;
      const parent = A.scopes.scopes.get(fn)?.parent;
      const closure = A.declState.get(fn) ?? (parent ? A.endState.get(parent) : undefined) ?? end;
      const cls = owners.get(fn);
      const spec = paramNameSpec(A, fn);
      if (spec) runHandler(A, { node: fn, closure, cls }, spec);
      else summaryOf(A, { node: fn, closure, cls });
    }
    runParamNameHandlers(A);
  } catch (e) {
    // Odd input (or an engine bug) must not lose the file or the scan: report it as a truncation
    // and keep what was found so far.
    const msg = e instanceof Error ? e.message : String(e);
    A.truncate(program, e instanceof RangeError ? `analysis stopped: ${msg}` : `analysis stopped by an internal error: ${msg}`);
  }
  // Exports are summaries too (functions not run yet run now): the same guard.
  let exports: FileExports = { functions: {} };
  try {
    exports = buildExports(A, end);
    libraryHits(A, exports);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    A.truncate(program, e instanceof RangeError ? `analysis stopped: ${msg}` : `analysis stopped by an internal error: ${msg}`);
  }
  A.noteJoinCuts(program);
  return {
    exports,
    hits: A.hits,
    customHits: A.customHits,
    imports: [...A.imports],
    truncated: A.truncated,
  };
}

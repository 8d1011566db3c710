/**
 * One file's parse + analysis, as the project driver runs it on the main thread or in a worker
 * thread (when this module is loaded as a worker it serves tasks from the driver). Never throws
 * for a bad file: refusals and engine failures come back as issues.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { ScanIssue } from '../../../core/scanner.js';
import type { SourceLabel, TaintModel } from '../models/types.js';
import { hasNodeShebang, langOf, parseSource, rawTransferFromStart, type ParsedFile } from '../parse/index.js';
import type { FileContext, FileExports, FileResult } from './summary.js';
import { analyzeFile } from './file.js';
import { compileModels } from '../models/compile.js';
import { exportsHash, hashesEmpty } from './cache.js';
import type { WorkerReply } from './reply.js';
import { WARM_UP_FILES } from '../parse/warm-up.js';

export interface Engine {
  analyze(file: ParsedFile, ctx: FileContext): FileResult;
}

/** `extra`: what the caller's per-file function returned for the parsed file (see ProjectOptions.perFile). */
export type FileOutcome =
  | {
      ok: true; result: FileResult; issues: ScanIssue[]; extra?: unknown;
      /** From a worker: `result.exports` as its JSON text and exportsHash(), so the driver need not encode them again. */
      exportsJson?: string; exportsHash?: string;
    }
  | { ok: false; issues: ScanIssue[]; extra?: unknown };

/**
 * Per-file work that needs the AST (AST rules, search patterns), run where the file is parsed so
 * it is parsed once; the module named in ProjectOptions.perFile exports it as `runPerFile`.
 * Its result must be JSON data (it crosses threads and is cached).
 */
export type PerFileFn = (file: ParsedFile, options: unknown) => unknown;

export interface PerFileSpec {
  /** URL (file:) or absolute path of an ES module exporting `runPerFile: PerFileFn`. */
  module: string;
  /** Passed to runPerFile; JSON data. */
  options?: unknown;
  /** Identity of the module's behaviour with these options, for the cache (e.g. a hash of rule ids and options). */
  key: string;
}

export async function loadPerFile(spec: PerFileSpec): Promise<(file: ParsedFile) => unknown> {
  const mod = (await import(spec.module.startsWith('file:') ? spec.module : pathToFileURL(spec.module).href)) as {
    runPerFile?: PerFileFn;
    preparePerFile?: (options: unknown) => Promise<void>;
  };
  const fn = mod.runPerFile;
  if (typeof fn !== 'function') throw new Error(`${spec.module} does not export runPerFile`);
  // What the pass needs only for some options (the users' pattern rules) loads now, once.
  if (typeof mod.preparePerFile === 'function') await mod.preparePerFile(spec.options);
  return (file) => fn(file, spec.options);
}

const REFUSAL_KIND: Record<string, ScanIssue['kind']> = {
  minified: 'skipped-size', 'too-deep': 'unparsable', flow: 'unparsable', syntax: 'unparsable',
};

export function analyzeOne(
  engine: Engine,
  path: string,
  source: string,
  ctx: FileContext,
  includeMinified: boolean,
  perFile?: (file: ParsedFile) => unknown,
): FileOutcome {
  // An extension-less bin/ script that turns out not to be a Node script is none of ours: no issue.
  if (langOf(path) === undefined && !hasNodeShebang(source)) return { ok: false, issues: [] };
  const parsed = parseSource(path, source, { includeMinified });
  if (!parsed.ok) {
    return { ok: false, issues: [{ path, line: parsed.line, kind: REFUSAL_KIND[parsed.reason] ?? 'unparsable', message: parsed.message, scanner: 'sast' }] };
  }
  const issues: ScanIssue[] = [];
  if (parsed.file.notice) issues.push({ path, kind: 'other', message: parsed.file.notice, scanner: 'sast' });
  const first = parsed.file.errors[0];
  if (first) {
    const more = parsed.file.errors.length > 1 ? ` (and ${parsed.file.errors.length - 1} more)` : '';
    issues.push({ path, line: first.line, kind: 'unparsable', message: `syntax error: ${first.message}${more}; analysed the part that parsed`, scanner: 'sast' });
  }
  let extra: unknown;
  if (perFile) {
    try {
      extra = perFile(parsed.file);
    } catch (e) {
      issues.push({ path, kind: 'other', message: `file rules failed: ${e instanceof Error ? e.message : String(e)}`, scanner: 'sast' });
    }
  }
  const withExtra = extra === undefined ? {} : { extra };
  let result: FileResult;
  try {
    result = engine.analyze(parsed.file, ctx);
  } catch (e) {
    issues.push({ path, kind: 'other', message: `taint analysis failed: ${e instanceof Error ? e.message : String(e)}`, scanner: 'sast' });
    return { ok: false, issues, ...withExtra };
  }
  for (const t of result.truncated) issues.push({ path, line: t.line, kind: 'other', message: `analysis cut short: ${t.reason}`, scanner: 'sast' });
  return { ok: true, result, issues, ...withExtra };
}

// ---------------------------------------------------------------------------------------------
// Worker thread side.

export interface WorkerInit {
  /** Marks this module's own workers, so importing it from another thread starts nothing. */
  sastTaintWorker: true;
  models: TaintModel[];
  labels: SourceLabel[];
  includeMinified: boolean;
  perFile?: PerFileSpec;
}

export interface WorkerTask {
  path: string;
  source: string;
  /**
   * The project files this file imports: [specifier, their path]. Their exports are not sent with
   * every task: each worker keeps the exports it was sent or produced (see `send`), so a file
   * imported by many others crosses the thread boundary once per worker, not once per importer.
   */
  deps: [string, string][];
  /** Exports (JSON text) of `deps` files this worker does not hold yet or holds in an older version. */
  send: [string, string][];
  /** Run the per-file function too (false on later rounds of an import cycle). */
  extra: boolean;
  /**
   * Keep the exports this task makes, as the object made (a later importer on this worker reads
   * them without the driver sending their text back); otherwise the worker holds none of this file's.
   */
  keep?: boolean;
  /**
   * Paths whose exports no later task needs: forgotten once this task is done, so a worker does
   * not keep every dependency's parsed exports (old-generation heap every major GC must mark).
   */
  drop?: string[];
}

// A worker's answer and its decoding live in reply.ts (the driver reads replies without the engine).
export { outcomeOf, type WorkerReply } from './reply.js';

/** Builds the real engine; a separate function so tests on sources never load a worker. */
export type EngineFactory = (models: TaintModel[]) => Engine;

export function serveTasks(factory: EngineFactory): void {
  const init = workerData as WorkerInit;
  // Workers run only for large scans (project.ts WORKER_MIN_BYTES).
  rawTransferFromStart();
  const engine = factory(init.models);
  const labels = new Set(init.labels);
  // The warm-up runs before the first task (tasks wait on this promise).
  const perFile = (init.perFile ? loadPerFile(init.perFile) : Promise.resolve(undefined)).then((pf) => {
    if (process.env['RAMPART_SAST_WARM_UP'] !== '0') warmUp(engine, labels, pf);
    return pf;
  });
  // Path → exports held by this worker: the JSON text, parsed when an importer first reads it and
  // then shared by every later importer until the driver sends a new version (the engine only
  // reads imported exports, as on the main thread where importers share one object), or the
  // object this worker made (WorkerTask.keep).
  const store = new Map<string, { json?: string; parsed?: FileExports }>();
  // Tasks arrive in the order the driver built them; their callbacks on the one `perFile` promise
  // run in that order too, so each task sees the store exactly as the driver believed it to be.
  parentPort!.on('message', (task: WorkerTask) => {
    perFile.then((pf) => {
      for (const [path, json] of task.send) store.set(path, { json });
      const bySpec = new Map(task.deps);
      const ctx: FileContext = {
        labels,
        importedExports: (spec) => {
          const path = bySpec.get(spec);
          const held = path === undefined ? undefined : store.get(path);
          if (held === undefined) return undefined;
          return (held.parsed ??= JSON.parse(held.json!) as FileExports);
        },
      };
      const outcome = analyzeOne(engine, task.path, task.source, ctx, init.includeMinified, task.extra ? pf : undefined);
      // Importers share the object as they do on the main thread (the driver knows what is kept:
      // project.ts). Before the drops: a file forgotten since its task was built is among them.
      if (task.keep && outcome.ok) store.set(task.path, { parsed: outcome.result.exports });
      else store.delete(task.path);
      if (task.drop) for (const path of task.drop) store.delete(path);
      const reply: WorkerReply = { outcome: '' };
      if (outcome.ok) {
        const { exports, ...rest } = outcome.result;
        reply.exports = JSON.stringify(exports);
        // Hashed by the driver (reply.ts): this thread is the scan's critical path, that one mostly waits.
        if (hashesEmpty(exports)) reply.exportsHash = '';
        reply.outcome = JSON.stringify({ ...outcome, result: rest });
      } else {
        reply.outcome = JSON.stringify(outcome);
      }
      parentPort!.postMessage({ ok: true, result: reply });
    }).catch((e: unknown) => {
      parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
    });
  });
}

/**
 * Analyses the made-up project of parse/warm-up.ts once, as tasks would (exports handed on as JSON
 * text), and drops every result: the engine's code is then optimised on varied feedback instead of
 * on the first few real files alone (see warm-up.ts). Speed only; never throws. Returns how many
 * files were analysed (all of them, unless the sample no longer parses).
 */
export function warmUp(engine: Engine, labels: ReadonlySet<SourceLabel>, perFile?: (file: ParsedFile) => unknown): number {
  let done = new Map<string, string>();
  // The second pass costs ~15 ms CPU; against one pass, a cold bench scan had 226 -> 178 deopts
  // and 185 -> 164 TurboFan recompiles.
  for (let pass = 0; pass < WARM_UP_PASSES; pass++) {
    done = new Map();
    warmUpPass(engine, labels, perFile, done);
  }
  return done.size;
}

const WARM_UP_PASSES = 2;

function warmUpPass(engine: Engine, labels: ReadonlySet<SourceLabel>, perFile: ((file: ParsedFile) => unknown) | undefined, done: Map<string, string>): void {
  for (const f of WARM_UP_FILES) {
    const ctx: FileContext = {
      labels,
      importedExports: (spec) => {
        const path = f.imports[spec];
        const json = path === undefined ? undefined : done.get(path);
        return json === undefined ? undefined : (JSON.parse(json) as FileExports);
      },
    };
    try {
      const outcome = analyzeOne(engine, f.path, f.source, ctx, false, perFile);
      if (!outcome.ok) continue;
      const json = JSON.stringify(outcome.result.exports);
      exportsHash(outcome.result.exports, json);
      done.set(f.path, json);
    } catch {
      // Speed only: a failure here changes nothing a task computes.
    }
  }
}

/** The real engine: the compiled model index + the per-file analysis. */
export const defaultEngineFactory: EngineFactory = (models) => {
  const compiled = compileModels(models);
  return { analyze: (file, ctx) => analyzeFile(file, compiled, ctx) };
};

if (!isMainThread && parentPort && (workerData as Partial<WorkerInit> | null)?.sastTaintWorker === true) serveTasks(defaultEngineFactory);

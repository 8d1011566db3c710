/**
 * One file's parse + analysis, as the project driver runs it on the main thread or in a worker
 * thread (when this module is loaded as a worker it serves tasks from the driver). Never throws
 * for a bad file: refusals and engine failures come back as issues.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { ScanIssue } from '../../../core/scanner.js';
import type { SourceLabel, TaintModel } from '../models/types.js';
import { parseSource, type ParsedFile } from '../parse/index.js';
import type { FileContext, FileExports, FileResult } from './summary.js';

export interface Engine {
  analyze(file: ParsedFile, ctx: FileContext): FileResult;
}

export type FileOutcome =
  | { ok: true; result: FileResult; issues: ScanIssue[] }
  | { ok: false; issues: ScanIssue[] };

const REFUSAL_KIND: Record<string, ScanIssue['kind']> = {
  minified: 'skipped-size', 'too-deep': 'unparsable', flow: 'unparsable', syntax: 'unparsable',
};

export function analyzeOne(engine: Engine, path: string, source: string, ctx: FileContext, includeMinified: boolean): FileOutcome {
  const parsed = parseSource(path, source, { includeMinified });
  if (!parsed.ok) {
    return { ok: false, issues: [{ path, line: parsed.line, kind: REFUSAL_KIND[parsed.reason] ?? 'unparsable', message: parsed.message, scanner: 'sast' }] };
  }
  const issues: ScanIssue[] = [];
  const first = parsed.file.errors[0];
  if (first) {
    const more = parsed.file.errors.length > 1 ? ` (and ${parsed.file.errors.length - 1} more)` : '';
    issues.push({ path, line: first.line, kind: 'unparsable', message: `syntax error: ${first.message}${more}; analysed the part that parsed`, scanner: 'sast' });
  }
  let result: FileResult;
  try {
    result = engine.analyze(parsed.file, ctx);
  } catch (e) {
    issues.push({ path, kind: 'other', message: `taint analysis failed: ${e instanceof Error ? e.message : String(e)}`, scanner: 'sast' });
    return { ok: false, issues };
  }
  for (const t of result.truncated) issues.push({ path, line: t.line, kind: 'other', message: `analysis cut short: ${t.reason}`, scanner: 'sast' });
  return { ok: true, result, issues };
}

// ---------------------------------------------------------------------------------------------
// Worker thread side.

export interface WorkerInit {
  /** Marks this module's own workers, so importing it from another thread starts nothing. */
  sastTaintWorker: true;
  models: TaintModel[];
  labels: SourceLabel[];
  includeMinified: boolean;
}

export interface WorkerTask {
  path: string;
  source: string;
  /** The exports of the project files this file imports, by specifier. */
  imported: Record<string, FileExports>;
}

/** Builds the real engine; a separate function so tests on sources never load a worker. */
export type EngineFactory = (models: TaintModel[]) => Engine;

export function serveTasks(factory: EngineFactory): void {
  const init = workerData as WorkerInit;
  const engine = factory(init.models);
  const labels = new Set(init.labels);
  parentPort!.on('message', (task: WorkerTask) => {
    try {
      const ctx: FileContext = {
        labels,
        importedExports: (spec) => (Object.prototype.hasOwnProperty.call(task.imported, spec) ? task.imported[spec] : undefined),
      };
      parentPort!.postMessage({ ok: true, result: analyzeOne(engine, task.path, task.source, ctx, init.includeMinified) });
    } catch (e) {
      parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  });
}

/** The real engine: H1's compiled models + per-file analysis. */
export const defaultEngineFactory: EngineFactory = () => {
  throw new Error('the taint engine (taint/file.ts) is not available yet');
};

if (!isMainThread && parentPort && (workerData as Partial<WorkerInit> | null)?.sastTaintWorker === true) serveTasks(defaultEngineFactory);

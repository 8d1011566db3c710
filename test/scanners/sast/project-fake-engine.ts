/**
 * A tiny stand-in for the taint engine, for testing the project driver's ordering, cycles and cache
 * on their own: `sink(x)` is a sink, `source()` a source; an exported function whose body calls
 * `sink` (or an imported function whose summary reaches a sink) reaches a sink with its parameter 0;
 * calling such a function with `source()` is a hit. Calls are recorded in `log`.
 */
import type { EngineFactory } from '../../../src/scanners/sast/taint/worker.js';
import type { FileContext, FileExports, FileResult, Summary } from '../../../src/scanners/sast/taint/summary.js';
import type { TaintHit } from '../../../src/scanners/sast/taint/types.js';
import type { ParsedFile } from '../../../src/scanners/sast/parse/index.js';
import { walk, type AnyNode } from '../../../src/scanners/sast/parse/walk.js';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProject, type ProjectOptions, type ProjectStats } from '../../../src/scanners/sast/taint/project.js';
import type { ScanIssue } from '../../../src/core/scanner.js';

type N = AnyNode & Record<string, any>;

export function fakeEngine(log: string[]): EngineFactory {
  return () => ({ analyze: (file: ParsedFile, ctx: FileContext) => analyze(file, ctx, log) });
}

function analyze(file: ParsedFile, ctx: FileContext, log: string[]): FileResult {
  log.push(file.path);
  const imports: string[] = [];
  /** Local name → summary of the imported function, if the import's exports are known. */
  const imported = new Map<string, Summary | undefined>();
  const program = file.program as unknown as N;
  for (const st of program.body as N[]) {
    if (st.type === 'ImportDeclaration') {
      const spec = st.source.value as string;
      imports.push(spec);
      const exp = ctx.importedExports(spec);
      for (const s of st.specifiers as N[]) {
        const name = s.type === 'ImportDefaultSpecifier' ? 'default' : s.type === 'ImportSpecifier' ? (s.imported as N).name : undefined;
        if (name) imported.set(s.local.name, exp?.functions[name]);
      }
    }
  }
  const reachesSink = (callee: string) => callee === 'sink' || (imported.get(callee)?.toSink.length ?? 0) > 0;
  const functions: FileExports['functions'] = {};
  const hits: TaintHit[] = [];
  walk(program, (node: N) => {
    if (node.type === 'ExportNamedDeclaration' && node.declaration?.type === 'FunctionDeclaration') {
      const fn = node.declaration as N;
      let sinks = false;
      walk(fn.body, (c: N) => {
        if (c.type === 'CallExpression' && c.callee.type === 'Identifier' && reachesSink(c.callee.name)) sinks = true;
      });
      const pos = file.lines.position(fn.start);
      const step = { path: file.path, line: pos.line, column: pos.column, endLine: pos.line, endColumn: pos.column, message: `in ${fn.id.name}` };
      functions[fn.id.name] = {
        toReturn: [],
        toSink: sinks ? [{ param: 0, steps: [step], kind: 'sql-injection', sinkId: 'fake.sink' }] : [],
        sourceReturn: [],
      };
    }
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && reachesSink(node.callee.name)) {
      const arg = (node.arguments as N[])[0];
      if (arg?.type === 'CallExpression' && arg.callee.type === 'Identifier' && arg.callee.name === 'source') {
        const pos = file.lines.position(node.start);
        const step = { path: file.path, line: pos.line, column: pos.column, endLine: pos.line, endColumn: pos.column, message: 'call' };
        const more = imported.get(node.callee.name)?.toSink[0]?.steps ?? [];
        hits.push({ kind: 'sql-injection', sinkId: 'fake.sink', label: 'http', steps: [step, ...more] });
      }
    }
  });
  return { exports: { functions }, hits, customHits: [], imports, truncated: [] };
}

/** A small project for the re-scan cache tests: main imports two files; a re-scan with nothing changed reuses all three. */
export const TWO_IMPORTS: Readonly<Record<string, string>> = {
  'src/left.ts': 'export function l(q) { sink(q); }\n',
  'src/right.ts': 'export function r(q) { return q; }\n',
  'src/main.ts': "import { l } from './left';\nimport { r } from './right';\nl(r(source()));\n",
};

/**
 * A project of `files` under src/ scanned by the driver with the fake engine and a cache folder of
 * its own; each `run(extra)` is one scan (the log of analysed files sorted), `write` edits a file.
 */
export function fakeProject(trees: { make(files: Record<string, string>): string }, files: Readonly<Record<string, string>>) {
  const dir = trees.make(files);
  const cacheDir = trees.make({});
  const run = async (extra: Partial<ProjectOptions> = {}) => {
    const log: string[] = [];
    const issues: ScanIssue[] = [];
    const stats = {} as ProjectStats;
    const paths = readdirSync(join(dir, 'src')).map((f) => `src/${f}`).sort();
    const res = await runProject(
      paths.map((p) => ({ path: p, absPath: join(dir, p) })),
      { models: [], labels: new Set(['http']), cacheDir, issue: (i) => issues.push(i), stats, ...extra },
      fakeEngine(log),
    );
    return { ...res, log: log.sort(), issues, stats };
  };
  return { dir, cacheDir, run, write: (p: string, c: string) => writeFileSync(join(dir, p), c) };
}

/** Shared test helpers for the taint engine tests: parse inline code, run analyzeFile with a small model. */
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { compileModels } from '../../../src/scanners/sast/models/compile.js';
import type { SourceLabel, TaintModel } from '../../../src/scanners/sast/models/types.js';
import { analyzeFile } from '../../../src/scanners/sast/taint/file.js';
import type { FileExports, FileResult, PatternHooks } from '../../../src/scanners/sast/taint/summary.js';

export const TEST_MODEL: TaintModel = {
  framework: 'test',
  handlers: [
    { framework: 'express', register: 'express().{get,post,use}', params: ['@http.request', '@http.response'] },
    { framework: 'express', register: 'express.Router().{get,post}', params: ['@http.request', '@http.response'] },
    { framework: 'fallback', paramNames: [['req', 'request'], ['res', 'response']], params: ['@http.request', '@http.response'] },
    { framework: 'next', exports: { file: '(^|/)app/.*route\\.ts$', names: ['GET', 'POST'] }, params: ['@web.request'] },
    {
      framework: 'nest', classDecorator: 'Controller',
      paramDecorators: { Body: { label: 'http', description: 'request body' }, Req: { role: '@http.request' } },
    },
  ],
  sources: [
    { api: '@http.request.{query,body,params,cookies}', label: 'http', description: 'request data' },
    { api: '@http.request.get', on: 'call', label: 'http', description: 'request header' },
    { api: '@web.request.json', on: 'call', label: 'http', description: 'request body' },
    { api: 'location.{hash,search}', label: 'browser', description: 'URL of the page' },
    { api: 'process.argv', label: 'argv', description: 'command line' },
  ],
  sinks: [
    { id: 'child_process.exec', kind: 'command-injection', call: 'child_process.{exec,execSync}', description: 'runs a shell command' },
    { id: 'child_process.spawn', kind: 'command-injection', call: 'child_process.spawn', args: [0, 1], when: { arg: 2, property: 'shell' }, description: 'runs a command in a shell' },
    { id: 'sql.query', kind: 'sql-injection', method: { name: 'query', receiver: '(db|pool|conn|client)$' }, requiresConcatenation: true, description: 'runs SQL' },
    { id: 'eval', kind: 'code-injection', call: 'eval', description: 'evaluates code' },
    { id: 'innerHTML', kind: 'xss', assign: '*.innerHTML', description: 'writes HTML' },
    { id: 'res.send', kind: 'xss', call: '@http.response.send', description: 'sends HTML' },
    { id: 'fs.readFile', kind: 'path-traversal', call: 'fs.{readFile,readFileSync}', description: 'reads a file' },
    { id: 'react.dangerouslySetInnerHTML', kind: 'xss', jsxAttribute: 'dangerouslySetInnerHTML', property: '__html', description: 'renders raw HTML' },
    { id: 'fetch', kind: 'ssrf', call: 'fetch', description: 'fetches a URL' },
    { id: 'axios', kind: 'ssrf', call: 'axios', property: 'url', description: 'fetches a URL' },
    { id: 'res.redirect', kind: 'open-redirect', call: '@http.response.redirect', description: 'redirects' },
  ],
  sanitizers: [
    { call: 'escape-html', kinds: ['xss'] },
    { method: 'escapeShellArg', kinds: ['command-injection'] },
    { call: 'validator.escape', kinds: ['xss'] },
  ],
  propagators: [{ call: 'lodash.merge', from: [1], to: 0 }],
};

export const ALL_LABELS: ReadonlySet<SourceLabel> = new Set(['http', 'browser', 'message', 'library-input', 'argv', 'env']);
export const WEB_LABELS: ReadonlySet<SourceLabel> = new Set(['http', 'browser', 'message']);

export interface RunOpts {
  path?: string;
  labels?: ReadonlySet<SourceLabel>;
  models?: TaintModel[];
  imported?: Record<string, FileExports>;
  hooks?: PatternHooks;
}

export function run(src: string, opts: RunOpts = {}): FileResult {
  const path = opts.path ?? 'src/app.ts';
  const o = parseSource(path, src);
  if (!o.ok) throw new Error(o.message);
  const models = compileModels(opts.models ?? [TEST_MODEL]);
  return analyzeFile(o.file, models, {
    labels: opts.labels ?? WEB_LABELS,
    importedExports: (s) => opts.imported?.[s],
    ...(opts.hooks ? { hooks: opts.hooks } : {}),
  });
}

export interface Brief {
  kind: string;
  sink: number;
  source: number;
  label: string;
}

/** Hits as kind, sink line, source line and label, sorted; asserts every path has more than one step. */
export function brief(r: FileResult): Brief[] {
  return r.hits
    .map((h) => {
      if (h.steps.length < 2) throw new Error(`hit with ${h.steps.length} step(s): ${JSON.stringify(h)}`);
      return { kind: h.kind, sink: h.steps[h.steps.length - 1]!.line, source: h.steps[0]!.line, label: h.label };
    })
    .sort((a, b) => a.sink - b.sink || a.source - b.source || a.kind.localeCompare(b.kind));
}

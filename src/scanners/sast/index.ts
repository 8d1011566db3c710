import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { CodeFlowStep, Finding } from '../../core/finding.js';
import { fingerprint } from '../../core/fingerprint.js';
import type { RuleMeta } from '../../core/rule.js';
import type { ScanContext, ScanIssue, Scanner, SourceFile } from '../../core/scanner.js';
import { type FileRulesOptions, type FileRulesResult } from './file-rules.js';
import { MODELS } from './models/index.js';
import { selfInput } from './models/browser.js';
import { classicCaller } from './taint/classic-scripts.js';
import type { SinkSpec, TaintModel } from './models/types.js';
import { declaredMinVersion, modelsForProject, readRootPackage } from './models/project-versions.js';
import { bootstrapCandidate, nestFastify, nestGlobalValidation, withNestFastify, withNestGlobalValidation } from './models/nest.js';
import { NestBootstrapMemo } from './models/nest-bootstrap-memo.js';
import { FolderProbe } from './ir/folder-probe.js';
import { cacheDirFor, sastOptions, type SastOptions } from './options.js';
import { langOf, maybeNodeScript } from './parse/index.js';
import type { PatternRule } from './patterns/index.js';
import { AST_RULES } from './rules/index.js';
import { TAINT_RULES } from './rules/taint.js';
import { FlowSinks } from './rules/overlap.js';
import { TestCodePaths } from './test-code.js';
import { analyzeProject } from './taint/project.js';
import type { FlowStep, TaintHit } from './taint/types.js';

/** Bumped when what the per-file pass (file-rules.ts) produces changes, so old cache entries are ignored. */
const PER_FILE_VERSION = 'sast-file-rules-2';

/**
 * JavaScript and TypeScript static analysis. Two passes over the project's sources:
 *  1. the taint engine (taint/project.ts) follows untrusted data across functions and files,
 *     driven by the framework models (models/) and the users' taint-mode pattern rules;
 *  2. per-file rules that need no data flow (rules/: weak crypto, TLS, JWT, …) and the users'
 *     search-mode pattern rules, cached by file content.
 * Findings carry the whole source-to-sink path as `codeFlow`.
 */
export const sastScanner: Scanner = {
  id: 'sast',
  rules: (): RuleMeta[] => builtinRules(),
  rulesFor: async (options: Record<string, unknown>): Promise<RuleMeta[]> => {
    const p = await patternRules(sastOptions(options));
    return p.api ? [...builtinRules(), ...p.api.patternRuleMeta(p.rules)] : builtinRules();
  },
  // node_modules is third-party code: its flows are the package's, not the project's.
  accepts: (f: SourceFile) => (langOf(f.path) !== undefined || maybeNodeScript(f.path)) && !/(^|\/)node_modules\//.test(f.path),
  async *scan(files: SourceFile[], ctx: ScanContext): AsyncIterable<Finding> {
    const opts = sastOptions(ctx.options, ctx.root);
    const issue = (i: ScanIssue) => ctx.issue({ ...i, scanner: 'sast' });
    const patterns = await patternRules(opts);
    for (const e of patterns.errors) issue({ path: rootRelative(ctx.root, e.path), kind: 'config', message: `pattern rule not loaded: ${e.message}` });

    // Over the size cap: skipped without reading (a 10 MB bundle costs nothing).
    const wanted: SourceFile[] = [];
    for (const f of files) {
      if (f.size > opts.maxFileBytes) {
        issue({ path: f.path, kind: 'skipped-size', message: `skipped: ${f.size} bytes is over sast.maxFileBytes (${opts.maxFileBytes}); large JavaScript files are bundles or generated code` });
      } else wanted.push(f);
    }
    if (wanted.length === 0) return;

    const cacheDir = opts.cache ? cacheDirFor(ctx.root) : undefined;
    const lines = new SourceLines(ctx.root, wanted);
    const readText = (path: string): string | undefined => lines.text(path);
    const taintMode = patterns.rules.filter((r) => r.mode === 'taint');
    const rulesDigest = opts.rules && patterns.rules.length ? folderDigest(opts.rules) : '';
    // jsonwebtoken 9 restricts a key to its own algorithm family (rules/jwt-misuse.ts).
    const rootPackage = readRootPackage(ctx.root);
    const jwtVersion = declaredMinVersion(rootPackage, 'jsonwebtoken');
    const fileRules: FileRulesOptions = {
      bestPractices: opts.bestPractices,
      ...(opts.rules ? { rules: opts.rules } : {}),
      ...(jwtVersion ? { project: { jsonwebtokenMajor: Number(jwtVersion.split('.')[0]) } } : {}),
    };
    // package.json per folder is asked for by the library verdicts and the import resolver: one stat each.
    const folderProbe = new FolderProbe();
    // Bootstrap-named files known (by stat print) to hold neither Nest word are not read again.
    const nestMemo = NestBootstrapMemo.load(cacheDir);
    const nestFiles = nestMemo.unknown(wanted.filter(bootstrapCandidate));
    const readNest = (path: string): string | undefined => {
      const t = readText(path);
      nestMemo.note(path, t);
      return t;
    };
    const models = withNestFastify(
      withNestGlobalValidation(modelsForProject(MODELS, ctx.root, wanted.map((f) => f.path), rootPackage, folderProbe), nestGlobalValidation(nestFiles, readNest)),
      nestFastify(nestFiles, readNest),
    );
    nestMemo.save();
    const { hits, customHits, perFile } = await analyzeProject(
      wanted.map((f) => ({ path: f.path, absPath: f.absPath, ...(f.stat ? { stat: { size: f.size, ...f.stat } } : {}) })),
      {
        models,
        labels: opts.labels,
        ...(cacheDir ? { cacheDir } : {}),
        includeMinified: opts.includeMinified,
        issue,
        fileRead: (path: string, bytes: number) => ctx.fileRead(bytes, false, path),
        ...(taintMode.length && patterns.api ? { hooks: patterns.api.patternHooks(taintMode), hooksKey: rulesDigest } : {}),
        root: ctx.root,
        folderProbe,
        threads: ctx.threads,
        // AST rules and search patterns run where each file is parsed, so it is parsed once.
        perFile: { module: FILE_RULES_MODULE, options: fileRules, key: perFileKey(fileRules, rulesDigest) },
      },
    );

    const out = new FindingSet();
    // Test and example code: left out unless sast.includeTestCode, and counted (test-code.ts).
    const testPaths = opts.includeTestCode ? undefined : new TestCodePaths(ctx.root);
    let inTestCode = 0;
    const isTestCode = (path: string): boolean => !!testPaths?.isTestCode(path) && ++inTestCode > 0;
    const reportAt = reportPlaces(models);
    const flows = dedupeHits(hits, reportAt);
    for (const h of flows) {
      const rule = TAINT_RULES[h.kind];
      if (!rule || isTestCode(h.steps.at(-1)!.path)) continue;
      const steps = withReportStep(h, reportAt, lines);
      // Each render call of a raw template line is its own finding there (each route is a fix to check).
      const via = steps === h.steps ? '' : `${h.steps.at(-1)!.path}:${h.steps.at(-1)!.line}:${h.steps.at(-1)!.column}`;
      const found = taintFinding(rule, (src, where) => `${capitalise(src)} (${where}) reaches ${sinkName(h.steps.at(-1)!.message, h.sinkId)}`, steps, lines);
      // Self-XSS (models/browser.ts FORM_FIELD): kept, at low severity, with the reason.
      out.add(selfInput(steps[0]?.message) ? { ...found, severity: 'low', message: `${found.message}; only the user typing it is affected (self-XSS) unless they are talked into pasting a payload` }
        // A classic script's global function (taint/classic-scripts.ts): its callers may pass only constants.
        : classicCaller(steps[0]?.message) ? { ...found, severity: 'low', message: `${found.message}; the function is a global of a classic script, so its callers are other scripts or inline ones this scan may not see: check that none passes user or stored text` }
        : found, via);
    }
    // One defect, one finding: an AST hit on a call a flow finding already reports is dropped.
    const flowSinks = new FlowSinks(flows.flatMap((h) => {
      const rule = TAINT_RULES[h.kind];
      const sink = h.steps.at(-1);
      return rule && sink ? [{ ruleId: rule.id, path: sink.path, line: sink.line }] : [];
    }));
    if (customHits.length && patterns.api) {
      const metas = new Map(patterns.api.patternRuleMeta(taintMode).map((m) => [m.id, m]));
      for (const h of customHits) {
        const rule = metas.get(h.ruleId);
        const sink = h.steps[h.steps.length - 1];
        // The user's message (the sink step's description) leads; the source follows.
        if (rule && sink) out.add(taintFinding(rule, (src, where) => `${capitalise(sink.message)} (from ${src}, ${where})`, h.steps, lines));
      }
    }

    // Per-file rules: AST rules and search-mode pattern rules (results from the driver).
    const searchMeta = new Map(patterns.api ? patterns.api.patternRuleMeta(patterns.rules.filter((r) => r.mode !== 'taint')).map((m) => [m.id, m]) : []);
    for (const [path, extra] of perFile) {
      const r = extra as FileRulesResult;
      if (r.directives?.length) ctx.directives(path, r.directives);
      for (const n of r.notes ?? []) issue({ path, kind: 'other', message: n });
      for (const h of r.hits ?? []) {
        const rule = h.custom ? searchMeta.get(h.ruleId) : AST_BY_ID.get(h.ruleId);
        if (!rule) continue;
        if (!h.custom && (flowSinks.covers({ ruleId: h.ruleId, path, line: h.line, endLine: h.endLine }) || isTestCode(path))) continue;
        const at = { path, line: h.line, column: h.column, endLine: h.endLine, endColumn: h.endColumn };
        out.add(withFingerprint(rule, at, h.message, lines.line(path, h.line, h.column)));
      }
    }
    if (inTestCode > 0) {
      issue({ path: '.', kind: 'other', message: `${inTestCode} finding${inTestCode === 1 ? '' : 's'} in test, example, fixture or benchmark code not reported (sast.includeTestCode: true reports them)` });
    }
    yield* out.list();
  },
};

/** The per-file module: built JavaScript next to this file, or the TypeScript source under tests. */
const FILE_RULES_MODULE = ((): string => {
  const js = new URL('./file-rules.js', import.meta.url);
  return existsSync(fileURLToPath(js)) ? js.href : new URL('./file-rules.ts', import.meta.url).href;
})();

const AST_BY_ID = new Map(AST_RULES.map((r) => [r.meta.id, r.meta]));

/** Taint rules, then AST rules; an id both define is listed once (the taint rule's metadata). */
function builtinRules(): RuleMeta[] {
  const byId = new Map<string, RuleMeta>();
  for (const r of [...Object.values(TAINT_RULES), ...AST_RULES.map((a) => a.meta)]) if (!byId.has(r.id)) byId.set(r.id, r);
  return [...byId.values()];
}

type PatternApi = typeof import('./patterns/index.js');
interface LoadedPatterns {
  rules: PatternRule[];
  errors: { path: string; message: string }[];
  /** The pattern module, loaded only when `sast.rules` names a folder (YAML and RE2 come with it). */
  api?: PatternApi;
}

/** Users' pattern rules from `sast.rules`; loaded once per folder per process. */
const patternCache = new Map<string, Promise<LoadedPatterns>>();
function patternRules(opts: SastOptions): Promise<LoadedPatterns> {
  if (!opts.rules) return Promise.resolve({ rules: [], errors: [] });
  const folder = opts.rules;
  let r = patternCache.get(folder);
  if (!r) {
    r = import('./patterns/index.js').then((api) => ({ ...api.loadPatternRules(folder), api }));
    patternCache.set(folder, r);
  }
  return r;
}

function perFileKey(o: FileRulesOptions, rulesDigest: string): string {
  const h = createHash('sha256').update(PER_FILE_VERSION).update('\0').update(String(o.bestPractices)).update('\0').update(rulesDigest)
    .update('\0').update(JSON.stringify(o.project ?? {}));
  for (const r of AST_RULES) h.update('\0').update(r.meta.id);
  return h.digest('hex');
}

/** A digest of every file under a folder (names and contents), a few levels deep. */
function folderDigest(dir: string): string {
  const h = createHash('sha256');
  const stack: [string, number][] = [[dir, 0]];
  while (stack.length) {
    const [d, depth] = stack.pop()!;
    let names: Dirent[];
    try {
      names = readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      continue;
    }
    for (const e of names) {
      const p = join(d, e.name);
      if (e.isDirectory() && depth < 8) stack.push([p, depth + 1]);
      else if (e.isFile()) {
        h.update(p).update('\0');
        try {
          h.update(readFileSync(p));
        } catch {
          // Unreadable: the loader reports it.
        }
      }
    }
  }
  return h.digest('hex');
}

/** The scanned files' text and lines, read once each on demand. */
class SourceLines {
  private readonly abs = new Map<string, string>();
  private readonly texts = new Map<string, string | undefined>();
  private readonly lineCache = new Map<string, string[]>();
  private readonly collapsed = new Map<string, string>();

  constructor(
    private readonly root: string,
    files: SourceFile[],
  ) {
    for (const f of files) this.abs.set(f.path, f.absPath);
  }

  /** One line as written ('' past the end or for an unreadable file). */
  raw(path: string, line: number): string {
    let ls = this.lineCache.get(path);
    if (!ls) {
      ls = (this.text(path) ?? '').split('\n');
      this.lineCache.set(path, ls);
    }
    return ls[line - 1] ?? '';
  }

  text(path: string): string | undefined {
    if (this.texts.has(path)) return this.texts.get(path);
    let t: string | undefined;
    try {
      t = readFileSync(this.abs.get(path) ?? join(this.root, path), 'utf8');
    } catch {
      t = undefined;
    }
    this.texts.set(path, t);
    return t;
  }

  /**
   * One line's text, whitespace collapsed (for fingerprints). A line longer than LONG_LINE (a
   * bundle read with includeMinified) gives the text around `column` instead: hashing the whole
   * line for every finding on it was quadratic, and all of its findings shared one identity.
   */
  line(path: string, line: number, column: number): string {
    const raw = this.raw(path, line);
    if (raw.length > LONG_LINE) {
      const from = Math.max(0, column - 1 - LONG_LINE_WINDOW);
      return raw.slice(from, column - 1 + LONG_LINE_WINDOW).trim().replace(/\s+/g, ' ');
    }
    const key = `${path}\0${line}`;
    let text = this.collapsed.get(key);
    if (text === undefined) this.collapsed.set(key, (text = raw.trim().replace(/\s+/g, ' ')));
    return text;
  }
}

const LONG_LINE = 1000;
/** Characters either side of the finding's column fingerprinted on a long line. */
const LONG_LINE_WINDOW = 200;

/**
 * How concrete a source is: a request parameter beats a library's exported-function parameter
 * (`library-input`), which only says "a caller could pass anything".
 */
const LABEL_RANK: Record<string, number> = { http: 0, browser: 1, message: 2, env: 3, argv: 4, 'library-input': 5, stored: 6 };

/**
 * The same sink reached from several sources is one finding: the most concrete source wins,
 * then the shortest path. A sink reported away from its call (a template's raw output) is told
 * apart by its place: one render call can reach several raw lines of its view.
 */
function dedupeHits(hits: TaintHit[], places: ReadonlyMap<string, ReportPlace>): TaintHit[] {
  const best = new Map<string, TaintHit>();
  // A form field typed into by the user (self-XSS) is the weakest browser source at a sink.
  // A classic script's global parameter (reported low) loses to any other source at the sink, stored rows too.
  const rank = (h: TaintHit) => (LABEL_RANK[h.label] ?? 9) + (selfInput(h.steps[0]?.message) ? 0.5 : 0) + (classicCaller(h.steps[0]?.message) ? 2 : 0);
  for (const h of hits) {
    const sink = h.steps[h.steps.length - 1];
    if (!sink) continue;
    const at = places.size ? places.get(`${h.kind}\0${h.sinkId}`) : undefined;
    const key = `${h.kind}\0${sink.path}\0${sink.line}\0${sink.column}${at ? `\0${at.path}:${at.line}` : ''}`;
    const prev = best.get(key);
    if (!prev || rank(h) < rank(prev) || (rank(h) === rank(prev) && h.steps.length < prev.steps.length)) best.set(key, h);
  }
  return [...best.values()];
}

type ReportPlace = NonNullable<SinkSpec['reportAt']>;

/** Sinks reported away from their call (a view template's raw output), by kind and sink id. */
function reportPlaces(models: readonly TaintModel[]): Map<string, ReportPlace> {
  const out = new Map<string, ReportPlace>();
  for (const m of models) for (const s of m.sinks ?? []) if (s.reportAt) out.set(`${s.kind}\0${s.id}`, s.reportAt);
  return out;
}

/** A hit on such a sink gets one more step, the template line, which becomes the finding's location. */
function withReportStep(h: TaintHit, places: ReadonlyMap<string, ReportPlace>, lines: SourceLines): FlowStep[] {
  const at = places.size ? places.get(`${h.kind}\0${h.sinkId}`) : undefined;
  if (!at) return h.steps;
  const text = lines.raw(at.path, at.line);
  const indent = text.length - text.trimStart().length;
  return [...h.steps, {
    path: at.path, line: at.line, column: indent + 1, endLine: at.line, endColumn: Math.max(indent + 1, text.trimEnd().length + 1),
    message: `output unescaped by ${at.how}`,
  }];
}

/** `say` words the message from the source step's text and where it is ("line 12", "src/a.ts:12"). */
function taintFinding(rule: RuleMeta, say: (source: string, where: string) => string, steps: FlowStep[], lines: SourceLines): Finding {
  const source = steps[0]!;
  const sink = steps[steps.length - 1]!;
  const where = source.path === sink.path ? `line ${source.line}` : `${source.path}:${source.line}`;
  const message = say(source.message, where);
  const at = { path: sink.path, line: sink.line, column: sink.column, endLine: sink.endLine, endColumn: sink.endColumn };
  const f = withFingerprint(rule, at, message, `${lines.line(sink.path, sink.line, sink.column)}\0${source.path}\0${lines.line(source.path, source.line, source.column)}`);
  const codeFlow: CodeFlowStep[] = steps.map((s) => ({
    location: { path: s.path, startLine: s.line, startColumn: s.column, endLine: s.endLine, endColumn: s.endColumn },
    message: s.omittedBefore ? `(${s.omittedBefore} step${s.omittedBefore === 1 ? '' : 's'} not shown) ${s.message}` : s.message,
  }));
  return { ...f, codeFlow };
}

function withFingerprint(
  rule: RuleMeta,
  at: { path: string; line: number; column: number; endLine: number; endColumn: number },
  message: string,
  identity: string,
): Finding {
  return {
    ruleId: rule.id,
    scanner: 'sast',
    severity: rule.severity,
    title: rule.title,
    message,
    location: { path: at.path, startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn },
    cwe: rule.cwe,
    fingerprint: fingerprint(rule.id, at.path, identity),
    fix: rule.remediation,
  };
}

/**
 * Findings in a stable order. Two findings whose identity is equal (the same code twice in a
 * file) get an occurrence number in their fingerprint, counted in source order.
 */
class FindingSet {
  private readonly all: Finding[] = [];
  private readonly at = new Set<string>();

  /** `via`: what else tells two findings at one place apart (the render calls of one template line). */
  add(f: Finding, via = ''): void {
    const key = `${f.ruleId}\0${f.location.path}\0${f.location.startLine}\0${f.location.startColumn}\0${via}`;
    if (this.at.has(key)) return;
    this.at.add(key);
    this.all.push(f);
  }

  list(): Finding[] {
    const sorted = this.all.sort(
      (a, b) =>
        a.location.path.localeCompare(b.location.path) ||
        a.location.startLine - b.location.startLine ||
        a.location.startColumn - b.location.startColumn ||
        a.ruleId.localeCompare(b.ruleId),
    );
    const seen = new Map<string, number>();
    for (const f of sorted) {
      const n = seen.get(f.fingerprint) ?? 0;
      seen.set(f.fingerprint, n + 1);
      if (n > 0) f.fingerprint = fingerprint(f.ruleId, f.location.path, `${f.fingerprint}#${n}`);
    }
    return sorted;
  }
}

/**
 * The code the engine names at the sink ("…: pool.query"), with the sink model's id when the
 * code alone does not say what it is (`run (child_process.exec)` for a promisified exec).
 */
function sinkName(stepMessage: string, sinkId: string): string {
  const at = stepMessage.lastIndexOf(': ');
  const code = at < 0 ? '' : stepMessage.slice(at + 2).trim();
  if (!code || /\s/.test(code) || code.length > 80) return sinkId;
  const last = (s: string) => s.slice(s.lastIndexOf('.') + 1);
  return last(code) === last(sinkId) ? code : `${code} (${sinkId})`;
}

/** Issues name files relative to the scan root when they are inside it (rule folders may not be). */
function rootRelative(root: string, path: string): string {
  const rel = relative(resolve(root), resolve(root, path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : path;
}

const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

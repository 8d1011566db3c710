import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { parseDirectives } from '../../core/directives.js';
import type { CodeFlowStep, Finding } from '../../core/finding.js';
import { fingerprint } from '../../core/fingerprint.js';
import type { RuleMeta } from '../../core/rule.js';
import type { ScanContext, ScanIssue, Scanner, SourceFile } from '../../core/scanner.js';
import { ApiNames } from './ir/api-names.js';
import { MODELS } from './models/index.js';
import { cacheDirFor, sastOptions, type SastOptions } from './options.js';
import { langOf, parseSource, type ParsedFile } from './parse/index.js';
import { loadPatternRules, patternHooks, patternRuleMeta, runPatternRules, type PatternRule } from './patterns/index.js';
import { AST_RULES } from './rules/index.js';
import { TAINT_RULES } from './rules/taint.js';
import type { AstRule } from './rules/types.js';
import { analyzeProject } from './taint/project.js';
import type { FlowStep, TaintHit } from './taint/types.js';

/** Bumped when what the per-file rule pass produces changes, so old cache entries are ignored. */
const AST_CACHE_VERSION = 'sast-ast-1';

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
  rulesFor: (options: Record<string, unknown>): RuleMeta[] => [...builtinRules(), ...patternRuleMeta(patternRules(sastOptions(options)).rules)],
  // node_modules is third-party code: its flows are the package's, not the project's.
  accepts: (f: SourceFile) => langOf(f.path) !== undefined && !/(^|\/)node_modules\//.test(f.path),
  async *scan(files: SourceFile[], ctx: ScanContext): AsyncIterable<Finding> {
    const opts = sastOptions(ctx.options, ctx.root);
    const issue = (i: ScanIssue) => ctx.issue({ ...i, scanner: 'sast' });
    const patterns = patternRules(opts);
    for (const e of patterns.errors) issue({ path: e.path, kind: 'config', message: `pattern rule not loaded: ${e.message}` });

    // Over the size cap: skipped without reading (a 10 MB bundle costs nothing).
    const wanted: SourceFile[] = [];
    for (const f of files) {
      if (f.size > opts.maxFileBytes) {
        issue({ path: f.path, kind: 'skipped-size', message: `skipped: ${f.size} bytes is over sast.maxFileBytes (${opts.maxFileBytes}); large JavaScript files are bundles or generated code` });
      } else wanted.push(f);
    }
    if (wanted.length === 0) return;

    const cacheDir = opts.cache ? cacheDirFor(ctx.root) : undefined;
    const taintMode = patterns.rules.filter((r) => r.mode === 'taint');
    const { hits, customHits } = await analyzeProject(
      wanted.map((f) => ({ path: f.path, absPath: f.absPath })),
      {
        models: MODELS,
        labels: opts.labels,
        ...(cacheDir ? { cacheDir } : {}),
        includeMinified: opts.includeMinified,
        issue,
        fileRead: (path, bytes) => ctx.fileRead(bytes, false, path),
        ...(taintMode.length ? { hooks: patternHooks(taintMode) } : {}),
      },
    );

    const lines = new SourceLines(ctx.root, wanted);
    const out = new FindingSet();
    for (const h of dedupeHits(hits)) {
      const rule = TAINT_RULES[h.kind];
      if (rule) out.add(taintFinding(rule, h.sinkId, h.steps, lines));
    }
    if (customHits.length) {
      const metas = new Map(patternRuleMeta(taintMode).map((m) => [m.id, m]));
      for (const h of customHits) {
        const rule = metas.get(h.ruleId);
        if (rule) out.add(taintFinding(rule, h.steps[h.steps.length - 1]?.message ?? 'sink', h.steps, lines));
      }
    }

    // Per-file rules: AST rules and search-mode pattern rules.
    const astRules = AST_RULES.filter((r) => opts.bestPractices || r.enabledByDefault !== false);
    const search = patterns.rules.filter((r) => r.mode !== 'taint');
    const searchMeta = new Map(patternRuleMeta(search).map((m) => [m.id, m]));
    const perFile = new PerFileCache(cacheDir, astCacheKey(astRules, search, opts));
    for (const f of wanted) {
      const text = lines.text(f.path);
      if (text === undefined) continue;
      if (text.includes('rampart:ignore')) {
        const d = parseDirectives(text);
        if (d.directives.length) ctx.directives(f.path, d.directives);
      }
      let found = perFile.get(f.path, text);
      if (!found) {
        found = runFileRules(f.path, text, astRules, search, opts);
        perFile.set(f.path, text, found);
      }
      for (const h of found) {
        const rule = h.custom ? searchMeta.get(h.ruleId) : AST_BY_ID.get(h.ruleId)?.meta;
        if (!rule) continue;
        const at = { path: f.path, line: h.line, column: h.column, endLine: h.endLine, endColumn: h.endColumn };
        out.add(withFingerprint(rule, at, h.message, lines.line(f.path, h.line)));
      }
    }
    perFile.save();
    yield* out.list();
  },
};

const AST_BY_ID = new Map(AST_RULES.map((r) => [r.meta.id, r]));

function builtinRules(): RuleMeta[] {
  return [...Object.values(TAINT_RULES), ...AST_RULES.map((r) => r.meta)];
}

/** Users' pattern rules from `sast.rules`; loaded once per folder per process. */
const patternCache = new Map<string, ReturnType<typeof loadPatternRules>>();
function patternRules(opts: SastOptions): { rules: PatternRule[]; errors: { path: string; message: string }[] } {
  if (!opts.rules) return { rules: [], errors: [] };
  let r = patternCache.get(opts.rules);
  if (!r) {
    r = loadPatternRules(opts.rules);
    patternCache.set(opts.rules, r);
  }
  return r;
}

/** One hit of a per-file rule, positions already 1-based (JSON, so it can be cached). */
interface FileHit {
  ruleId: string;
  custom: boolean;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

function runFileRules(path: string, text: string, astRules: AstRule[], search: PatternRule[], opts: SastOptions): FileHit[] {
  if (astRules.length === 0 && search.length === 0) return [];
  // The taint pass already reported why a file cannot be parsed; here it is silently skipped.
  const parsed = parseSource(path, text, { includeMinified: opts.includeMinified });
  if (!parsed.ok) return [];
  const file: ParsedFile = parsed.file;
  const api = new ApiNames(file.program);
  const out: FileHit[] = [];
  const push = (ruleId: string, custom: boolean, start: number, end: number, message: string) => {
    const a = file.lines.position(start);
    const b = file.lines.position(end);
    out.push({ ruleId, custom, line: a.line, column: a.column, endLine: b.line, endColumn: b.column, message });
  };
  for (const rule of astRules) {
    let hits;
    try {
      hits = rule.check(file, api);
    } catch {
      // A rule bug must not cost the other rules their findings; it is not the file's fault.
      continue;
    }
    for (const h of hits) push(rule.meta.id, false, h.start, h.end, h.message);
  }
  if (search.length) {
    for (const h of runPatternRules(file, api, search)) push(h.ruleId, true, h.start, h.end, h.message);
  }
  return out;
}

function astCacheKey(astRules: AstRule[], search: PatternRule[], opts: SastOptions): string {
  const h = createHash('sha256').update(AST_CACHE_VERSION).update('\0').update(String(opts.includeMinified));
  for (const r of astRules) h.update('\0').update(r.meta.id);
  // Search rules change with their files: the folder's text is their identity.
  if (search.length && opts.rules) h.update('\0').update(folderDigest(opts.rules));
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

/**
 * Per-file rule results by content hash, one JSON file per scan root. A corrupt or foreign
 * cache is ignored; writes are atomic (temp file, then rename).
 */
class PerFileCache {
  private readonly entries = new Map<string, { hash: string; hits: FileHit[] }>();
  private readonly file?: string;
  private dirty = false;

  constructor(dir: string | undefined, private readonly key: string) {
    if (!dir) return;
    this.file = join(dir, 'file-rules.json');
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as { key?: string; entries?: Record<string, { hash: string; hits: FileHit[] }> };
      if (data.key === key && data.entries && typeof data.entries === 'object') {
        for (const [p, e] of Object.entries(data.entries)) if (e && typeof e.hash === 'string' && Array.isArray(e.hits)) this.entries.set(p, e);
      }
    } catch {
      // No cache yet, or unreadable: start empty.
    }
  }

  private static hash(text: string): string {
    return createHash('sha256').update(text).digest('hex');
  }

  get(path: string, text: string): FileHit[] | undefined {
    if (!this.file) return undefined;
    const e = this.entries.get(path);
    return e && e.hash === PerFileCache.hash(text) ? e.hits : undefined;
  }

  set(path: string, text: string, hits: FileHit[]): void {
    if (!this.file) return;
    this.entries.set(path, { hash: PerFileCache.hash(text), hits });
    this.dirty = true;
  }

  save(): void {
    if (!this.file || !this.dirty) return;
    try {
      mkdirSync(join(this.file, '..'), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ key: this.key, entries: Object.fromEntries(this.entries) }));
      renameSync(tmp, this.file);
    } catch {
      // A read-only cache directory only costs speed.
    }
  }
}

/** The scanned files' text and lines, read once each on demand. */
class SourceLines {
  private readonly abs = new Map<string, string>();
  private readonly texts = new Map<string, string | undefined>();
  private readonly lineCache = new Map<string, string[]>();

  constructor(
    private readonly root: string,
    files: SourceFile[],
  ) {
    for (const f of files) this.abs.set(f.path, f.absPath);
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

  /** One line's text, whitespace collapsed (for fingerprints). */
  line(path: string, line: number): string {
    let ls = this.lineCache.get(path);
    if (!ls) {
      ls = (this.text(path) ?? '').split('\n');
      this.lineCache.set(path, ls);
    }
    return (ls[line - 1] ?? '').trim().replace(/\s+/g, ' ');
  }
}

/** The same sink reached from several sources is one finding: the shortest path is shown. */
function dedupeHits(hits: TaintHit[]): TaintHit[] {
  const best = new Map<string, TaintHit>();
  for (const h of hits) {
    const sink = h.steps[h.steps.length - 1];
    if (!sink) continue;
    const key = `${h.kind}\0${sink.path}\0${sink.line}\0${sink.column}`;
    const prev = best.get(key);
    if (!prev || h.steps.length < prev.steps.length) best.set(key, h);
  }
  return [...best.values()];
}

function taintFinding(rule: RuleMeta, sinkId: string, steps: FlowStep[], lines: SourceLines): Finding {
  const source = steps[0]!;
  const sink = steps[steps.length - 1]!;
  const where = source.path === sink.path ? `line ${source.line}` : `${source.path}:${source.line}`;
  const message = `${capitalise(source.message)} (${where}) reaches ${sinkId}`;
  const at = { path: sink.path, line: sink.line, column: sink.column, endLine: sink.endLine, endColumn: sink.endColumn };
  const f = withFingerprint(rule, at, message, `${lines.line(sink.path, sink.line)}\0${source.path}\0${lines.line(source.path, source.line)}`);
  const codeFlow: CodeFlowStep[] = steps.map((s) => ({
    location: { path: s.path, startLine: s.line, startColumn: s.column, endLine: s.endLine, endColumn: s.endColumn },
    message: s.message,
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

  add(f: Finding): void {
    const key = `${f.ruleId}\0${f.location.path}\0${f.location.startLine}\0${f.location.startColumn}`;
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

const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

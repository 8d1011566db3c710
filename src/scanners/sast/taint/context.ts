/**
 * Per-file analysis context: the inputs (file, models, driver context), what has been learned so
 * far (summaries, class fields, exports) and what is reported (hits, truncations). One instance per
 * analyzeFile call; the transfer, call and statement modules all take it as their first argument.
 */
import { apiNamesOf, type ApiNames } from '../ir/api-names.js';
import { buildScopes, type ScopeInfo } from '../ir/scope.js';
import type { CompiledModels } from '../models/compile.js';
import { ALL_KINDS_MASK, kindBit } from '../models/compile.js';
import type { NeedsBuilt, SinkKind, SourceLabel } from '../models/types.js';
import type { ParsedFile } from '../parse/index.js';
import type { AnyNode } from '../parse/walk.js';
import type { FileContext, Summary } from './summary.js';
import type { FlowStep, TaintHit } from './types.js';
import type { State } from './state.js';
import { addStep, joinCuts, makeFlow, T_FIELD, T_HTML, T_PLAIN, T_SQL, type Flow, type Value } from './value.js';
import { PLUGIN_TEXT } from './plugins.js';
import { serverCode } from '../models/browser.js';

/** Expressions nested deeper than this are not evaluated (value unknown, truncation reported). */
export const MAX_EXPR_DEPTH = 1000;
/** Node evaluations per file, relative to its size, before the analysis stops. */
const WORK_PER_NODE = 60;
const MIN_WORK = 200_000;

export interface SinkInfo {
  kind: SinkKind;
  sinkId: string;
  labels?: SourceLabel[];
  needsBuilt?: NeedsBuilt;
  description: string;
  /** A user's taint-mode rule (its id): reported through emitCustom, never as a built-in kind. */
  custom?: string;
}

/** A user's taint-mode sink (patterns/hooks.ts) as the engine reports it; `kind` is a placeholder. */
export function customSink(h: { ruleId: string; description: string }): SinkInfo {
  return { kind: 'log-injection', sinkId: h.ruleId, custom: h.ruleId, description: h.description };
}

export interface SummaryMemo {
  sum: Summary;
  computing: boolean;
  recursed: boolean;
  done: boolean;
}

const MAX_SINKS_PER_SUMMARY = 32;
/** What a source that is always text is clean for: a string cannot be a query operator object. */
const TEXT_CLEAN = kindBit('nosql-injection');
/** What stored data is clean for: everything but XSS (sourceFlow). */
const STORED_CLEAN = ALL_KINDS_MASK & ~kindBit('xss');

/** Kinds a library's own parameters (`library-input`) can reach; redos and argument injection only through sinks that list the label. */
export const LIBRARY_KINDS = new Set<SinkKind>(['command-injection', 'code-injection', 'redos', 'argument-injection']);
/**
 * Whether library input arriving at a sink of this kind counts. SQL injection and XSS only as a
 * part of text built next to literal SQL words or markup (`text`, value.ts T_SQL / T_HTML): a query
 * helper's `"… WHERE name = '" + name + "'"`, `'<span title="' + opts.title + '">'`. A whole
 * argument there is usually the caller's own query or markup, and text glued from other computed
 * parts (a DDL generator's identifiers, jQuery's own wrappers) is the library doing its job.
 */
export function libraryReaches(kind: SinkKind, text: number): boolean {
  if (LIBRARY_KINDS.has(kind)) return true;
  if (kind === 'sql-injection') return (text & T_SQL) !== 0;
  if (kind === 'xss') return (text & (T_HTML | T_PLAIN)) !== 0;
  return false;
}

/**
 * A template compiler's template text (`template(text, settings)`, `compile(str, options)`): made
 * into code by design, and its caller owns it, so as library input it is the library's contract,
 * not an injection. Its options, variable names and keys pasted into the code stay reported.
 * Both names must say so: a `parse(formula)` or `scopedEval(func)` that evaluates its input does not.
 */
const TEMPLATE_FN = /^(?:template|compile|precompile|compileTemplate|compileToString|compileToFunction|compileString|compileFile|tmpl|_?compile)$/;
const TEMPLATE_PARAM = /^(?:text|template|tpl|tmpl|str|string|source|src|markup|templateText|templateString|templateSource)$/;

/** Template delimiters, or the `interpolate` setting that names them, in a template engine's own text (linear: literal alternatives). */
const TEMPLATE_DELIMITERS = /<%|\{\{|\{%|\binterpolate\b/;

/** Whether a flow's first step is the template-text parameter of a template compiler ('parameter text of template'). */
export function templateTextParam(message: string): boolean {
  const m = /^parameter ([\w$]{1,64}) of ([\w$]{1,64})$/.exec(message);
  return !!m && TEMPLATE_FN.test(m[2]!) && TEMPLATE_PARAM.test(m[1]!);
}

/**
 * Field names that say plain text (value.ts T_PLAIN): the caller passes text and the library parses
 * it as markup (the jQuery UI closeText and tags-input title advisories). A `template` or `html`
 * option stays the caller's markup.
 */
const PLAIN_NAME = /^(?:[a-z][a-zA-Z0-9]{0,30}(?:Text|Title|Label|Caption|Placeholder)|text|title|label|name|caption|placeholder)$/;

/**
 * Members of stored data that still hold rows or a row, not a field's text: an index (`rows[0]`,
 * `const [rows] = …`), pg's `result.rows`, Sequelize's `dataValues`, Mongoose's `_doc`.
 */
const ROW_HOLDER = /^(?:\d+|rows|dataValues|_doc)$/;

/**
 * `r` read as field `name`: its stored flows marked T_FIELD unless the member still holds rows
 * (ROW_HOLDER); its library-input or parameter flows marked T_PLAIN when the name says text.
 */
export function plainField(A: Analyzer, name: string, r: Value): Value {
  const own = r.flows;
  if (!own) return r;
  const read = storedField(name, own);
  if (read !== own) r = { ...r, flows: read };
  if (!A.libraryish || !PLAIN_NAME.test(name)) return r;
  let changed = false;
  const flows = read.map((f) => {
    if ((f.param < -1 && f.label !== 'library-input') || ((f.text ?? 0) & T_PLAIN) !== 0) return f;
    changed = true;
    return { ...f, text: (f.text ?? 0) | T_PLAIN };
  });
  return changed ? { ...r, flows } : r;
}

/** `flows` read as field `name`: stored ones are then a field's text (T_FIELD), not a row; the same array when none changes. */
function storedField(name: string, flows: Flow[]): Flow[] {
  const toMark = (f: Flow) => f.label === 'stored' && ((f.text ?? 0) & T_FIELD) === 0;
  if (!flows.some(toMark) || ROW_HOLDER.test(name)) return flows;
  return flows.map((f) => (toMark(f) ? { ...f, text: (f.text ?? 0) | T_FIELD } : f));
}

/**
 * Whether library input kept in `this` fields or seen by a closure counts at a sink: execution, and
 * markup built from it (a plugin keeps its options in `this.options` and builds its HTML in the
 * prototype methods: `'<div class="tip">' + this.options.title`). Not SQL: a query builder keeps
 * table and column names in fields and glues them into SQL by design.
 */
export function keptReaches(kind: SinkKind, text: number): boolean {
  return LIBRARY_KINDS.has(kind) || (kind === 'xss' && (text & (T_HTML | T_PLAIN)) !== 0);
}

export class Analyzer {
  readonly api: ApiNames;
  readonly scopes: ScopeInfo;
  readonly hits: TaintHit[] = [];
  private readonly hitKeys = new Set<string>();
  readonly customHits: { ruleId: string; label: SourceLabel; steps: FlowStep[] }[] = [];
  private readonly customKeys = new Set<string>();
  readonly truncated: { line: number; reason: string }[] = [];
  private readonly truncKeys = new Set<string>();
  readonly imports = new Set<string>();
  readonly summaries = new Map<AnyNode, SummaryMemo>();
  /** Functions analysed in any mode (the root pass analyses the rest). */
  readonly analyzed = new Set<AnyNode>();
  /** Handler functions already run with their roles. */
  readonly handled = new Set<AnyNode>();
  /** `this.x` values of a class, joined over all its methods (flow-insensitive). */
  readonly classFields = new Map<AnyNode, Map<string, Value>>();
  /** The State a class or function was declared in (closure for root-pass runs). */
  readonly declState = new Map<AnyNode, State>();
  /** The last end State of each function run (closure for nested functions in the root pass). */
  readonly endState = new Map<AnyNode, State>();
  /** Exported values by export name (ESM and CommonJS). */
  readonly exportVals = new Map<string, Value>();
  /** `export { local as name }`: name → local, resolved against the module's end state. */
  readonly exportLocals = new Map<string, string>();
  /**
   * Names the module object is also bound to at module level (`module.exports = internals.X = {}`,
   * `module.exports = api`): functions set on them afterwards (`api.run = fn`) are exported too,
   * so they are read again from the module's end state (exports.ts).
   */
  readonly exportAliases: AnyNode[] = [];
  /**
   * An alias noted inside a module-level function (a UMD wrapper `(function () { var doT = {};
   * module.exports = doT; doT.template = fn }())`): alias node → that function, whose end state
   * holds what was set on the alias afterwards.
   */
  readonly exportAliasIn = new Map<AnyNode, AnyNode>();
  readonly reexports: { spec: string; name?: string; as?: string }[] = [];
  /** `F.prototype.m = fn`: constructor function → its methods; and each such method → F. */
  readonly protoMethods = new Map<AnyNode, Map<string, AnyNode>>();
  readonly protoOwner = new Map<AnyNode, AnyNode>();
  /**
   * Per-file memos keyed by AST nodes (a class's methods, whether a function guards `__proto__`).
   * They live here, not in module-level WeakMaps: V8's young-generation GC keeps an old WeakMap's
   * values alive while their keys are young, which promoted every file's AST to the old generation.
   */
  readonly methodMemo = new Map<AnyNode, [Map<string, AnyNode>, Map<string, AnyNode>]>();
  readonly protoGuardMemo = new Map<AnyNode, boolean>();
  /** Kinds a validator's body checks its argument for (guard-bodies.ts `bodyChecks`). */
  readonly guardMemo = new Map<AnyNode, number>();
  /** Does a function's body name `arguments` (run.ts `readsArguments`)? */
  readonly argumentsMemo = new Map<AnyNode, boolean>();
  /** What a validator called as a statement checks before it returns (guard-calls.ts `exitChecks`). */
  readonly exitMemo = new Map<AnyNode, unknown>();
  /** List names of the file bound to fixed-origin string literals, or not (guards.ts `listOfFixedOrigins`). */
  readonly fixedOriginLists = new Map<string, boolean>();
  /** Variables bound once to a regex literal and never reassigned (guards.ts `regexConsts`), found on first use. */
  regexConsts: Map<string, AnyNode> | undefined;
  /**
   * The file's nearest package.json (up to the scan root) describes a library, or there is none
   * (models/project-versions.ts `packageFolders`): in an app, exported functions are the app's own
   * helpers, their callers are in the project, and their parameters are not `library-input`.
   */
  readonly inLibrary: boolean;
  /** The file exports something in a library: constructor arguments kept in `this` fields are library input. */
  readonly libraryish: boolean;
  /** The file registers jQuery plugins or widgets (plugins.ts): their options are its callers' input. */
  readonly plugin: boolean;
  /** Server code (models/browser.ts `serverCode`): browser-only sources (records a page fetches) do not apply. */
  readonly serverCode: boolean;
  moduleState!: State;
  work = 0;
  readonly workCap: number;
  outOfBudget = false;
  /** Summaries being computed one inside another (summaries.ts MAX_SUMMARY_DEPTH). */
  summaryDepth = 0;
  /** A call chain was cut at the depth cap or the stack (reported once per file). */
  deepCalls = false;

  constructor(
    readonly file: ParsedFile,
    readonly models: CompiledModels,
    readonly ctx: FileContext,
  ) {
    this.api = apiNamesOf(file.program);
    this.scopes = buildScopes(file.program as unknown as AnyNode);
    this.workCap = Math.max(MIN_WORK, WORK_PER_NODE * Math.ceil(file.source.length / 4));
    this.inLibrary = nearestPackage(models.packages, file.path) ?? true;
    this.plugin = this.inLibrary && PLUGIN_TEXT.test(file.source);
    this.serverCode = serverCode(file.path, file.source);
    this.libraryish = this.plugin || (this.inLibrary && /\bmodule\.exports\b|\bexports\.[\w$]+\s*=|^[ \t]*export\s/m.test(file.source));
  }

  text(node: AnyNode, max = 60): string {
    const t = this.file.source.slice(node.start, Math.min(node.end, node.start + max + 1)).replace(/\s+/g, ' ');
    return t.length > max ? t.slice(0, max) + '…' : t;
  }

  step(node: AnyNode, message: string): FlowStep {
    const a = this.file.lines.position(node.start);
    const b = this.file.lines.position(node.end);
    return { path: this.file.path, line: a.line, column: a.column, endLine: b.line, endColumn: b.column, message };
  }

  /**
   * A flow from a source; `text`: the data is always a string, so no NoSQL query operator can be in it.
   * Stored data (a database row) is clean for every kind but XSS: another user's text shown as markup
   * is the attack, while a row used in a query, a path or a command is the application's own data.
   */
  sourceFlow(node: AnyNode, label: SourceLabel, description: string, text = false): Flow {
    const clean = label === 'stored' ? STORED_CLEAN : text ? TEXT_CLEAN : 0;
    return makeFlow(label, -2, `${this.file.path}:${node.start}`, [this.step(node, `${description}: ${this.text(node)}`)], clean, false);
  }

  truncate(node: AnyNode, reason: string): void {
    const line = this.file.lines.position(node.start).line;
    const key = `${line}:${reason}`;
    if (this.truncKeys.has(key)) return;
    this.truncKeys.add(key);
    this.truncated.push({ line, reason });
  }

  /** value.ts joinCuts when last looked at: more since then were made by this file's analysis. */
  private joinCutsSeen = joinCuts;
  private joinCutReported = false;
  /** compilesTemplates() memo: undefined until first asked. */
  private templateDelimiters: boolean | undefined;

  /** Reports joins cut at their depth or size cap since the last look (near `node`: the next statement, or the program). */
  noteJoinCuts(node: AnyNode): void {
    if (joinCuts === this.joinCutsSeen) return;
    this.joinCutsSeen = joinCuts;
    // Once per file, at the first: a big file can cut joins in many places.
    if (this.joinCutReported) return;
    this.joinCutReported = true;
    this.truncate(node, 'objects nest too deep or too wide to merge their fields exactly; deeper fields are approximated');
  }

  /** Counts work; false once the file's budget is spent (reported once). */
  spend(node: AnyNode): boolean {
    if (joinCuts !== this.joinCutsSeen) this.noteJoinCuts(node);
    if (++this.work <= this.workCap) return true;
    if (!this.outOfBudget) {
      this.outOfBudget = true;
      this.truncate(node, 'analysis budget for this file spent; the rest is not analysed');
    }
    return false;
  }

  /**
   * Whether this file is a template engine: its text names template delimiters (`<%`, `{{`, `{%`)
   * or its `interpolate` setting (underscore's template.js keeps the delimiters in another module).
   * The names alone are not enough: an expression compiler's `compile(src)` that pastes `src` into
   * `new Function` has the same names, and evaluating its input is the advisory (review of 6b7a9eb).
   */
  private compilesTemplates(): boolean {
    this.templateDelimiters ??= TEMPLATE_DELIMITERS.test(this.file.source);
    return this.templateDelimiters;
  }

  emitHit(kind: SinkKind, sinkId: string, label: SourceLabel, steps: FlowStep[]): void {
    const first = steps[0];
    const last = steps[steps.length - 1];
    if (!first || !last) return;
    if (label === 'library-input' && kind === 'code-injection' && templateTextParam(first.message) && first.path === this.file.path && this.compilesTemplates()) return;
    const key = `${kind}|${sinkId}|${first.path}:${first.line}:${first.column}|${last.path}:${last.line}:${last.column}`;
    if (this.hitKeys.has(key)) return;
    this.hitKeys.add(key);
    this.hits.push({ kind, sinkId, label, steps });
  }

  emitCustom(ruleId: string, label: SourceLabel, steps: FlowStep[]): void {
    const first = steps[0];
    const last = steps[steps.length - 1];
    if (!first || !last) return;
    const key = `${ruleId}|${first.line}:${first.column}|${last.line}:${last.column}`;
    if (this.customKeys.has(key)) return;
    this.customKeys.add(key);
    this.customHits.push({ ruleId, label, steps });
  }

  /**
   * One flow arriving at a sink: a hit for a real source whose label counts here, or a
   * parameter-to-sink entry in the summary of the function being summarised.
   */
  reportFlow(st: State, sink: SinkInfo, f: Flow, sinkStep: FlowStep): void {
    // A user's rule has its own sanitizers (patterns/hooks.ts): built-in cleaning does not apply.
    if (!sink.custom && (f.clean & kindBit(sink.kind)) !== 0) return;
    if (f.param >= -1) {
      const acc = st.frame.summary;
      if (!acc || f.src !== paramSrc(acc.owner, f.param)) {
        if (sink.custom) return;
        // A parameter of an enclosing function, seen by a closure run on its own (a method a
        // constructor assigns to `this`): in a library, that is its caller's input.
        if (this.libraryish && keptReaches(sink.kind, f.text ?? 0) && !(sink.needsBuilt && !f.built) && this.ctx.labels.has('library-input')
          && (!sink.labels || sink.labels.includes('library-input'))) {
          this.emitHit(sink.kind, sink.sinkId, 'library-input', addStep(f.steps, sinkStep));
        }
        return;
      }
      const needsBuilt = f.built ? false : sink.needsBuilt ?? false;
      // One entry per sink (each is its own finding at a call site), a bounded number per function.
      const key = `${f.param}|${sink.kind}|${sink.sinkId}|${needsBuilt}|${f.built}|${f.text ?? 0}|${sinkStep.path}:${sinkStep.line}:${sinkStep.column}`;
      if (acc.toSink.has(key) || acc.toSink.size >= MAX_SINKS_PER_SUMMARY) return;
      acc.toSink.set(key, {
        param: f.param, steps: addStep(f.steps, sinkStep), kind: sink.kind, sinkId: sink.sinkId,
        ...(sink.labels ? { labels: sink.labels } : {}), ...(needsBuilt ? { needsBuilt } : {}), ...(f.unclean ? { unclean: f.unclean } : {}),
        ...(f.built ? { built: true } : {}), ...(f.text ? { text: f.text } : {}), ...(sink.custom ? { custom: sink.custom } : {}),
      });
      return;
    }
    const label = f.label;
    if (sink.needsBuilt && !f.built && (sink.needsBuilt === true || label === 'library-input')) return;
    if (!label || !this.ctx.labels.has(label)) return;
    if (sink.custom) {
      this.emitCustom(sink.custom, label, addStep(f.steps, sinkStep));
      return;
    }
    if (sink.labels && !sink.labels.includes(label)) return;
    // A row or document sent whole as a response body is JSON (`res.send(rows)`, `res.send(row)`);
    // a field of it is text, sent as HTML (`res.send(row.bio)`), as is markup built around it.
    if (label === 'stored' && !f.built && ((f.text ?? 0) & T_FIELD) === 0 && this.models.bodySinks.has(sink.sinkId)) return;
    // Kept in `this` fields or seen by a closure: execution, and markup (keptReaches).
    if (label === 'library-input' && !keptReaches(sink.kind, f.text ?? 0)) return;
    this.emitHit(sink.kind, sink.sinkId, label, addStep(f.steps, sinkStep));
  }
}

/** The class (or constructor function) whose instance `this` is inside a run of `fn`. */
export function thisClass(A: Analyzer, node: AnyNode, cls: AnyNode | undefined): AnyNode | undefined {
  if (cls) return cls;
  const owner = A.protoOwner.get(node);
  if (owner) return owner;
  // A plain function may be a constructor (`function Dao(db) { this.db = db; }`).
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' ? node : undefined;
}

/** The verdict of the package.json nearest to a root-relative path, undefined when there is none. */
function nearestPackage(packages: ReadonlyMap<string, boolean>, path: string): boolean | undefined {
  if (packages.size === 0) return undefined;
  for (let end = path.lastIndexOf('/'); end > 0; end = path.lastIndexOf('/', end - 1)) {
    const v = packages.get(path.slice(0, end));
    if (v !== undefined) return v;
  }
  return packages.get('');
}

export function paramSrc(owner: number, param: number): string {
  return `p${param}@${owner}`;
}

export { ALL_KINDS_MASK };

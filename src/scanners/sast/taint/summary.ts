/**
 * The contract between the per-file engine (taint/file.ts) and the project driver
 * (taint/project.ts): what one file tells others about its functions, as JSON-serialisable data
 * so it can be cached by the file's content hash.
 */
import type { SinkKind, SourceLabel } from '../models/types.js';
import type { AnyNode } from '../parse/walk.js';
import type { ParsedFile } from '../parse/index.js';
import type { FlowStep, TaintHit } from './types.js';

/** -1 is `this` (the receiver); 0.. are positional parameters. */
export interface ParamFlow {
  param: number;
  /** Steps inside the callee (and below), from the parameter to where the flow ends. */
  steps: FlowStep[];
}

/** What a function does with taint, seen from a call site. */
export interface Summary {
  /** Parameters whose data reaches the return value. */
  toReturn: ParamFlow[];
  /**
   * Parameters whose data reaches a sink inside the function or its callees; `custom` names a
   * user's taint-mode rule (its `kind` is then a placeholder, never reported).
   */
  toSink: (ParamFlow & { kind: SinkKind; sinkId: string; labels?: SourceLabel[]; custom?: string })[];
  /** Source data the function returns of its own accord (reads req.query, location.hash). */
  sourceReturn: {
    label: SourceLabel; steps: FlowStep[]; clean?: SinkKind[] | 'all';
    /**
     * Clean for every kind but these (written instead of `clean` when shorter): stored data is clean
     * for all kinds but XSS, and its 17-kind `clean` list was a fifth of a cold scan's exports JSON.
     */
    cleanBut?: SinkKind[];
    built?: boolean; text?: number;
  }[];
  /** The function returns its parameter cleaned for these kinds (a user-written validator). */
  sanitizes?: { param: number; kinds: SinkKind[] | 'all' }[];
  /** The API path or role of the value returned, when it is one (`getDb()` → `pg.Pool()`). */
  returnsApi?: string;
  /** A component's props read one by one: parameter PROP_PARAM + i is prop `props[i]` of parameter 0 (component-props.ts). */
  props?: string[];
  /**
   * A validator by name whose body does not check every kind (guard-bodies.ts): false, it checks
   * nothing real, so a guard call to it cleans nothing; a list, it cleans only these kinds.
   */
  guard?: false | SinkKind[];
}

/**
 * A file's exports, by export name: `default` for `export default` and for `module.exports = f`;
 * `name` for `export function name`, `exports.name = …`, `module.exports = { name }`;
 * `Class#method` for an exported class's instance methods, `Class.method` for static ones.
 */
export interface FileExports {
  functions: Record<string, Summary>;
  /** Exported values that are API objects (`module.exports = mysql.createPool(…)`): name → API path. */
  values?: Record<string, string>;
  /** Exported object schemas (zod, joi, yup): name → field → the field admits only safe values (schemas.ts). */
  schemas?: Record<string, Record<string, boolean>>;
  /** Exported class-validator DTO classes: name → field → verdict (dtos.ts DTO_TEXT, DTO_SAFE, DTO_SAFE_TRANSFORMED). */
  dtos?: Record<string, Record<string, number>>;
}

/** Extra matchers from users' pattern rules in taint mode (patterns/). Each gets an AST node. */
export interface PatternHooks {
  /** A node that is a source: its label and a description for the code flow. */
  source?(node: AnyNode, file: ParsedFile): { label: SourceLabel; description: string } | undefined;
  /** A call/expression whose value flowing in here is a finding; `ruleId` is the user's rule. */
  sink?(node: AnyNode, file: ParsedFile): { ruleId: string; description: string } | undefined;
  /** A node whose value is clean. */
  sanitizer?(node: AnyNode, file: ParsedFile): boolean;
}

/** An own entry of an exports record: a name like `constructor` must not find Object.prototype's. */
export function ownEntry<T>(rec: Record<string, T> | undefined, key: string): T | undefined {
  return rec !== undefined && Object.hasOwn(rec, key) ? rec[key] : undefined;
}

export interface FileContext {
  labels: ReadonlySet<SourceLabel>;
  /**
   * The exports of the project file an import specifier names, from this file (`./db`,
   * `../lib/index.js`, a tsconfig path alias): undefined when it is a package, outside the project,
   * or not analysed yet (an import cycle; the driver re-runs the cycle until summaries settle).
   */
  importedExports(specifier: string): FileExports | undefined;
  hooks?: PatternHooks;
}

export interface FileResult {
  exports: FileExports;
  /** Findings whose sink is in this file (steps may come from other files). */
  hits: TaintHit[];
  /** Pattern-hook sink hits: the user rule id with the path. */
  customHits: { ruleId: string; label: SourceLabel; steps: FlowStep[] }[];
  /** The import specifiers the file uses (ESM and require), so the driver knows its dependencies. */
  imports: string[];
  /** Functions cut short (nesting or size budget) — reported as warnings. */
  truncated: { line: number; reason: string }[];
}

/** The compiled form of users' pattern rules (rule files under `sast.rules`). */
import type { Severity } from '../../../core/severity.js';
import type { SourceLabel } from '../models/types.js';
import type { AnyNode } from '../parse/walk.js';
import type RE2 from 're2';
import type { Comparison } from './comparison.js';

/** One code-shaped pattern, parsed once at load. */
export interface CodePattern {
  /** The pattern text as the user wrote it (for messages). */
  text: string;
  /** `node`: one expression or statement; `seq`: statements matched in a statement list. */
  shape: 'node' | 'seq';
  /** For `node`, the pattern's root; for `seq`, the statements. */
  root: AnyNode;
  stmts: AnyNode[];
  /** API paths of the pattern's identifiers and member chains (alias-aware call heads). */
  paths: Map<object, string>;
  /** Code node types this pattern can match at; '*' for any expression. */
  nodeTypes: string[];
  /** For call patterns, the callee's last name ('*' when a metavariable). */
  callName?: string;
}

export type Formula =
  | { kind: 'pattern'; pattern: CodePattern }
  | { kind: 'regex'; regex: RE2; text: string }
  | { kind: 'either'; items: Formula[] }
  | {
      kind: 'all';
      positives: Formula[];
      nots: Formula[];
      insides: Formula[];
      notInsides: Formula[];
      metavariableRegex: { name: string; regex: RE2 }[];
      /** The code a metavariable bound must contain a match of the formula. */
      metavariablePattern: { name: string; formula: Formula }[];
      /** metavariable-comparison: each must be true over the literal values bound. */
      comparisons: Comparison[];
      focus?: string;
    };

/** A taint-mode source, sink or sanitizer: a formula and where in its match to focus. */
export interface TaintSpec {
  formula: Formula;
  focus?: string;
  label?: SourceLabel;
}

export interface PatternRule {
  /** The user's id, as written. */
  id: string;
  /** `sast/custom/<id>`. */
  ruleId: string;
  message: string;
  title?: string;
  description?: string;
  remediation?: string;
  references?: string[];
  severity: Severity;
  cwe: number[];
  mode: 'search' | 'taint';
  /** The rule file it came from (absolute). */
  path: string;
  /** Does the rule apply to this file (relative POSIX path)? From the rule's `paths:`. */
  appliesTo?: (path: string) => boolean;
  /** Search mode. */
  formula?: Formula;
  /** Taint mode. */
  sources?: TaintSpec[];
  sinks?: TaintSpec[];
  sanitizers?: TaintSpec[];
}

/** A search-mode match in one file (UTF-16 offsets, as the parser gives). */
export interface PatternHit {
  ruleId: string;
  start: number;
  end: number;
  /** The rule's message with metavariables replaced by the code they bound. */
  message: string;
}

/** Metavariable bindings: name (with `$`) → code node. */
export type Env = Readonly<Record<string, AnyNode>>;

/** One match of a formula: a code range and the bindings that made it. */
export interface Match {
  start: number;
  end: number;
  env: Env;
}

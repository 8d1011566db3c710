import type { RuleMeta } from '../../../../core/rule.js';
import type { Severity } from '../../../../core/severity.js';
import type { Pipeline, Pos } from '../parse.js';

export interface GitlabHit {
  at: Pos;
  message: string;
  /** Stable detail: job name + what was found, never a line number. */
  identity: string;
  /** Overrides the rule's severity for this case. */
  severity?: Severity;
}

/** A GitLab CI audit: metadata plus a pure check over the resolved pipeline. */
export interface GitlabRule extends RuleMeta {
  check(p: Pipeline, report: (hit: GitlabHit) => void, options: GitlabAuditOptions): void;
}

export interface GitlabAuditOptions {
  /** Also report weaker cases that most clean pipelines have (e.g. images pinned by tag only). */
  pedantic?: boolean;
}

import type { RuleMeta } from '../../../../core/rule.js';
import type { DockerfileModel, Instruction, Pos } from '../../formats/dockerfile/parse.js';

export interface ReportOptions {
  /** Position of the offending flag or argument; the instruction start when absent. */
  at?: Pos;
  /** What makes this hit unique within the instruction (e.g. the variable name). */
  key?: string;
}

export type Report = (ins: Instruction, message: string, opts?: ReportOptions) => void;

/** A Dockerfile rule: metadata plus a pure check over the parsed model. */
export interface DockerfileRule extends RuleMeta {
  check(model: DockerfileModel, report: Report): void;
}

import type { Severity } from './severity.js';

/** Metadata every rule kind carries; read by `rampart rules`, SARIF and the docs. */
export interface RuleMeta {
  /** `<scanner>/<group>/<name>`, lowercase, never reused. */
  id: string;
  title: string;
  severity: Severity;
  /** CWE numbers, e.g. [798]. */
  cwe: number[];
  description: string;
  remediation: string;
  references?: string[];
  /** Extra SARIF tags beyond scanner and CWE. */
  tags?: string[];
}

/** The scanner a rule belongs to is the first segment of its id. */
export function scannerOf(ruleId: string): string {
  const i = ruleId.indexOf('/');
  return i < 0 ? ruleId : ruleId.slice(0, i);
}

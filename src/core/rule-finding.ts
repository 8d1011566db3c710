import type { Finding, Location } from './finding.js';
import { fingerprint } from './fingerprint.js';
import type { RuleMeta } from './rule.js';

/**
 * The Finding for one rule hit at a place in a file. `identity` is what makes the hit unique
 * and stable when lines move (a resource address, a job/step path, a Kubernetes object and
 * field path), never the line number.
 */
export function ruleFinding(
  rule: RuleMeta,
  at: { path: string; line: number; column?: number; endLine?: number; endColumn?: number },
  message: string,
  identity: string,
): Finding {
  const location: Location = {
    path: at.path,
    startLine: at.line,
    startColumn: at.column ?? 1,
    endLine: at.endLine ?? at.line,
    endColumn: at.endColumn ?? at.column ?? 1,
  };
  return {
    ruleId: rule.id,
    scanner: rule.id.slice(0, rule.id.indexOf('/')),
    severity: rule.severity,
    title: rule.title,
    message,
    location,
    cwe: rule.cwe,
    fingerprint: fingerprint(rule.id, at.path, identity),
    fix: rule.remediation,
  };
}

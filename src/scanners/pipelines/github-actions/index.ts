import type { Finding } from '../../../core/finding.js';
import type { RuleMeta } from '../../../core/rule.js';
import { ruleFinding } from '../../../core/rule-finding.js';
import type { ScanIssue } from '../../../core/scanner.js';
import { isActionPath, isWorkflowPath, parseGithubActions } from './parse.js';
import { GHA_RULES } from './rules/index.js';

export { isActionPath, isWorkflowPath, parseGithubActions } from './parse.js';

/** Metadata of every GitHub Actions audit (for `rampart rules` and SARIF). */
export const GITHUB_ACTIONS_RULES: RuleMeta[] = GHA_RULES.map(({ check: _check, ...meta }) => meta);

export const isGithubActionsFile = (path: string): boolean => isWorkflowPath(path) || isActionPath(path);

/** Audits one workflow or action file. Never throws: unparsable input becomes a ScanIssue. */
export function auditGithubActions(path: string, text: string): { findings: Finding[]; issues: ScanIssue[] } {
  const findings: Finding[] = [];
  const issues: ScanIssue[] = [];
  const parsed = parseGithubActions(path, text);
  if (!parsed.ok) {
    for (const p of parsed.problems) issues.push({ path, line: p.line, kind: 'unparsable', scanner: 'pipelines', message: `${path}${p.line ? `:${p.line}` : ''}: ${p.message}` });
    return { findings, issues };
  }
  const seen = new Set<string>();
  for (const rule of GHA_RULES) {
    try {
      rule.check(parsed.workflow, (at, message, identity) => {
        const f = ruleFinding(rule, { path, line: at.line, column: at.column }, message, identity);
        const key = `${f.fingerprint}:${at.line}:${at.column}`;
        if (seen.has(key)) return;
        seen.add(key);
        findings.push(f);
      });
    } catch (e) {
      issues.push({ path, kind: 'other', scanner: 'pipelines', message: `rule ${rule.id} failed: ${(e as Error).message}` });
    }
  }
  return { findings, issues };
}

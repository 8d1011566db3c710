import { auditGitlabCi, type GitlabAuditOptions } from '../../../../src/scanners/pipelines/gitlab-ci/index.js';

/** Audits `main` (as .gitlab-ci.yml) with optional local files; returns hits as `ruleId@line`. */
export function audit(main: string, files: Record<string, string> = {}, options: GitlabAuditOptions = {}) {
  return auditGitlabCi('.gitlab-ci.yml', main, (p) => files[p], options);
}

export function hits(main: string, ruleId: string, files: Record<string, string> = {}, options: GitlabAuditOptions = {}): string[] {
  return audit(main, files, options).findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.location.path}:${f.location.startLine}`);
}

/** Strips the common indentation of a template literal so fixtures read naturally. */
export function yml(s: string): string {
  const lines = s.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

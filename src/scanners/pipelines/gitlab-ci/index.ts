import type { Finding } from '../../../core/finding.js';
import type { RuleMeta } from '../../../core/rule.js';
import { ruleFinding } from '../../../core/rule-finding.js';
import type { ScanIssue } from '../../../core/scanner.js';
import { mergeLocalIncludes, parsePipeline, type Reader } from './parse.js';
import { RULES, type GitlabAuditOptions } from './rules/index.js';

export { mergeLocalIncludes, parsePipeline } from './parse.js';
export type { Pipeline, Job, Include, Reader } from './parse.js';
export type { GitlabAuditOptions } from './rules/index.js';

/** Metadata of every GitLab CI audit (for `rampart rules` and SARIF). */
export const GITLAB_CI_RULES: RuleMeta[] = RULES.map(({ check: _check, ...meta }) => meta);

/** `.gitlab-ci.yml` / `.gitlab-ci.yaml` anywhere, and YAML files under `.gitlab/ci/`. */
export function isGitlabCiFile(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (base === '.gitlab-ci.yml' || base === '.gitlab-ci.yaml') return true;
  return /(^|\/)\.gitlab\/ci\/(?:.+\/)?[^/]+\.ya?ml$/.test(p);
}

/**
 * Audits one GitLab CI file with its local includes (read through `read`, paths relative to
 * the repository root). `options.pedantic` adds weak cases (images pinned by tag only). Never throws: unparsable input becomes a ScanIssue.
 */
export function auditGitlabCi(
  path: string,
  content: string,
  read: Reader,
  options: GitlabAuditOptions = {},
): { findings: Finding[]; issues: ScanIssue[] } {
  const findings: Finding[] = [];
  let issues: ScanIssue[] = [];
  try {
    if (includedByRoot(path, read)) return { findings, issues };
    const parsed = parsePipeline(path, content, read);
    issues = parsed.issues;
    const p = parsed.pipeline;
    if (!p) return { findings, issues };
    const seen = new Set<string>();
    for (const rule of RULES) {
      try {
        rule.check(p, (hit) => {
          const f = ruleFinding(rule, { path: hit.at.path, line: hit.at.line, column: hit.at.column }, hit.message, hit.identity);
          if (hit.severity) f.severity = hit.severity;
          const key = `${f.fingerprint}:${f.location.startLine}`;
          if (seen.has(key)) return;
          seen.add(key);
          findings.push(f);
        }, options);
      } catch (e) {
        issues.push({ path, kind: 'other', scanner: 'pipelines', message: `rule ${rule.id} failed: ${(e as Error).message}` });
      }
    }
  } catch (e) {
    issues.push({ path, kind: 'unparsable', scanner: 'pipelines', message: `GitLab CI file could not be audited: ${(e as Error).message}` });
  }
  findings.sort((a, b) =>
    a.location.path.localeCompare(b.location.path) || a.location.startLine - b.location.startLine ||
    a.location.startColumn - b.location.startColumn || a.ruleId.localeCompare(b.ruleId));
  return { findings, issues };
}

/**
 * A file under `.gitlab/ci/` that the repository's root pipeline includes is audited as part of
 * that pipeline (with its workflow, defaults and templates); auditing it alone again would only
 * repeat those findings or lose that context.
 */
let lastRoot: { text: string; read: Reader; files: string[] } | undefined;

function includedByRoot(path: string, read: Reader): boolean {
  const p = path.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!p.startsWith('.gitlab/ci/')) return false;
  for (const root of ['.gitlab-ci.yml', '.gitlab-ci.yaml']) {
    const text = read(root);
    if (text === undefined) continue;
    // One scan audits many included files against the same root: parse it once.
    if (lastRoot?.text !== text || lastRoot.read !== read) lastRoot = { text, read, files: mergeLocalIncludes(root, text, read).files };
    return lastRoot.files.includes(p);
  }
  return false;
}

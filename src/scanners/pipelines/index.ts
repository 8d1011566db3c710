import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Finding } from '../../core/finding.js';
import { parseDirectives } from '../../core/directives.js';
import type { ScanContext, ScanIssue, Scanner, SourceFile } from '../../core/scanner.js';
import { auditGithubActions, GITHUB_ACTIONS_RULES, isGithubActionsFile } from './github-actions/index.js';
import { auditGitlabCi, GITLAB_CI_RULES, isGitlabCiFile } from './gitlab-ci/index.js';

/** Files above this size are not pipeline definitions; skipped with an issue. */
const MAX_BYTES = 2 * 1024 * 1024;

export const pipelinesScanner: Scanner = {
  id: 'pipelines',
  rules: () => [...GITHUB_ACTIONS_RULES, ...GITLAB_CI_RULES],
  accepts: (f: SourceFile) => isGithubActionsFile(f.path) || isGitlabCiFile(f.path),
  async *scan(files: SourceFile[], ctx: ScanContext): AsyncIterable<Finding> {
    const seen = new Set<string>();
    const texts = new Map<string, string>();
    const read = (path: string): string | undefined => {
      const known = texts.get(path);
      if (known !== undefined) return known;
      const text = readConfined(ctx.root, path);
      if (text !== undefined) {
        texts.set(path, text);
        ctx.fileRead(Buffer.byteLength(text), false, path);
        noteDirectives(ctx, path, text);
      }
      return text;
    };
    for (const f of files) {
      if (f.size > MAX_BYTES) {
        ctx.issue({ path: f.path, kind: 'skipped-size', scanner: 'pipelines', message: `${f.path} is ${f.size} bytes, larger than a pipeline definition can be; not audited` });
        continue;
      }
      let text: string;
      try {
        text = texts.get(f.path) ?? readFileSync(f.absPath, 'utf8');
      } catch (e) {
        ctx.issue({ path: f.path, kind: 'unreadable', scanner: 'pipelines', message: `cannot read file: ${(e as Error).message}` });
        continue;
      }
      if (!texts.has(f.path)) {
        texts.set(f.path, text);
        ctx.fileRead(Buffer.byteLength(text), false, f.path);
        noteDirectives(ctx, f.path, text);
      }
      const r: { findings: Finding[]; issues: ScanIssue[] } = isGithubActionsFile(f.path) ? auditGithubActions(f.path, text) : auditGitlabCi(f.path, text, read);
      for (const i of r.issues) ctx.issue(i);
      for (const x of r.findings) {
        // A GitLab file included by another is audited on its own too: report each hit once.
        const key = `${x.fingerprint}:${x.location.path}:${x.location.startLine}:${x.location.startColumn}`;
        if (seen.has(key)) continue;
        seen.add(key);
        yield x;
      }
    }
  },
};

function noteDirectives(ctx: ScanContext, path: string, text: string): void {
  // Malformed directives are reported once, by the secrets scanner, which reads every file.
  const d = parseDirectives(text);
  if (d.directives.length) ctx.directives(path, d.directives);
}

/** Reads a repository-relative path, refusing anything that resolves outside the scan root. */
function readConfined(root: string, path: string): string | undefined {
  try {
    const realRoot = realpathSync(root);
    const abs = realpathSync(resolve(realRoot, path));
    const rel = relative(realRoot, abs);
    if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
    if (statSync(abs).size > MAX_BYTES) return undefined;
    return readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
}

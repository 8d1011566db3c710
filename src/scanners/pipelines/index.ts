import { readFileSync } from 'node:fs';
import type { Finding } from '../../core/finding.js';
import { parseDirectives } from '../../core/directives.js';
import type { ScanContext, Scanner, SourceFile } from '../../core/scanner.js';
import { auditGithubActions, GITHUB_ACTIONS_RULES, isGithubActionsFile } from './github-actions/index.js';

/** Files above this size are not pipeline definitions; skipped with an issue. */
const MAX_BYTES = 2 * 1024 * 1024;

export const pipelinesScanner: Scanner = {
  id: 'pipelines',
  rules: () => [...GITHUB_ACTIONS_RULES],
  accepts: (f: SourceFile) => isGithubActionsFile(f.path),
  async *scan(files: SourceFile[], ctx: ScanContext): AsyncIterable<Finding> {
    for (const f of files) {
      if (f.size > MAX_BYTES) {
        ctx.issue({ path: f.path, kind: 'skipped-size', scanner: 'pipelines', message: `${f.path} is ${f.size} bytes, larger than a pipeline definition can be; not audited` });
        continue;
      }
      let text: string;
      try {
        text = readFileSync(f.absPath, 'utf8');
      } catch (e) {
        ctx.issue({ path: f.path, kind: 'unreadable', scanner: 'pipelines', message: `cannot read file: ${(e as Error).message}` });
        continue;
      }
      ctx.fileRead(Buffer.byteLength(text), false, f.path);
      // Malformed directives are reported once, by the secrets scanner, which reads every file.
      const d = parseDirectives(text);
      if (d.directives.length) ctx.directives(f.path, d.directives);
      const r = auditGithubActions(f.path, text);
      for (const i of r.issues) ctx.issue(i);
      yield* r.findings;
    }
  },
};

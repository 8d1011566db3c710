/** The SAST scanner run in-process over files already written under `root` (cache off unless asked). */
import { join } from 'node:path';
import type { Finding } from '../../../src/core/finding.js';
import type { ScanContext, SourceFile } from '../../../src/core/scanner.js';
import { sastScanner } from '../../../src/scanners/sast/index.js';

export async function scanRoot(root: string, paths: string[], options: Record<string, unknown> = {}): Promise<Finding[]> {
  const ctx: ScanContext = {
    root, showSecrets: false, options: { cache: false, ...options }, threads: 1,
    issue: () => {}, directives: () => {}, fileRead: () => {},
  };
  const src: SourceFile[] = paths
    .filter((p) => sastScanner.accepts({ path: p, absPath: join(root, p), size: 1 }))
    .map((p) => ({ path: p, absPath: join(root, p), size: 100 }));
  const findings: Finding[] = [];
  for await (const f of sastScanner.scan(src, ctx)) findings.push(f);
  return findings;
}

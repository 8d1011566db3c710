/** The SAST scanner run in-process over files already written under `root` (cache off unless asked). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
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

/**
 * A scanner of one new file at a time under a temp root removed after the test file: each file in
 * its own folder, so files of other tests do not mix. Returns the findings of that file.
 */
export function oneFileScanner(prefix: string): (name: string, source: string) => Promise<Finding[]> {
  const root = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  return async (name, source) => {
    const path = `t${++n}/${name}`;
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
    return scanRoot(root, [path]);
  };
}

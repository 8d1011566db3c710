import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temp directory with the given files (path -> content); returns its path. */
export function tmpTree(files: Record<string, string | Buffer>, prefix = 'rampart-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [p, c] of Object.entries(files)) {
    const abs = join(dir, p);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, c);
  }
  return dir;
}

export function rmTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

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

/** Temp trees made by one test file, removed together in afterAll. */
export function tmpTrees(): { make(files: Record<string, string | Buffer>): string; track(dir: string): string; cleanup(): void } {
  const dirs: string[] = [];
  return {
    make(files) {
      const d = tmpTree(files);
      dirs.push(d);
      return d;
    },
    track(dir) {
      dirs.push(dir);
      return dir;
    },
    cleanup() {
      while (dirs.length) rmTree(dirs.pop()!);
    },
  };
}

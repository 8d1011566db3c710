/**
 * One stat per path per scan. The per-folder lookups of a scan (package.json for the import
 * resolver's workspace packages and for models/project-versions.ts's library verdicts) ask about
 * the same ~1,000 folders; sharing the answers halves those system calls. Make one per scan: a
 * later scan must see files created since.
 */
import { statSync } from 'node:fs';

/** What a path is: none, a regular file, anything else. */
type Kind = 0 | 1 | 2;

export class FolderProbe {
  private readonly kinds = new Map<string, Kind>();

  /** Something exists at `path` (stat follows links, as statSync does). */
  exists(path: string): boolean {
    return this.kind(path) !== 0;
  }

  isFile(path: string): boolean {
    return this.kind(path) === 1;
  }

  private kind(path: string): Kind {
    let k = this.kinds.get(path);
    if (k === undefined) {
      // No exception for a missing path: most folders have none (a thrown error costs 10x the stat).
      const s = statSync(path, { throwIfNoEntry: false });
      k = !s ? 0 : s.isFile() ? 1 : 2;
      this.kinds.set(path, k);
    }
    return k;
  }
}

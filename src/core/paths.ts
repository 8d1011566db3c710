import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';

/** `p` is `root` or below it (both absolute; lexical, no symlinks resolved). */
export function isWithin(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * A regular file whose real path (symlinks resolved) lies under `rootReal`, itself a real path.
 * What a scanner may read on its own initiative: a symlink must not lead out of the scanned
 * tree, and a FIFO or device must never be opened (the read would block).
 */
export function isRegularFileWithin(rootReal: string, p: string): boolean {
  try {
    const real = realpathSync(p);
    return isWithin(rootReal, real) && real !== rootReal && statSync(real).isFile();
  } catch {
    return false;
  }
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDbForBuild, type Db } from '../../../src/vulndb/store.js';

export function tmpDir(): string {
  return mkdtempSync(join(tmpdir(), 'rampart-vulndb-'));
}

export function rm(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A fresh writable database in its own temp dir. */
export function freshDb(): { db: Db; dir: string; path: string } {
  const dir = tmpDir();
  const path = join(dir, 'vulndb.sqlite');
  return { db: openDbForBuild(path), dir, path };
}

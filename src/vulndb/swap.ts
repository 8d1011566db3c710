import { copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, closeSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../core/errors.js';
import { checkSchema, dbError, openDbForBuild, openDbReadOnly, setMeta, type Db } from './store.js';

function removeDbFiles(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes `<db>.tmp-<pid>*` left by killed updates (only when that process is gone). */
export function removeStaleWork(dbPath: string): void {
  const dir = dirname(dbPath);
  const prefix = `${basename(dbPath)}.tmp-`;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const e of entries) {
    if (!e.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)/.exec(e.slice(prefix.length))?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && !alive(pid)) rmSync(join(dir, e), { force: true });
  }
}

/** Work files of this process: `<db>.tmp-<pid>` (the database) and `<db>.tmp-<pid>-<name>`. */
export function workPath(dbPath: string, name?: string): string {
  return `${dbPath}.tmp-${process.pid}${name ? `-${name}` : ''}`;
}

function fsyncPath(path: string): void {
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Directories cannot be fsynced on every platform; the rename is still atomic.
  }
}

/**
 * Builds a new database beside `dbPath` and swaps it in by rename: a copy of the current database
 * (when there is one of this schema) at `<db>.tmp-<pid>`, which `build` changes, then renamed over
 * the old file. A failure (or a kill) at any point leaves the old file as it was; killed runs'
 * leftovers are removed by the next run. A locked or corrupt current file stops the update with an
 * error naming it, untouched.
 */
export async function rebuildDb<T>(dbPath: string, build: (db: Db) => Promise<T> | T): Promise<T> {
  mkdirSync(dirname(dbPath), { recursive: true });
  removeStaleWork(dbPath);
  const tmp = workPath(dbPath);
  removeDbFiles(tmp);
  if (existsSync(dbPath)) {
    let current: Db | undefined;
    let copy = true;
    try {
      current = openDbReadOnly(dbPath);
      // A read transaction while copying: no other writer can change the file under the copy.
      current.exec('BEGIN');
      current.prepare('SELECT COUNT(*) FROM meta').get();
      copyFileSync(dbPath, tmp);
      current.exec('COMMIT');
    } catch (err) {
      // An outdated schema is rebuilt from scratch; locked or corrupt files stop here.
      if (err instanceof InputError && err.code === 'E_VULNDB_SCHEMA') copy = false;
      else {
        removeDbFiles(tmp);
        throw err;
      }
    } finally {
      current?.close();
    }
    if (!copy) removeDbFiles(tmp);
  }
  let db: Db | undefined;
  const cleanup = (): void => removeDbFiles(tmp);
  process.once('exit', cleanup);
  try {
    db = openDbForBuild(tmp);
    checkSchema(db, tmp);
    const result = await build(db);
    setMeta(db, 'updated_at', new Date().toISOString());
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`new database failed its integrity check: ${String(check)}`);
    db.close();
    db = undefined;
    fsyncPath(tmp);
    renameSync(tmp, dbPath);
    fsyncPath(dirname(dbPath));
    return result;
  } catch (err) {
    try {
      db?.close();
    } catch {
      // already closed
    }
    removeDbFiles(tmp);
    throw err instanceof InputError ? err : dbError(tmp, err);
  } finally {
    process.removeListener('exit', cleanup);
  }
}

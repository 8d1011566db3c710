import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedLoginLimiter } from '../../../src/server/identity/login-limit-shared.js';
import { openStore, type Store } from '../../../src/store/db.js';

/**
 * The login limiter shared by HTTP workers through SQLite (`--http-workers N`, SQLite only). A
 * failure runs on the event loop: it must never wait for another process's write lock, and while
 * it cannot write it must keep counting (fail closed), then write what it counted.
 */

const root = mkdtempSync(join(tmpdir(), 'rampart-lls-'));
let store: Store;
let file = '';

beforeAll(async () => {
  store = await openStore({ dataDir: root });
  file = store.sqlite!.file;
});

afterAll(async () => {
  await store.close();
  rmSync(root, { recursive: true, force: true });
});

const failuresOf = (key: string): number | undefined =>
  (store.sqlite!.reader.prepare('select failures from login_failures where key = ?').pluck().get(key) as number | undefined) ?? undefined;

describe('SharedLoginLimiter', () => {
  it('writes each failure at once when the database is free: another worker sees the count and the block', () => {
    const a = new SharedLoginLimiter(file);
    const b = new SharedLoginLimiter(file);
    try {
      // 3 free: the failure that reaches them blocks (as LoginLimiter).
      for (let i = 0; i < 2; i++) expect(a.fail('ip:10.0.0.1', 3)).toBe(0);
      expect(a.pendingFailures).toBe(0);
      expect(failuresOf('ip:10.0.0.1')).toBe(2);
      // The third, counted by the other worker, blocks; the first sees it.
      expect(b.fail('ip:10.0.0.1', 3)).toBeGreaterThan(0);
      expect(a.anyBlocked()).toBe(true);
      expect(a.blockedFor('ip:10.0.0.1')).toBeGreaterThan(0);
      expect(a.blockedFor('ip:10.0.0.9')).toBe(0);
    } finally {
      a.close();
      b.close();
    }
  });

  it('with another process holding the write lock, a failure neither waits for it nor is lost: counted here (blocks at the limit), written once the lock is free', () => {
    const other = new Database(file);
    const a = new SharedLoginLimiter(file);
    const b = new SharedLoginLimiter(file);
    try {
      other.prepare('begin immediate').run();
      const started = performance.now();
      const blocks: number[] = [];
      for (let i = 0; i < 4; i++) blocks.push(a.fail('anon:10.0.0.2', 3));
      // Before: busy_timeout 2000, so every failure here waited 2 s for the lock (and then
      // returned 0, uncounted). A bound far above one SQLite call, far below one such wait.
      expect(performance.now() - started).toBeLessThan(1000);
      expect(blocks.slice(0, 2)).toEqual([0, 0]);
      // Fail closed: the 3rd and 4th block though nothing could be written.
      expect(blocks[2]).toBeGreaterThan(0);
      expect(blocks[3]).toBeGreaterThan(blocks[2]!);
      expect(a.pendingFailures).toBe(4);
      expect(a.blockedFor('anon:10.0.0.2')).toBeGreaterThan(0);
      expect(a.anyBlocked()).toBe(true);
      expect(failuresOf('anon:10.0.0.2')).toBeUndefined();
      other.prepare('commit').run();
      // The next failure (or the retry timer) writes all of them; the other worker sees the block.
      expect(a.flush()).toBe(true);
      expect(a.pendingFailures).toBe(0);
      expect(failuresOf('anon:10.0.0.2')).toBe(4);
      expect(b.blockedFor('anon:10.0.0.2')).toBeGreaterThan(0);
      expect(b.anyBlocked()).toBe(true);
    } finally {
      if (other.inTransaction) other.prepare('rollback').run();
      other.close();
      a.close();
      b.close();
    }
  });

  it('counts written after a busy spell add to the failures other workers wrote meanwhile', () => {
    const other = new Database(file);
    const a = new SharedLoginLimiter(file);
    const b = new SharedLoginLimiter(file);
    try {
      expect(b.fail('ip:10.0.0.3', 10)).toBe(0);
      other.prepare('begin immediate').run();
      expect(a.fail('ip:10.0.0.3', 10)).toBe(0);
      expect(a.fail('ip:10.0.0.3', 10)).toBe(0);
      other.prepare('commit').run();
      expect(b.fail('ip:10.0.0.3', 10)).toBe(0);
      expect(failuresOf('ip:10.0.0.3')).toBe(2);
      expect(a.flush()).toBe(true);
      expect(failuresOf('ip:10.0.0.3')).toBe(4);
    } finally {
      other.close();
      a.close();
      b.close();
    }
  });
});

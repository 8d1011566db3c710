import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { utimesSync, writeFileSync } from 'node:fs';
import { runProject, type ProjectStats } from '../../../src/scanners/sast/taint/project.js';
import { statPrint, TaintCache } from '../../../src/scanners/sast/taint/cache.js';
import { fakeEngine } from './project-fake-engine.js';
import { tmpTrees } from '../../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const LONG_AGO = new Date('2024-01-02T03:04:05Z');

async function run(dir: string, cacheDir: string, paths: string[]) {
  const log: string[] = [];
  const read: string[] = [];
  const stats = {} as ProjectStats;
  const res = await runProject(
    paths.map((p) => ({ path: p, absPath: join(dir, p) })),
    { models: [], labels: new Set(['http']), issue: () => undefined, fileRead: (p) => read.push(p), cacheDir, stats },
    fakeEngine(log),
  );
  return { ...res, log, read, stats };
}

describe('stat print', () => {
  it('is absent for a file modified moments ago and stable for an old one', () => {
    const now = Date.now();
    expect(statPrint({ size: 10, mtimeMs: now - 100, ctimeMs: now - 100, ino: 1 }, now)).toBeUndefined();
    const old = { size: 10, mtimeMs: now - 60_000, ctimeMs: now - 60_000, ino: 1 };
    expect(statPrint(old, now)).toBe(statPrint(old, now + 5_000));
    expect(statPrint({ ...old, size: 11 }, now)).not.toBe(statPrint(old, now));
  });

  it('an unchanged old file is reused without being read; a same-size edit is still seen', async () => {
    const dir = trees.make({
      'main.ts': "import { run } from './db';\nrun(source());\n",
      'db.ts': 'export function run(q) { sink(q); }\n',
    });
    for (const p of ['main.ts', 'db.ts']) utimesSync(join(dir, p), LONG_AGO, LONG_AGO);
    const cacheDir = trees.make({});
    const paths = ['main.ts', 'db.ts'];
    const first = await run(dir, cacheDir, paths);
    expect(first.hits).toHaveLength(1);
    // The files' change times are recent (utimes sets them): the first scan recorded no print.
    const byStat = vi.spyOn(TaintCache.prototype, 'lookupByStat');
    const again = await run(dir, cacheDir, paths);
    expect(again.stats.reused).toBe(2);
    expect(byStat.mock.results.every((r) => r.value === undefined)).toBe(true);
    // An hour later the prints are trusted: both files come from the cache by stat alone, and
    // their bytes are still reported as read.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3_600_000);
    await run(dir, cacheDir, paths); // records the prints
    byStat.mockClear();
    const second = await run(dir, cacheDir, paths);
    expect(byStat.mock.results.filter((r) => r.value !== undefined)).toHaveLength(2);
    expect(second.stats.reused).toBe(2);
    expect(second.log).toEqual([]);
    expect(second.read.sort()).toEqual(['db.ts', 'main.ts']);
    expect(second.hits).toEqual(first.hits);
    // Same size, different bytes, an old time again: the changed times and ctime tell it apart.
    writeFileSync(join(dir, 'db.ts'), 'export function run(q) { safe(q); }\n');
    utimesSync(join(dir, 'db.ts'), LONG_AGO, new Date('2024-01-03T00:00:00Z'));
    const third = await run(dir, cacheDir, paths);
    expect(third.log).toContain('db.ts');
    expect(third.hits).toEqual([]);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { runProject } from '../../../src/scanners/sast/taint/project.js';
import { fakeEngine, fakeProject, TWO_IMPORTS as FILES } from './project-fake-engine.js';
import { tmpTrees } from '../../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

const CACHE = 'sast-taint.cache';

const setup = () => fakeProject(trees, FILES);

/** Descriptors of this process open on `file` (Linux: /proc/self/fd). */
function openOn(file: string): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === file) n++;
    } catch {
      // closed meanwhile (the listing's own descriptor)
    }
  }
  return n;
}

describe('the cache file is closed when the scan ends', () => {
  it('a warm re-scan that rewrites nothing leaves no descriptor on the cache file', async () => {
    const p = setup();
    await p.run();
    const file = join(p.cacheDir, CACHE);
    expect(openOn(file)).toBe(0);
    const again = await p.run();
    expect(again.stats).toMatchObject({ analysed: 0, reused: 3 });
    expect(openOn(file)).toBe(0);
  });

  it('a scan that fails after loading the cache closes it too', async () => {
    const p = setup();
    await p.run();
    const file = join(p.cacheDir, CACHE);
    // A file that cannot be read is reported through `issue`; a caller that throws there ends the scan.
    const scan = runProject([{ path: 'src/gone.ts', absPath: join(p.cacheDir, 'gone.ts') }],
      { models: [], labels: new Set(['http']), cacheDir: p.cacheDir, issue: () => { throw new Error('stop'); } },
      fakeEngine([]));
    await expect(scan).rejects.toThrow('stop');
    expect(openOn(file)).toBe(0);
  });
});

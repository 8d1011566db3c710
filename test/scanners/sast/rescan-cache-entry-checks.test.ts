import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeProject, TWO_IMPORTS as FILES } from './project-fake-engine.js';
import { tmpTrees } from '../../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

const MAGIC = 'rampart-sast-taint 4\n';
const CACHE = 'sast-taint.cache';

const setup = () => fakeProject(trees, FILES);

/** Rewrites one entry's consumed exports (tuple field 4) in the base file, keeping the rest as written. */
function editDeps(cacheDir: string, path: string, edit: (deps: (number | string)[], paths: string[]) => (number | string)[]): void {
  const file = join(cacheDir, CACHE);
  const buf = readFileSync(file);
  expect(buf.toString('utf8', 0, MAGIC.length)).toBe(MAGIC);
  const nl = buf.indexOf(10, MAGIC.length);
  const len = Number(buf.toString('utf8', MAGIC.length, nl));
  const header = JSON.parse(buf.toString('utf8', nl + 1, nl + 1 + len)) as { paths: string[]; files: unknown[][] };
  const k = header.paths.indexOf(path);
  header.files[k]![4] = edit(header.files[k]![4] as (number | string)[], header.paths);
  const text = Buffer.from(JSON.stringify(header));
  writeFileSync(file, Buffer.concat([Buffer.from(`${MAGIC}${text.length}\n`), text, buf.subarray(nl + 1 + len)]));
}

describe('a cached entry is reused only when it names every import once', () => {
  it('an entry repeating one import and missing the other is not reused', async () => {
    const p = setup();
    await p.run();
    editDeps(p.cacheDir, 'src/main.ts', (deps, paths) => {
      const left = paths.indexOf('src/left.ts');
      expect(deps).toContain(left);
      return [left, 0, left, 0];
    });
    const again = await p.run();
    expect(again.log).toEqual(['src/main.ts']);
    expect(again.stats).toMatchObject({ analysed: 1, reused: 2 });
  });

  it('an entry naming both imports (one of them twice) is reused', async () => {
    const p = setup();
    await p.run();
    editDeps(p.cacheDir, 'src/main.ts', (deps) => [...deps, deps[0]!, deps[1]!]);
    const again = await p.run();
    expect(again.log).toEqual([]);
    expect(again.stats).toMatchObject({ analysed: 0, reused: 3 });
  });
});

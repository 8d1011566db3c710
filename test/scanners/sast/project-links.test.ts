import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProject, type ProjectStats } from '../../../src/scanners/sast/taint/project.js';
import { fakeEngine } from './project-fake-engine.js';
import { tmpTrees } from '../../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

/** Runs the driver with the stand-in engine over every listed file of `dir`, with a cache. */
async function scan(dir: string, paths: string[], cacheDir: string) {
  const log: string[] = [];
  const stats = {} as ProjectStats;
  const res = await runProject(
    paths.map((p) => ({ path: p, absPath: join(dir, p) })),
    { models: [], labels: new Set(['http']), issue: () => undefined, cacheDir, stats, root: dir },
    fakeEngine(log),
  );
  return { ...res, log, stats };
}

/** The links stored for `path` (specifier → path, '' for none), decoded from the cache header (layout in taint/cache.ts). */
function storedLinks(cacheDir: string, path: string): Record<string, string> {
  const buf = readFileSync(join(cacheDir, 'sast-taint.cache'));
  const first = buf.indexOf(10);
  const second = buf.indexOf(10, first + 1);
  const header = JSON.parse(buf.toString('utf8', second + 1, second + 1 + Number(buf.toString('utf8', first + 1, second))));
  const t = header.files[header.paths.indexOf(path)];
  const imports: string[] = JSON.parse(header.texts[t[3]]);
  const out: Record<string, string> = {};
  imports.forEach((spec, k) => {
    const to: number = t[5][k];
    if (to >= -1) out[spec] = to === -1 ? '' : header.paths[to];
  });
  return out;
}

describe('resolved imports kept in the cache', () => {
  it('an unchanged file list reuses the stored links; the flow through them is still found', async () => {
    const dir = trees.make({
      'main.ts': "import { run } from './db';\nrun(source());\n",
      'db.js': 'export function run(q) { sink(q); }\n',
    });
    const cacheDir = trees.make({});
    const first = await scan(dir, ['main.ts', 'db.js'], cacheDir);
    expect(first.hits).toHaveLength(1);
    // The link is stored by specifier.
    expect(storedLinks(cacheDir, 'main.ts')).toEqual({ './db': 'db.js' });
    // Change main.ts only: it is re-analysed with db.js found through the stored link.
    writeFileSync(join(dir, 'main.ts'), "import { run } from './db';\n\nrun(source());\n");
    const second = await scan(dir, ['main.ts', 'db.js'], cacheDir);
    expect(second.log).toEqual(['main.ts']);
    expect(second.hits).toHaveLength(1);
    expect(second.hits[0]!.steps[0]!.line).toBe(3);
  });

  it('a file added that a relative import now names is resolved again, not taken from the cache', async () => {
    const dir = trees.make({
      'main.ts': "import { run } from './db';\nrun(source());\n",
      'db.js': 'export function run(q) { q; }\n',
    });
    const cacheDir = trees.make({});
    const first = await scan(dir, ['main.ts', 'db.js'], cacheDir);
    expect(first.hits).toHaveLength(0);
    // db.ts comes before db.js for `./db`: the stored link to db.js must not be trusted.
    writeFileSync(join(dir, 'db.ts'), 'export function run(q) { sink(q); }\n');
    const second = await scan(dir, ['main.ts', 'db.js', 'db.ts'], cacheDir);
    expect(second.hits).toHaveLength(1);
    expect(storedLinks(cacheDir, 'main.ts')).toEqual({ './db': 'db.ts' });
  });

  it('a file removed that a stored link named leaves the import unresolved', async () => {
    const dir = trees.make({
      'main.ts': "import { run } from './db';\nrun(source());\n",
      'db.ts': 'export function run(q) { sink(q); }\n',
    });
    const cacheDir = trees.make({});
    expect((await scan(dir, ['main.ts', 'db.ts'], cacheDir)).hits).toHaveLength(1);
    rmSync(join(dir, 'db.ts'));
    const second = await scan(dir, ['main.ts'], cacheDir);
    expect(second.hits).toHaveLength(0);
    expect(storedLinks(cacheDir, 'main.ts')).toEqual({ './db': '' });
  });
});

import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProject, type ProjectStats } from '../../../src/scanners/sast/taint/project.js';
import { setLogLimits } from '../../../src/scanners/sast/taint/cache.js';
import { fakeEngine } from './project-fake-engine.js';
import { tmpTrees } from '../../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

// The log is used from any base size here (the default keeps small caches rewritten whole).
let limits: [number, number];
beforeEach(() => {
  limits = setLogLimits(0, 0.9);
});
afterEach(() => {
  setLogLimits(...limits);
});

// routes → controller → db, plus unrelated files so one entry is a small part of the cache.
function project(): Record<string, string> {
  const files: Record<string, string> = {
    'src/db.ts': 'export function run(q) { sink(q); }\n',
    'src/controller.ts': "import { run } from './db';\nexport function list(id) { return run(id); }\n",
    'src/routes.ts': "import { list } from './controller.js';\nlist(source());\n",
  };
  for (let k = 0; k < 12; k++) files[`src/util${k}.ts`] = `export function id${k}(x) { return x; }\n`;
  return files;
}

function setup(files = project()) {
  const dir = trees.make(files);
  const cacheDir = trees.make({});
  let paths = Object.keys(files).sort();
  const run = async () => {
    const log: string[] = [];
    const stats = {} as ProjectStats;
    const res = await runProject(
      paths.map((p) => ({ path: p, absPath: join(dir, p) })),
      { models: [], labels: new Set(['http']), cacheDir, issue: () => undefined, stats, root: dir },
      fakeEngine(log),
    );
    return { ...res, log: log.sort(), stats };
  };
  const write = (p: string, c: string) => {
    writeFileSync(join(dir, p), c);
    if (!paths.includes(p)) paths = [...paths, p].sort();
  };
  const remove = (p: string) => {
    rmSync(join(dir, p));
    paths = paths.filter((x) => x !== p);
  };
  const base = join(cacheDir, 'sast-taint.cache');
  const logFile = join(cacheDir, 'sast-taint.log');
  return { dir, run, write, remove, base, logFile };
}

/** The base file's JSON header (layout in taint/cache.ts). */
function baseHeader(file: string): any {
  const buf = readFileSync(file);
  const first = buf.indexOf(10);
  const second = buf.indexOf(10, first + 1);
  return JSON.parse(buf.toString('utf8', second + 1, second + 1 + Number(buf.toString('utf8', first + 1, second))));
}

const basePaths = (file: string): string[] => baseHeader(file).paths;

describe('taint cache log', () => {
  it('a re-scan after one change appends to the log and leaves the base file as it was', async () => {
    // Files younger than 3 s get no stat print; when they age mid-test every entry gains one and
    // is appended too, so the limit is lifted here.
    setLogLimits(0, 100);
    const p = setup();
    const cold = await p.run();
    const before = readFileSync(p.base);
    expect(existsSync(p.logFile)).toBe(false);
    p.write('src/db.ts', 'export function run(q) { sink(q); }\n// reviewed\n');
    const changed = await p.run();
    expect(changed.log).toEqual(['src/db.ts']);
    expect(readFileSync(p.base).equals(before)).toBe(true);
    const lines = readFileSync(p.logFile, 'utf8').trim().split('\n');
    // The base's id, then the changed entry (and any entry that just gained a stat print).
    expect(Object.keys(JSON.parse(lines[0]!))).toEqual(['base']);
    expect(lines.slice(1).map((l) => JSON.parse(l).p)).toContain('src/db.ts');
    // The next scan takes the entry from the log.
    const warm = await p.run();
    expect(warm.log).toEqual([]);
    expect(warm.stats).toMatchObject({ analysed: 0, reused: 15 });
    expect(warm.hits).toEqual(cold.hits);
  });

  it('an entry whose exports changed reaches its importers through the log', async () => {
    const p = setup();
    await p.run();
    p.write('src/db.ts', 'export function run(q) { return q; }\n');
    const safe = await p.run();
    expect(safe.log).toEqual(['src/controller.ts', 'src/db.ts', 'src/routes.ts']);
    expect(safe.hits).toHaveLength(0);
    p.write('src/db.ts', 'export function run(q) { sink(q); }\n');
    const again = await p.run();
    expect(again.log).toEqual(['src/controller.ts', 'src/db.ts', 'src/routes.ts']);
    expect(again.hits).toHaveLength(1);
    expect((await p.run()).log).toEqual([]);
  });

  it('ignores a torn last line, then rewrites the base and drops the log', async () => {
    const p = setup();
    const cold = await p.run();
    p.write('src/util1.ts', 'export function id1(x) { return x; }\n\n');
    await p.run();
    // A crash in the middle of an append leaves part of a line.
    appendFileSync(p.logFile, '{"p":"src/util2.ts","h":"00');
    const r = await p.run();
    expect(r.log).toEqual([]);
    expect(r.hits).toEqual(cold.hits);
    // A change now is not appended after the torn line: the base is rewritten and the log removed.
    p.write('src/util2.ts', 'export function id2(x) { return x; }\n\n');
    const w = await p.run();
    expect(w.log).toEqual(['src/util2.ts']);
    expect(existsSync(p.logFile)).toBe(false);
    expect((await p.run()).stats).toMatchObject({ analysed: 0, reused: 15 });
  });

  it('a log that names another base file is ignored', async () => {
    const p = setup();
    const cold = await p.run();
    expect(cold.hits).toHaveLength(1);
    // A forged line for routes.ts with its current hash and no hits, in a log of some other base
    // (as a rewrite that stopped before removing the old log leaves it).
    const header = baseHeader(p.base);
    const hash = header.files[header.paths.indexOf('src/routes.ts')][0];
    const consumed = ['src/controller.ts', header.files[header.paths.indexOf('src/controller.ts')][2]];
    const line = { p: 'src/routes.ts', h: hash, s: '', e: '', i: ['./controller.js'], d: consumed, l: null, is: [], r: { hits: [], customHits: [], truncated: [] }, j: '{"functions":{}}' };
    writeFileSync(p.logFile, `${JSON.stringify({ base: `x${header.id}` })}\n${JSON.stringify(line)}\n`);
    const r = await p.run();
    expect(r.log).toEqual([]);
    expect(r.hits).toEqual(cold.hits);
    // The same line in a log of this base is read (so the check above is what kept it out).
    writeFileSync(p.logFile, `${JSON.stringify({ base: header.id })}\n${JSON.stringify(line)}\n`);
    expect((await p.run()).hits).toHaveLength(0);
  });

  it('compaction keeps every entry', async () => {
    const p = setup();
    const cold = await p.run();
    for (let k = 0; k < 4; k++) {
      p.write(`src/util${k}.ts`, `export function id${k}(x) { return x; }\n${'\n'.repeat(k + 1)}`);
      await p.run();
    }
    const logged = readFileSync(p.logFile, 'utf8').trim().split('\n').length;
    expect(logged).toBe(5);
    // A tight limit: the next change cannot be appended, so everything is written to a new base.
    setLogLimits(0, 0.0001);
    p.write('src/util5.ts', 'export function id5(x) { return x; }\n\n');
    expect((await p.run()).log).toEqual(['src/util5.ts']);
    expect(existsSync(p.logFile)).toBe(false);
    expect(basePaths(p.base)).toEqual(Object.keys(project()).sort());
    const warm = await p.run();
    expect(warm.log).toEqual([]);
    expect(warm.stats).toMatchObject({ analysed: 0, reused: 15 });
    expect(warm.hits).toEqual(cold.hits);
  });

  it("drops a deleted file's entry, also when the log held it", async () => {
    const p = setup();
    await p.run();
    p.write('src/util3.ts', 'export function id3(x) { return x; }\n\n');
    await p.run();
    expect(readFileSync(p.logFile, 'utf8')).toContain('src/util3.ts');
    p.remove('src/util3.ts');
    const r = await p.run();
    expect(r.log).toEqual([]);
    expect(existsSync(p.logFile)).toBe(false);
    expect(basePaths(p.base)).not.toContain('src/util3.ts');
    expect(basePaths(p.base)).toHaveLength(14);
  });

  it('a new file that changes where an import resolves re-analyses the importer', async () => {
    const files = project();
    delete files['src/db.ts'];
    files['src/db/index.ts'] = 'export function run(q) { return q; }\n';
    const p = setup(files);
    const cold = await p.run();
    expect(cold.hits).toHaveLength(0);
    // An edit kept in the log first, so the importer's links come from there.
    p.write('src/controller.ts', "import { run } from './db';\nexport function list(id) { return run(id); }\n\n");
    expect((await p.run()).log).toEqual(['src/controller.ts']);
    // './db' now names src/db.ts (a file beats a folder's index).
    p.write('src/db.ts', 'export function run(q) { sink(q); }\n');
    const r = await p.run();
    expect(r.log).toEqual(['src/controller.ts', 'src/db.ts', 'src/routes.ts']);
    expect(r.hits).toHaveLength(1);
    expect((await p.run()).log).toEqual([]);
  });
});

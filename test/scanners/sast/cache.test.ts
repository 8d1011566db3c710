import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TaintModel } from '../../../src/scanners/sast/models/types.js';
import { fakeProject } from './project-fake-engine.js';
import { tmpTrees } from '../../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

// routes → controller → db; util is imported by nobody.
const FILES: Record<string, string> = {
  'src/db.ts': 'export function run(q) { sink(q); }\n',
  'src/controller.ts': "import { run } from './db';\nexport function list(id) { return run(id); }\n",
  'src/routes.ts': "import { list } from './controller.js';\nlist(source());\n",
  'src/util.ts': 'export function id(x) { return x; }\n',
};

/** The cache file's JSON header and exports area (layout in taint/cache.ts). */
function readCache(file: string): { header: any; blob: Buffer } {
  const buf = readFileSync(file);
  const first = buf.indexOf(10);
  const second = buf.indexOf(10, first + 1);
  const len = Number(buf.toString('utf8', first + 1, second));
  return { header: JSON.parse(buf.toString('utf8', second + 1, second + 1 + len)), blob: buf.subarray(second + 1 + len) };
}

function writeCache(file: string, header: unknown, blob: Buffer): void {
  const h = Buffer.from(JSON.stringify(header));
  writeFileSync(file, Buffer.concat([Buffer.from(`rampart-sast-taint 4\n${h.length}\n`), h, blob]));
}

/** The stored tuple of `path` (layout in taint/cache.ts: 8 = result text, 9/10 = exports range). */
function tupleOf(header: any, path: string): any[] {
  const i = header.paths.indexOf(path);
  expect(i).toBeGreaterThanOrEqual(0);
  return header.files[i];
}

const setup = (files = FILES) => fakeProject(trees, files);

describe('taint cache', () => {
  it('reuses every result on a second run without parsing, with the same hits', async () => {
    const p = setup();
    const first = await p.run();
    expect(first.log).toEqual(['src/controller.ts', 'src/db.ts', 'src/routes.ts', 'src/util.ts']);
    expect(first.hits).toHaveLength(1);
    const second = await p.run();
    expect(second.log).toEqual([]);
    expect(second.stats).toMatchObject({ files: 4, analysed: 0, reused: 4 });
    expect(second.hits).toEqual(first.hits);
  });

  it('re-analyses only a changed file when its exports stay the same', async () => {
    const p = setup();
    await p.run();
    // A trailing comment changes the hash, not the exports (steps keep their lines).
    p.write('src/db.ts', 'export function run(q) { sink(q); }\n// reviewed\n');
    const r = await p.run();
    expect(r.log).toEqual(['src/db.ts']);
    expect(r.stats).toMatchObject({ analysed: 1, reused: 3 });
    expect(r.hits).toHaveLength(1);
  });

  it('re-analyses the dependents whose imported exports changed, and stops where exports settle', async () => {
    const p = setup();
    await p.run();
    // db no longer reaches a sink: controller's summary changes, so routes must be re-analysed too.
    p.write('src/db.ts', 'export function run(q) { return q; }\n');
    const r = await p.run();
    expect(r.log).toEqual(['src/controller.ts', 'src/db.ts', 'src/routes.ts']);
    expect(r.hits).toEqual([]);
    // A change in controller that keeps its exports: routes is reused.
    p.write('src/controller.ts', "import { run } from './db';\nexport function list(id) { const x = 1; return run(id); }\n");
    const r2 = await p.run();
    expect(r2.log).toEqual(['src/controller.ts']);
  });

  it('re-analyses an importer when the file it imports appears', async () => {
    const p = setup({ 'src/routes.ts': "import { run } from './db';\nrun(source());\n" });
    const first = await p.run();
    expect(first.hits).toEqual([]);
    p.write('src/db.ts', 'export function run(q) { sink(q); }\n');
    const r = await p.run();
    expect(r.log).toEqual(['src/db.ts', 'src/routes.ts']);
    expect(r.hits).toHaveLength(1);
  });

  it('ignores a corrupt or foreign cache file and replaces it', async () => {
    const p = setup();
    await p.run();
    const [file] = readdirSync(p.cacheDir);
    const good = readFileSync(join(p.cacheDir, file!));
    const junks: (string | Buffer)[] = [
      '{"format":1,"version":', '[1,2,3]', '\u0000\u0001binary', 'rampart-sast-taint 4\n99999\n{}',
      'rampart-sast-taint 4\n2\n[]', good.subarray(0, good.length >> 1), good.subarray(0, 40),
      // the previous layout (keyed entries) is another version: replaced, not misread
      good.toString('latin1').replace('rampart-sast-taint 4', 'rampart-sast-taint 3'),
    ];
    for (const junk of junks) {
      writeFileSync(join(p.cacheDir, file!), junk);
      const r = await p.run();
      expect(r.stats.analysed).toBe(4);
      expect(r.hits).toHaveLength(1);
    }
    expect(readCache(join(p.cacheDir, file!)).header.paths).toContain('src/db.ts');
    expect((await p.run()).stats.reused).toBe(4);
  });

  it('skips a damaged entry but keeps the good ones', async () => {
    const p = setup();
    await p.run();
    const [file] = readdirSync(p.cacheDir);
    const { header, blob } = readCache(join(p.cacheDir, file!));
    header.texts.push('{"hits":"nope"}');
    tupleOf(header, 'src/util.ts')[8] = header.texts.length - 1;
    // and one whose exports point past the end of the file
    tupleOf(header, 'src/routes.ts')[9] = blob.length;
    writeCache(join(p.cacheDir, file!), header, blob);
    const r = await p.run();
    expect(r.log).toEqual(['src/routes.ts', 'src/util.ts']);
  });

  it('does not reuse results made with other models, labels or hooks', async () => {
    const p = setup();
    await p.run();
    const model: TaintModel = { framework: 'x', sinks: [{ id: 'a', kind: 'xss', call: 'a', description: 'a' }] };
    expect((await p.run({ models: [model] })).stats.analysed).toBe(4);
    expect((await p.run({ models: [model] })).stats.analysed).toBe(0);
    expect((await p.run({ models: [model], labels: new Set(['http', 'env']) })).stats.analysed).toBe(4);
    // Hooks without a key are never cached; with a key they are.
    const hooks = { sanitizer: () => false };
    expect((await p.run({ hooks })).stats.analysed).toBe(4);
    expect((await p.run({ hooks })).stats.analysed).toBe(4);
    expect((await p.run({ hooks, hooksKey: 'k1' })).stats.analysed).toBe(4);
    expect((await p.run({ hooks, hooksKey: 'k1' })).stats.analysed).toBe(0);
  });

  it('drops entries of files no longer present, and re-emits cached issues', async () => {
    const p = setup({ ...FILES, 'src/bad.ts': 'export function (((' });
    const first = await p.run();
    expect(first.issues.map((i) => i.path)).toEqual(['src/bad.ts']);
    const second = await p.run();
    expect(second.stats.reused).toBe(5);
    expect(second.issues).toEqual(first.issues);
    rmSync(join(p.dir, 'src/util.ts'));
    await p.run();
    const [file] = readdirSync(p.cacheDir);
    expect([...readCache(join(p.cacheDir, file!)).header.paths].sort())
      .toEqual(['src/bad.ts', 'src/controller.ts', 'src/db.ts', 'src/routes.ts']);
  });

  it('reuses a whole import cycle when nothing in it changed, and re-runs it when one member did', async () => {
    const p = setup({
      'src/a.ts': "import { b } from './b';\nexport function a(x) { b(x); }\n",
      'src/b.ts': "import { c } from './c';\nexport function b(x) { c(x); }\n",
      'src/c.ts': "import { a } from './a';\nexport function c(x) { a(x); }\n",
      'src/main.ts': "import { a } from './a';\na(source());\n",
    });
    const first = await p.run();
    expect(first.hits).toEqual([]);
    expect((await p.run()).stats.analysed).toBe(0);
    p.write('src/c.ts', "import { a } from './a';\nexport function c(x) { a(x); sink(x); }\n");
    const r = await p.run();
    expect(r.hits).toHaveLength(1);
    expect(r.stats.cycleRounds).toBeGreaterThan(1);
    expect(r.stats.cycleRounds).toBeLessThanOrEqual(3);
    expect((await p.run()).stats.analysed).toBe(0);
  });
});

describe('cache layout', () => {
  it('stores a JSON text shared by many files once, and a re-save after one change reads back the same', async () => {
    const files: Record<string, string> = { 'src/db.ts': 'export function run(q) { sink(q); }\n' };
    for (let i = 0; i < 20; i++) files[`src/c${i}.ts`] = `import { run } from './db';\nexport function f${i}(x) { return x; }\n`;
    const p = setup(files);
    const first = await p.run();
    const [file] = readdirSync(p.cacheDir);
    const { header } = readCache(join(p.cacheDir, file!));
    expect(header.paths).toHaveLength(21);
    // 20 files with the same import list, no issues and the same (empty) results share their texts.
    expect(header.texts.length).toBeLessThan(10);
    expect(JSON.parse(header.texts[tupleOf(header, 'src/c7.ts')[3]])).toEqual(['./db']);
    // One file changes (exports kept): only it runs; the next run reuses all, with the same hits.
    p.write('src/c3.ts', "import { run } from './db';\nexport function f3(x) { return x; }\n// edited\n");
    expect((await p.run()).log).toEqual(['src/c3.ts']);
    const again = await p.run();
    expect(again.stats).toMatchObject({ analysed: 0, reused: 21 });
    expect(again.hits).toEqual(first.hits);
    // The consumed exports of a reused importer survived the re-save: a change to db's exports re-runs all 20.
    p.write('src/db.ts', 'export function run(q) { return q; }\n');
    expect((await p.run()).stats.analysed).toBe(21);
  });

  it('a long import chain reused from the cache completes without recursion', async () => {
    const files: Record<string, string> = { 'src/f0.ts': 'export function f0(x) { sink(x); }\n' };
    for (let i = 1; i < 1500; i++) files[`src/f${i}.ts`] = `import { f${i - 1} } from './f${i - 1}';\nexport function f${i}(x) { f${i - 1}(x); }\n`;
    const p = setup(files);
    await p.run();
    const again = await p.run();
    expect(again.stats).toMatchObject({ files: 1500, analysed: 0, reused: 1500 });
  });
});

describe('per-file work beside the taint pass', () => {
  it('runs the perFile module once per parsed file, returns and caches its results', async () => {
    const mod = trees.make({
      'rules.mjs': `export function runPerFile(file, options) {
  globalThis.__perFileCalls = (globalThis.__perFileCalls ?? 0) + 1;
  return { statements: file.program.body.length, tag: options.tag };
}`,
    });
    const p = setup({ ...FILES, 'src/bad.ts': 'export function (((' });
    const perFile = { module: join(mod, 'rules.mjs'), options: { tag: 't' }, key: 'rules-1' };
    const g = globalThis as { __perFileCalls?: number };
    g.__perFileCalls = 0;
    const first = await p.run({ perFile });
    expect(g.__perFileCalls).toBe(4);
    expect(Object.fromEntries(first.perFile)).toEqual({
      'src/controller.ts': { statements: 2, tag: 't' },
      'src/db.ts': { statements: 1, tag: 't' },
      'src/routes.ts': { statements: 2, tag: 't' },
      'src/util.ts': { statements: 1, tag: 't' },
    });
    const second = await p.run({ perFile });
    expect(g.__perFileCalls).toBe(4);
    expect(second.perFile).toEqual(first.perFile);
    // Another key (other rules or options) is another cache.
    await p.run({ perFile: { ...perFile, key: 'rules-2' } });
    expect(g.__perFileCalls).toBe(8);
  });

  it('a perFile module that throws is an issue; the taint results stay', async () => {
    const mod = trees.make({ 'bad.mjs': 'export function runPerFile() { throw new Error("rule crashed"); }' });
    const p = setup();
    const r = await p.run({ perFile: { module: join(mod, 'bad.mjs'), key: 'x' } });
    expect(r.hits).toHaveLength(1);
    expect(r.issues).toHaveLength(4);
    expect(r.issues[0]!.message).toBe('file rules failed: rule crashed');
  });
});

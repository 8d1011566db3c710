import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { TaintCache, type CacheEntry } from '../../../src/scanners/sast/taint/cache.js';
import type { FileResult } from '../../../src/scanners/sast/taint/summary.js';
import { fakeProject } from './project-fake-engine.js';
import { tmpTrees } from '../../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

// routes → controller → db; self.ts imports itself.
const FILES: Record<string, string> = {
  'src/db.ts': 'export function run(q) { sink(q); }\n',
  'src/controller.ts': "import { run } from './db';\nexport function list(id) { return run(id); }\n",
  'src/routes.ts': "import { list } from './controller.js';\nlist(source());\n",
  'src/self.ts': "import { f } from './self';\nexport function f(x) { return x; }\n",
};

const setup = (files = FILES) => fakeProject(trees, files);

describe('re-scan keeps cached work of unchanged files', () => {
  it('an importer re-run only because exports changed keeps its cached per-file result', async () => {
    const mod = trees.make({
      'rules.mjs': `export function runPerFile(file) {
  (globalThis.__keptCalls ??= []).push(file.path);
  return { statements: file.program.body.length };
}`,
    });
    const perFile = { module: join(mod, 'rules.mjs'), key: 'kept-1' };
    const g = globalThis as { __keptCalls?: string[] };
    const p = setup();
    g.__keptCalls = [];
    const first = await p.run({ perFile });
    expect(g.__keptCalls.sort()).toEqual(['src/controller.ts', 'src/db.ts', 'src/routes.ts', 'src/self.ts']);
    // db's exports change: controller and routes are analysed again, but only db's text changed.
    p.write('src/db.ts', 'export function run(q) { sink(q); }\nexport function other(x) { return x; }\n');
    g.__keptCalls = [];
    const second = await p.run({ perFile });
    expect(second.log).toEqual(['src/controller.ts', 'src/db.ts']);
    expect(g.__keptCalls).toEqual(['src/db.ts']);
    expect(second.perFile.get('src/controller.ts')).toEqual(first.perFile.get('src/controller.ts'));
    expect(second.perFile.get('src/db.ts')).toEqual({ statements: 2 });
    expect(second.hits).toEqual(first.hits);
    // And the kept results are saved again: a third run reuses everything.
    g.__keptCalls = [];
    const third = await p.run({ perFile });
    expect(third.stats).toMatchObject({ analysed: 0, reused: 4 });
    expect(g.__keptCalls).toEqual([]);
    expect(third.perFile).toEqual(second.perFile);
  });

  it('a file importing itself is reused on a re-scan, and re-run when its own text changes', async () => {
    const p = setup();
    await p.run();
    const again = await p.run();
    expect(again.stats).toMatchObject({ analysed: 0, reused: 4 });
    p.write('src/self.ts', "import { f } from './self';\nexport function f(x) { return sink(x); }\n");
    const third = await p.run();
    expect(third.log).toEqual(['src/self.ts']);
  });
});

describe('cached exports read on demand', () => {
  const entry = (hash: string, exportsJson: string): CacheEntry => ({
    hash, imports: [], deps: new Map(), exportsHash: hash, issues: [], exportsJson,
    result: { exports: JSON.parse(exportsJson), hits: [], customHits: [], imports: [], truncated: [] } as FileResult,
  });

  it('come from the base file as loaded, even after another scan replaced it', () => {
    const dir = trees.make({});
    const first = TaintCache.load(dir, 'v1');
    first.put('src/a.ts', entry('h1', '{"functions":{"f":{}}}'), true);
    first.put('src/b.ts', entry('h2', '{"functions":{"g":{}}}'), true);
    first.save();
    const loaded = TaintCache.load(dir, 'v1');
    const a = loaded.lookup('src/a.ts', 'h1')!;
    // Another scan rewrites the base (a.ts changed) before this one reads a's exports.
    const other = TaintCache.load(dir, 'v1');
    other.put('src/a.ts', entry('h3', '{"functions":{"x":{}}}'), true);
    other.put('src/b.ts', other.lookup('src/b.ts', 'h2')!, false);
    other.save();
    expect(a.exportsText!()).toBe('{"functions":{"f":{}}}');
    expect(a.result!.exports).toEqual({ functions: { f: {} } });
    // This scan's own rewrite keeps b's stored exports and can still read them afterwards.
    const b = loaded.lookup('src/b.ts', 'h2')!;
    loaded.put('src/b.ts', b, false);
    loaded.save();
    expect(b.exportsText!()).toBe('{"functions":{"g":{}}}');
    const again = TaintCache.load(dir, 'v1');
    expect(again.lookup('src/b.ts', 'h2')!.exportsText!()).toBe('{"functions":{"g":{}}}');
    expect(again.lookup('src/a.ts', 'h1')).toBeUndefined();
  });
});

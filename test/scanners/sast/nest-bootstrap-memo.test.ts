import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestBootstrapMemo } from '../../../src/scanners/sast/models/nest-bootstrap-memo.js';
import { bootstrapCandidate, nestFastify, nestGlobalValidation } from '../../../src/scanners/sast/models/nest.js';
import { tmpTrees } from '../../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

const MAIN = "import { NestFactory } from '@nestjs/core';\nconst app = await NestFactory.create(AppModule);\napp.useGlobalPipes(new ValidationPipe({ transform: true }));\n";

/** One scan's Nest checks through the memo, as index.ts runs them; returns the verdicts and the paths read. */
function scan(dir: string, cache: string, rels: string[]) {
  const files = rels.map((path) => {
    const st = statSync(join(dir, path));
    // ctime cannot be set back: shifted here so the print is trustworthy (it still changes with every write).
    return { path, size: st.size, stat: { mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs - 60_000, ino: st.ino } };
  });
  const memo = NestBootstrapMemo.load(cache);
  const wanted = memo.unknown(files.filter(bootstrapCandidate));
  const read: string[] = [];
  const readNest = (p: string) => {
    read.push(p);
    let t: string | undefined;
    try {
      t = readFileSync(join(dir, p), 'utf8');
    } catch {
      t = undefined;
    }
    memo.note(p, t);
    return t;
  };
  const out = { validation: nestGlobalValidation(wanted, readNest), fastify: nestFastify(wanted, readNest), read: [...new Set(read)].sort() };
  memo.save();
  return out;
}

describe('NestBootstrapMemo', () => {
  it('skips unchanged files holding neither word, and reads them again once changed', () => {
    const dir = trees.make({ 'src/main.ts': MAIN, 'src/a/index.ts': "export * from './x';\n", 'src/b/index.ts': "export * from './y';\n" });
    const cache = trees.make({});
    // Old enough for a trustworthy stat print.
    const old = new Date(Date.now() - 60_000);
    for (const f of ['src/main.ts', 'src/a/index.ts', 'src/b/index.ts']) utimesSync(join(dir, f), old, old);
    const rels = ['src/main.ts', 'src/a/index.ts', 'src/b/index.ts'];
    const first = scan(dir, cache, rels);
    expect(first.validation).toEqual({ transform: true });
    expect(first.read).toEqual(rels.slice().sort());
    // Flagged and clean: the file with the words is still read; the others are not.
    const second = scan(dir, cache, rels);
    expect(second).toEqual({ validation: { transform: true }, fastify: false, read: ['src/main.ts'] });
    // An index.ts that now installs the pipe changes its stat print: read, and it counts.
    writeFileSync(join(dir, 'src/main.ts'), "export const x = 1;\n");
    writeFileSync(join(dir, 'src/a/index.ts'), MAIN);
    utimesSync(join(dir, 'src/main.ts'), old, old);
    utimesSync(join(dir, 'src/a/index.ts'), old, old);
    const third = scan(dir, cache, rels);
    expect(third.validation).toEqual({ transform: true });
    expect(third.read).toContain('src/a/index.ts');
    expect(third.read).not.toContain('src/b/index.ts');
  });

  it('remembers nothing without a cache folder', () => {
    const dir = trees.make({ 'index.ts': 'export {};\n' });
    const st = statSync(join(dir, 'index.ts'));
    const memo = NestBootstrapMemo.load(undefined);
    const f = { path: 'index.ts', size: st.size, stat: { mtimeMs: st.mtimeMs - 60_000, ctimeMs: st.ctimeMs - 60_000, ino: st.ino } };
    expect(memo.unknown([f])).toEqual([f]);
    memo.note('index.ts', 'export {};\n');
    memo.save();
    expect(NestBootstrapMemo.load(undefined).unknown([f])).toEqual([f]);
  });
});

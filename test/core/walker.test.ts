import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { walk, parseSize, type WalkResult } from '../../src/core/walker.js';

const run = promisify(execFile);
import { rmTree, tmpTree } from '../helpers/tmp.js';

const dirs: string[] = [];
const tree = (f: Record<string, string | Buffer>) => {
  const d = tmpTree(f);
  dirs.push(d);
  return d;
};
afterEach(() => {
  while (dirs.length) rmTree(dirs.pop()!);
});
const opts = { exclude: [], maxFileSize: 1024 * 1024 };

/** Runs the built walker as uid 65534 (dist/ is built by `npm test`'s pretest). */
async function walkAsNobody(dir: string): Promise<WalkResult> {
  const walker = pathToFileURL(resolve('dist/core/walker.js')).href;
  const script = `const { walk } = await import(${JSON.stringify(walker)}); process.stdout.write(JSON.stringify(await walk(${JSON.stringify(dir)}, { exclude: [], maxFileSize: 1048576 })));`;
  const { stdout } = await run('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--input-type=module', '-e', script]);
  return JSON.parse(stdout) as WalkResult;
}

describe('walk', () => {
  it('lists files with POSIX relative paths, sorted, skipping .git', async () => {
    const d = tree({ 'b.txt': 'b', 'a/c.js': 'c', '.git/config': 'x', '.env': 'e' });
    const r = await walk(d, opts);
    expect(r.files.map((f) => f.path)).toEqual(['.env', 'a/c.js', 'b.txt']);
    expect(r.files[0]!.absPath).toBe(join(d, '.env'));
  });

  it('honours root and nested .gitignore files', async () => {
    const d = tree({
      '.gitignore': 'dist/\n*.log\n',
      'dist/x.js': 'x',
      'app.log': 'l',
      'src/.gitignore': 'gen/\n!keep.log\n',
      'src/gen/y.js': 'y',
      'src/keep.log': 'k',
      'src/main.js': 'm',
      'other/gen/z.js': 'z',
    });
    const r = await walk(d, opts);
    expect(r.files.map((f) => f.path)).toEqual(['.gitignore', 'other/gen/z.js', 'src/.gitignore', 'src/main.js']);
  });

  it('applies exclude globs and counts them', async () => {
    const d = tree({ 'a/fixture.txt': 'x', 'a/real.txt': 'y', 'vendor/lib.js': 'z' });
    const r = await walk(d, { ...opts, exclude: ['vendor/**', '**/fixture.txt'] });
    expect(r.files.map((f) => f.path)).toEqual(['a/real.txt']);
    expect(r.excluded).toBe(2);
  });

  it('skips files over the size cap, counts and reports them', async () => {
    const d = tree({ 'big.txt': 'x'.repeat(2000), 'small.txt': 'y' });
    const r = await walk(d, { ...opts, maxFileSize: 1000 });
    expect(r.files.map((f) => f.path)).toEqual(['small.txt']);
    expect(r.skippedSize).toBe(1);
    expect(r.issues).toEqual([expect.objectContaining({ path: 'big.txt', kind: 'skipped-size' })]);
  });

  it('does not follow symlinks out of the root and survives loops', async () => {
    const outside = tree({ 'secret.txt': 's' });
    const d = tree({ 'in/a.txt': 'a' });
    symlinkSync(outside, join(d, 'escape'));
    symlinkSync(join(outside, 'secret.txt'), join(d, 'escape-file'));
    symlinkSync(join(d, 'in'), join(d, 'in', 'loop'));
    symlinkSync(join(d, 'nowhere'), join(d, 'broken'));
    const r = await walk(d, opts);
    expect(r.files.map((f) => f.path)).toEqual(['in/a.txt']);
    const kinds = r.issues.map((i) => `${i.path}:${i.kind}`).sort();
    expect(kinds).toEqual(['broken:symlink', 'escape-file:symlink', 'escape:symlink']);
  });

  it('follows a symlinked file inside the root', async () => {
    const d = tree({ 'real.txt': 'r' });
    symlinkSync(join(d, 'real.txt'), join(d, 'link.txt'));
    const r = await walk(d, opts);
    expect(r.files.map((f) => f.path)).toEqual(['link.txt', 'real.txt']);
  });

  it('reports an unreadable directory and goes on', async () => {
    const d = tree({ 'ok.txt': 'o', 'locked/x.txt': 'x' });
    chmodSync(d, 0o755);
    chmodSync(join(d, 'locked'), 0o000);
    try {
      // Root reads everything, so as root the walk runs as an unprivileged user.
      const r = process.getuid?.() === 0 ? await walkAsNobody(d) : await walk(d, opts);
      expect(r.files.map((f) => f.path)).toEqual(['ok.txt']);
      expect(r.issues[0]).toMatchObject({ path: 'locked', kind: 'unreadable', message: expect.stringContaining('permission denied') });
    } finally {
      chmodSync(join(d, 'locked'), 0o755);
    }
  });

  it('handles an empty directory', async () => {
    const d = tree({});
    mkdirSync(join(d, 'empty'));
    const r = await walk(d, opts);
    expect(r.files).toEqual([]);
    expect(r.issues).toEqual([]);
  });
});

describe('parseSize', () => {
  it.each([
    ['10MB', 10 * 1024 * 1024],
    ['512k', 512 * 1024],
    ['1.5GB', 1.5 * 1024 ** 3],
    ['2048', 2048],
    [4096, 4096],
  ])('%s', (v, n) => expect(parseSize(v)).toBe(n));
  it('rejects nonsense', () => expect(() => parseSize('lots')).toThrow(/not a size/));
});

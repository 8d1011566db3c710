import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.js';
import { detectors as github } from '../../../../src/scanners/secrets/detectors/github.js';
import { SecretEngine } from '../../../../src/scanners/secrets/engine.js';
import { stagedFiles } from '../../../../src/scanners/secrets/git/staged.js';
import { cleanupGitFixtures, gitRepo, isolateGitConfig } from '../../../helpers/git-fixture.js';
import { ghpToken } from './tokens.js';

isolateGitConfig();
afterAll(cleanupGitFixtures);

const A = ghpToken('staged-a');
const engine = new SecretEngine(github);
const asText = (files: { path: string; content: Buffer }[]) => files.map((f) => [f.path, f.content.toString('utf8')]);

describe('stagedFiles', () => {
  it('returns the staged content, not the working tree', async () => {
    const repo = await gitRepo({
      commits: [{ files: { 'a.env': 'A=1\n', 'b.env': 'B=1\n', 'gone.txt': 'x\n' } }],
      staged: { 'a.env': `A=${A}\n` },
      // After staging, the secret is removed in the working tree only: the commit would still carry it.
      worktree: { 'a.env': 'A=1\n', 'b.env': `B=${A}\n` },
    });
    const files = await stagedFiles(repo.dir);
    expect(asText(files)).toEqual([['a.env', `A=${A}\n`]]);
    expect(engine.scan(files[0]!.content).map((m) => m.secret)).toEqual([A]);
  });

  it('lists added, modified and renamed files but not deletions or unchanged files', async () => {
    const repo = await gitRepo({ commits: [{ files: { 'keep.txt': 'k\n', 'mod.txt': 'm\n', 'del.txt': 'd\n', 'mv.txt': 'r\n' } }] });
    await writeFile(join(repo.dir, 'mod.txt'), 'm2\n');
    await writeFile(join(repo.dir, 'new file ünïcode.txt'), 'n\n');
    await repo.git('rm', '-q', 'del.txt');
    await repo.git('mv', 'mv.txt', 'moved.txt');
    await repo.git('add', 'mod.txt', 'new file ünïcode.txt');
    expect(asText(await stagedFiles(repo.dir)).sort()).toEqual(
      [
        ['mod.txt', 'm2\n'],
        ['moved.txt', 'r\n'],
        ['new file ünïcode.txt', 'n\n'],
      ].sort(),
    );
  });

  it('works before the first commit', async () => {
    const repo = await gitRepo({ staged: { 'init.env': `T=${A}\n`, 'dir/new\nline.txt': 'x' } });
    expect(asText(await stagedFiles(repo.dir)).sort()).toEqual(
      [
        ['dir/new\nline.txt', 'x'],
        ['init.env', `T=${A}\n`],
      ].sort(),
    );
  });

  it('returns nothing when nothing is staged', async () => {
    const repo = await gitRepo({ commits: [{ files: { 'a.txt': 'a\n' } }], worktree: { 'a.txt': `${A}\n` } });
    expect(await stagedFiles(repo.dir)).toEqual([]);
  });

  it('keeps identical staged files apart', async () => {
    const repo = await gitRepo({ staged: { 'x.env': `T=${A}\n`, 'y.env': `T=${A}\n` } });
    expect((await stagedFiles(repo.dir)).map((f) => f.path)).toEqual(['x.env', 'y.env']);
  });

  it('limits to a subdirectory, with paths relative to it', async () => {
    const repo = await gitRepo({ staged: { 'svc/a.env': 'a', 'other/b.env': 'b' } });
    expect(asText(await stagedFiles(join(repo.dir, 'svc')))).toEqual([['a.env', 'a']]);
  });

  it('throws InputError outside a git repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-nogit-'));
    try {
      const err = await stagedFiles(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toContain('not a git repository');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

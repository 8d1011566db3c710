import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { git, GitError, gitText, hasCommits, isGitRepo, isShallow, repoPrefix, repoRoot, revParse, spawnGit } from '../../src/core/git.js';
import { cleanupGitFixtures, cloneRepo, gitRepo, isolateGitConfig } from '../helpers/git-fixture.js';

isolateGitConfig();
afterAll(cleanupGitFixtures);

describe('git wrapper', () => {
  it('tells git repositories from other directories', async () => {
    const repo = await gitRepo();
    const plain = mkdtempSync(join(tmpdir(), 'rampart-nogit-'));
    try {
      expect(await isGitRepo(repo.dir)).toBe(true);
      expect(await isGitRepo(plain)).toBe(false);
      expect(await isGitRepo(join(plain, 'does-not-exist'))).toBe(false);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it('finds the top level and prefix from a subdirectory', async () => {
    const repo = await gitRepo({ commits: [{ files: { 'a/b/c.txt': 'c' } }] });
    const sub = join(repo.dir, 'a', 'b');
    expect(await repoRoot(sub)).toBe(realpathSync(repo.dir));
    expect(await repoPrefix(sub)).toBe('a/b/');
    expect(await repoPrefix(repo.dir)).toBe('');
  });

  it('detects shallow clones', async () => {
    const src = await gitRepo({ commits: [{ files: { a: '1' } }, { files: { a: '2' } }] });
    expect(await isShallow(src.dir)).toBe(false);
    const clone = await cloneRepo(src.dir, { depth: 1 });
    expect(await isShallow(clone.dir)).toBe(true);
  });

  it('resolves revisions to commits and returns null for unknown ones', async () => {
    const repo = await gitRepo({ commits: [{ files: { a: '1' }, tag: 'v1' }, { files: { a: '2' } }] });
    await repo.git('tag', '-a', '-m', 'annotated', 'v1a', repo.shas[0]!);
    expect(await revParse(repo.dir, 'HEAD')).toBe(repo.shas[1]);
    expect(await revParse(repo.dir, 'HEAD~1')).toBe(repo.shas[0]);
    expect(await revParse(repo.dir, 'v1a')).toBe(repo.shas[0]); // peeled to the commit
    expect(await revParse(repo.dir, 'v1a', 'none')).not.toBe(repo.shas[0]); // the tag object
    expect(await revParse(repo.dir, 'nope')).toBeNull();
    expect(await revParse(repo.dir, '--output=/tmp/x')).toBeNull();
    expect(await hasCommits(repo.dir)).toBe(true);
    expect(await hasCommits((await gitRepo()).dir)).toBe(false);
  });

  it('returns raw UTF-8 paths (core.quotepath=off)', async () => {
    const repo = await gitRepo({ commits: [{ files: { 'ключ файл.txt': 'x', 'new\nline': 'y' } }] });
    expect(await gitText(['ls-files'], { cwd: repo.dir })).toContain('ключ файл.txt');
    const z = await git(['ls-files', '-z'], { cwd: repo.dir });
    expect(z.stdout.toString('utf8').split('\0')).toContain('new\nline');
  });

  it('raises GitError with git message, and accepts listed exit codes', async () => {
    const repo = await gitRepo();
    const err = await git(['rev-parse', '--verify', 'nope'], { cwd: repo.dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).status).toBe(128);
    expect((err as Error).message).toMatch(/rev-parse.*Needed a single revision/);
    await writeFile(join(repo.dir, 'f'), 'x');
    await repo.git('add', 'f');
    const r = await git(['diff', '--cached', '--quiet'], { cwd: repo.dir, okCodes: [1] });
    expect(r.code).toBe(1);
  });

  it('passes stdin and never uses a shell', async () => {
    const repo = await gitRepo();
    const oid = await gitText(['hash-object', '--stdin'], { cwd: repo.dir, input: 'hello $(touch pwned) `x`\n' });
    expect(oid).toMatch(/^[0-9a-f]{40}$/);
    expect(existsSync(join(repo.dir, 'pwned'))).toBe(false);
    const dir = join(repo.dir, 'sub dir; rm -rf x');
    await mkdir(dir);
    expect(await isGitRepo(dir)).toBe(true);
  });

  it('streams a long-running process and reports its failure', async () => {
    const repo = await gitRepo({ commits: [{ files: { a: 'hello\n' } }] });
    const ok = spawnGit(['cat-file', '--batch'], { cwd: repo.dir });
    ok.child.stdin.end('HEAD:a\n');
    let out = '';
    for await (const c of ok.child.stdout) out += String(c);
    await ok.done;
    expect(out).toMatch(/^[0-9a-f]{40} blob 6\nhello\n\n$/);
    const bad = spawnGit(['log', 'no-such-rev'], { cwd: repo.dir });
    for await (const _ of bad.child.stdout) void _;
    await expect(bad.done).rejects.toBeInstanceOf(GitError);
  });
});

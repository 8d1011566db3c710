import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { DEFAULT_HOOK_COMMAND, HOOK_MARKER, installHook } from '../../src/core/hook.js';
import { cleanupGitFixtures, gitRepo, isolateGitConfig, runGit } from '../helpers/git-fixture.js';

isolateGitConfig();
afterAll(cleanupGitFixtures);

const FOREIGN = '#!/bin/sh\necho "lint"\n';

describe('installHook', () => {
  it('installs an executable pre-commit hook running rampart scan --staged', async () => {
    const repo = await gitRepo({ commits: [{ files: { 'a.txt': 'a\n' } }] });
    const r = await installHook(repo.dir);
    expect(r).toEqual({ path: join(repo.dir, '.git', 'hooks', 'pre-commit'), action: 'installed' });
    const text = await readFile(r.path, 'utf8');
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(text).toContain(HOOK_MARKER);
    expect(text).toContain(`exec ${DEFAULT_HOOK_COMMAND}\n`);
    expect(DEFAULT_HOOK_COMMAND).toBe('npx --no-install rampart scan --staged');
    expect((await stat(r.path)).mode & 0o777).toBe(0o755);
  });

  it('is idempotent, and updates its own hook when the command changes', async () => {
    const repo = await gitRepo();
    expect((await installHook(repo.dir)).action).toBe('installed');
    expect((await installHook(repo.dir)).action).toBe('exists');
    const u = await installHook(repo.dir, { command: 'node ./bin/rampart.js scan --staged' });
    expect(u.action).toBe('updated');
    expect(await readFile(u.path, 'utf8')).toContain('exec node ./bin/rampart.js scan --staged');
    expect((await installHook(repo.dir, { command: 'node ./bin/rampart.js scan --staged' })).action).toBe('exists');
  });

  it('refuses to replace a foreign hook without force, and keeps a backup with force', async () => {
    const repo = await gitRepo();
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    await mkdir(join(repo.dir, '.git', 'hooks'), { recursive: true });
    await writeFile(hook, FOREIGN, { mode: 0o755 });

    const err = await installHook(repo.dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).path).toBe(hook);
    expect((err as Error).message).toContain('--force');
    expect(await readFile(hook, 'utf8')).toBe(FOREIGN);

    const r = await installHook(repo.dir, { force: true });
    expect(r.action).toBe('installed');
    expect(r.backup).toBe(join(repo.dir, '.git', 'hooks', 'pre-commit.rampart-backup'));
    expect(await readFile(r.backup!, 'utf8')).toBe(FOREIGN);
    expect(await readFile(hook, 'utf8')).toContain(HOOK_MARKER);
    // Our own hook now: no force needed, nothing to back up.
    expect(await installHook(repo.dir)).toEqual({ path: hook, action: 'exists' });

    // A second forced replacement never overwrites the first backup.
    await writeFile(hook, '#!/bin/sh\necho other\n');
    const again = await installHook(repo.dir, { force: true });
    expect(again.backup).toBe(join(repo.dir, '.git', 'hooks', 'pre-commit.rampart-backup.1'));
    expect(await readFile(r.backup!, 'utf8')).toBe(FOREIGN);
  });

  it('honours core.hooksPath', async () => {
    const repo = await gitRepo({ config: { 'core.hooksPath': '.githooks' } });
    const r = await installHook(repo.dir);
    expect(r.path).toBe(join(repo.dir, '.githooks', 'pre-commit'));
    expect(await readFile(r.path, 'utf8')).toContain(HOOK_MARKER);
  });

  it('installs into the shared hooks of a linked worktree', async () => {
    const repo = await gitRepo({ commits: [{ files: { 'a.txt': 'a\n' } }] });
    const wt = mkdtempSync(join(tmpdir(), 'rampart-wt-'));
    try {
      await repo.git('worktree', 'add', '-q', join(wt, 'w'), '-b', 'wt');
      const r = await installHook(join(wt, 'w'));
      expect(r.path).toBe(join(repo.dir, '.git', 'hooks', 'pre-commit'));
    } finally {
      rmSync(wt, { recursive: true, force: true });
    }
  });

  it('blocks the commit when the command fails and lets it through when it passes', async () => {
    const repo = await gitRepo({ commits: [{ files: { 'a.txt': 'a\n' } }] });
    await installHook(repo.dir, { command: 'sh -c "exit 1"' });
    await writeFile(join(repo.dir, 'b.txt'), 'b\n');
    await repo.git('add', 'b.txt');
    await expect(runGit(repo.dir, ['commit', '-q', '-m', 'blocked'])).rejects.toThrow();
    await installHook(repo.dir, { command: 'true' });
    await runGit(repo.dir, ['commit', '-q', '-m', 'allowed']);
    expect(await repo.git('log', '-1', '--format=%s')).toBe('allowed');
  });

  it('throws InputError outside a git repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-nogit-'));
    try {
      await expect(installHook(dir)).rejects.toBeInstanceOf(InputError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

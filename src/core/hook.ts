import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { InputError } from './errors.js';
import { gitText, isGitRepo } from './git.js';

/** The line that marks a pre-commit hook as ours; re-installs and upgrades look for it. */
export const HOOK_MARKER = '# rampart-managed-hook: installed by `rampart hook install`';
export const DEFAULT_HOOK_COMMAND = 'npx --no-install rampart scan --staged';
export const HOOK_BACKUP_NAME = 'pre-commit.rampart-backup';

export interface InstallHookOptions {
  /** Replace a pre-commit hook Rampart did not write (it is kept as pre-commit.rampart-backup). */
  force?: boolean;
  /** Shell command the hook runs; default {@link DEFAULT_HOOK_COMMAND}. */
  command?: string;
}

export interface InstallHookResult {
  /** Absolute path of the hook file. */
  path: string;
  /**
   * installed: written where there was no hook, or over a foreign hook with force;
   * updated: our earlier hook rewritten (different command or Rampart version);
   * exists: our hook was already there, identical; nothing written.
   */
  action: 'installed' | 'updated' | 'exists';
  /** Where a foreign hook was moved to (force only). */
  backup?: string;
}

/** The hook script: POSIX sh, so it runs under Git for Windows too. */
export function hookScript(command = DEFAULT_HOOK_COMMAND): string {
  return [
    '#!/bin/sh',
    HOOK_MARKER,
    '# Scans the staged changes for secrets; a finding at or above the policy (--fail-on) blocks',
    '# the commit. Skip once with `git commit --no-verify`; remove with `rm` on this file.',
    `exec ${command}`,
    '',
  ].join('\n');
}

/**
 * Writes an executable pre-commit hook that runs `rampart scan --staged`; its exit code is the
 * hook's, so a policy violation stops the commit. The hooks folder comes from
 * `git rev-parse --git-path hooks`, which honours `core.hooksPath` and linked worktrees (they
 * share the main repository's hooks). Idempotent: our hook is recognised by {@link HOOK_MARKER}.
 * A different existing hook is left alone (InputError naming it) unless `force`, which moves it
 * to `pre-commit.rampart-backup` (or `.1`, `.2`, ... if that is taken) first.
 */
export async function installHook(root: string, opts: InstallHookOptions = {}): Promise<InstallHookResult> {
  if (!(await isGitRepo(root))) throw new InputError(root, 'not a git repository; `rampart hook install` needs one');
  const command = opts.command?.trim() || DEFAULT_HOOK_COMMAND;
  if (/[\r\n]/.test(command)) throw new InputError(root, 'the hook command must be a single line');

  const hooksRel = await gitText(['rev-parse', '--git-path', 'hooks'], { cwd: root });
  const hooksDir = isAbsolute(hooksRel) ? hooksRel : resolve(root, hooksRel);
  const path = join(hooksDir, 'pre-commit');
  const script = hookScript(command);

  const existing = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw new InputError(path, `cannot read the existing pre-commit hook: ${e.message}`);
  });

  if (existing !== null && existing.includes(HOOK_MARKER)) {
    if (existing === script) {
      await ensureExecutable(path);
      return { path, action: 'exists' };
    }
    await write(path, script);
    return { path, action: 'updated' };
  }

  let backup: string | undefined;
  if (existing !== null) {
    if (!opts.force) {
      throw new InputError(
        path,
        `a pre-commit hook that Rampart did not write is already installed; rerun with --force to replace it ` +
          `(it is kept as ${HOOK_BACKUP_NAME}), or add \`${command}\` to it yourself`,
      );
    }
    backup = await freeName(join(hooksDir, HOOK_BACKUP_NAME));
    await rename(path, backup);
  }
  await mkdir(hooksDir, { recursive: true });
  await write(path, script);
  return backup ? { path, action: 'installed', backup } : { path, action: 'installed' };
}

async function write(path: string, script: string): Promise<void> {
  await writeFile(path, script, { mode: 0o755 });
  await chmod(path, 0o755); // mode is only applied on create, and the umask may strip bits
}

async function ensureExecutable(path: string): Promise<void> {
  const s = await stat(path);
  if ((s.mode & 0o111) !== 0o111) await chmod(path, s.mode | 0o755);
}

async function freeName(base: string): Promise<string> {
  for (let i = 0; ; i++) {
    const name = i === 0 ? base : `${base}.${i}`;
    const taken = await stat(name).then(
      () => true,
      () => false,
    );
    if (!taken) return name;
  }
}

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// RAMPART_TEST_BIN: a private build's launcher (helpers build outside dist/, which others may be using).
export const BIN = process.env.RAMPART_TEST_BIN ?? join(REPO_ROOT, 'bin', 'rampart.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (dist/, built by `npm test`'s pretest) as a user would. */
export function runCli(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; unprivileged?: boolean } = {},
): Promise<CliResult> {
  // Root reads every file; to test unreadable files as root, drop to uid 65534.
  const drop = opts.unprivileged && process.getuid?.() === 0;
  const cmd = drop ? 'setpriv' : process.execPath;
  const argv = drop
    ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...args]
    : [BIN, ...args];
  return new Promise((resolve) => {
    execFile(
      cmd,
      argv,
      {
        cwd: opts.cwd ?? REPO_ROOT,
        env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...opts.env },
        maxBuffer: 256 * 1024 * 1024,
        timeout: opts.timeoutMs ?? 120_000,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 99) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

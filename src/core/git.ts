import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { RampartError } from './errors.js';
import { trimEndChars } from './trim.js';

/**
 * A small wrapper around the git CLI. Git always runs with an argument array (never a shell
 * string), with `core.quotepath=off` so paths come back as raw UTF-8, and without a terminal
 * prompt. Revisions from users are resolved with `rev-parse --verify --end-of-options` before
 * they reach any other git command, so a value like `--output=x` is never read as an option.
 */

/** Output cap for buffered git commands; streaming commands ({@link spawnGit}) have none. */
export const GIT_MAX_BUFFER = 512 * 1024 * 1024;

/** Options every git invocation gets before the subcommand. */
const BASE_ARGS = ['-c', 'core.quotepath=off', '-c', 'color.ui=false'];

/** Git failed: names the command and carries git's own message. Exit 2 like other input errors. */
export class GitError extends RampartError {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
    /** git's exit status; null when git did not run or was killed. */
    readonly status: number | null,
    message?: string,
  ) {
    super('E_GIT', message ?? `git ${args.join(' ')} failed${status !== null ? ` (exit ${status})` : ''}: ${firstLines(stderr)}`);
    this.name = 'GitError';
  }
}

function firstLines(s: string, n = 3): string {
  const lines = s.trim().split('\n').slice(0, n).join(' / ');
  return lines || 'no message';
}

function gitEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // No prompts (credentials, pagers) and plain English messages we can recognise.
  return { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C', LANGUAGE: 'C', ...extra };
}

export interface GitOptions {
  cwd: string;
  /** Written to git's stdin. */
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  /** Exit codes accepted as success besides 0 (e.g. `git diff --quiet`'s 1). */
  okCodes?: number[];
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** Runs git to completion and buffers its output. Throws GitError on failure or a missing git. */
export function git(args: readonly string[], opts: GitOptions): Promise<GitResult> {
  const full = [...BASE_ARGS, ...args];
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      full,
      { cwd: opts.cwd, env: gitEnv(opts.env), encoding: 'buffer', maxBuffer: GIT_MAX_BUFFER, windowsHide: true },
      (err, stdout, stderrBuf) => {
        const stderr = stderrBuf.toString('utf8');
        if (!err) return resolve({ stdout, stderr, code: 0 });
        const e = err as NodeJS.ErrnoException & { code?: string | number };
        if (e.code === 'ENOENT') return reject(spawnFailure(args, opts.cwd));
        if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          return reject(new GitError(args, stderr, null, `git ${args[0] ?? ''} produced more than ${GIT_MAX_BUFFER} bytes of output`));
        }
        const code = typeof e.code === 'number' ? e.code : null;
        if (code !== null && opts.okCodes?.includes(code)) return resolve({ stdout, stderr, code });
        reject(new GitError(args, stderr, code, explain(args, stderr, code)));
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** ENOENT from spawn means either no git binary or no such working directory. */
function spawnFailure(args: readonly string[], cwd: string): GitError {
  if (cwd && !existsSync(cwd)) return new GitError(args, '', null, `${cwd}: no such directory`);
  return new GitError(args, '', null, 'git is not installed or not on PATH; Rampart needs the git CLI for this command');
}

/** Runs git and returns stdout as trimmed UTF-8 text. */
export async function gitText(args: readonly string[], opts: GitOptions): Promise<string> {
  const r = await git(args, opts);
  return trimEndChars(r.stdout.toString('utf8'), '\n');
}

/** Adds a hint for failures with a known fix. */
function explain(args: readonly string[], stderr: string, code: number | null): string | undefined {
  if (/detected dubious ownership/.test(stderr)) {
    return `git refuses to read this repository because another user owns it; run \`git config --global --add safe.directory <path>\` if you trust it (${firstLines(stderr, 1)})`;
  }
  return `git ${args.join(' ')} failed${code !== null ? ` (exit ${code})` : ''}: ${firstLines(stderr)}`;
}

export interface GitProcess {
  child: ChildProcessWithoutNullStreams;
  /** Resolves when git exits 0; rejects with GitError (carrying its stderr) otherwise. */
  done: Promise<void>;
}

/**
 * Starts a long-running git process for streaming (log, cat-file --batch). The caller reads
 * `child.stdout`, writes `child.stdin`, and awaits `done` for the exit status.
 */
export function spawnGit(args: readonly string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): GitProcess {
  const child = spawn('git', [...BASE_ARGS, ...args], { cwd: opts.cwd, env: gitEnv(opts.env), stdio: 'pipe', windowsHide: true });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    if (stderr.length < 64 * 1024) stderr += d;
  });
  // A closed stdin (git exited early) must surface through `done`, not crash the process.
  child.stdin.on('error', () => {});
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'ENOENT' ? spawnFailure(args, opts.cwd) : new GitError(args, String(err.message), null));
    });
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new GitError(args, stderr, code, signal ? `git ${args[0] ?? ''} was stopped by ${signal}` : explain(args, stderr, code)));
    });
  });
  done.catch(() => {}); // callers await it; avoid an unhandled rejection if they bail out first
  return { child, done };
}

/** True when dir is inside a git work tree or git directory (bare repositories included). */
export async function isGitRepo(dir: string): Promise<boolean> {
  try {
    await git(['rev-parse', '--git-dir'], { cwd: dir });
    return true;
  } catch (e) {
    if (e instanceof GitError && (e.status !== null || !existsSync(dir))) return false;
    throw e;
  }
}

/** Absolute path of the work tree's top level (POSIX separators from git). */
export function repoRoot(dir: string): Promise<string> {
  return gitText(['rev-parse', '--show-toplevel'], { cwd: dir });
}

/** Path of dir relative to the top level, with a trailing slash ('' at the top level). */
export function repoPrefix(dir: string): Promise<string> {
  return gitText(['rev-parse', '--show-prefix'], { cwd: dir });
}

/** True for a shallow clone (history cut at a depth; older commits are missing). */
export async function isShallow(root: string): Promise<boolean> {
  return (await gitText(['rev-parse', '--is-shallow-repository'], { cwd: root })) === 'true';
}

/**
 * Full object id of a revision, or null when it does not resolve. `peel` appends `^{commit}`
 * (the default), so tags resolve to the commit they point at.
 */
export async function revParse(root: string, rev: string, peel: 'commit' | 'none' = 'commit'): Promise<string | null> {
  const spec = peel === 'commit' ? `${rev}^{commit}` : rev;
  const r = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', spec], { cwd: root, okCodes: [1, 128] });
  if (r.code !== 0) return null;
  const out = r.stdout.toString('utf8').trim();
  return out || null;
}

/** True when the repository has at least one commit reachable from any ref or HEAD. */
export async function hasCommits(root: string): Promise<boolean> {
  const r = await git(['rev-list', '-n', '1', '--all'], { cwd: root });
  return r.stdout.length > 0;
}

/**
 * Real git repositories in temp directories, built from a plain description, for tests.
 *
 *   const repo = await gitRepo({
 *     commits: [
 *       { files: { '.env': `TOKEN=${token}\n` }, author: { name: 'Ada', email: 'ada@example.com' } },
 *       { delete: ['.env'], message: 'remove secret' },
 *     ],
 *     branches: { feature: { from: 0, commits: [{ files: { 'x.txt': 'x' } }] } },
 *   });
 *   repo.shas[0];              // sha of the first commit
 *   repo.branchShas.feature;   // shas of the branch's commits
 *   await repo.git('log', '--oneline');
 *   await repo.cleanup();      // or cleanupGitFixtures() in afterAll
 *
 * Everything is deterministic: author/committer identity and dates come from the description
 * (defaults below), and git runs with no system or global config (GIT_CONFIG_NOSYSTEM,
 * GIT_CONFIG_GLOBAL=/dev/null, a private HOME), so the machine's git setup cannot leak in.
 * Code under test that runs git itself uses process.env: call isolateGitConfig() in the test file
 * to give it the same isolation. Commits never run hooks (--no-verify) and are never signed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface FixtureAuthor {
  name: string;
  email: string;
}

export interface FixtureCommit {
  /** Files to write (path -> content), relative to the repo. Any characters git allows, including spaces, unicode and newlines. */
  files?: Record<string, string | Buffer>;
  /** Paths to delete. */
  delete?: string[];
  /** Paths to move (from -> to); content is kept, so git sees a rename. */
  rename?: Record<string, string>;
  /** Commit message; default `commit <n>`. */
  message?: string;
  /** Author; default {@link DEFAULT_AUTHOR}. The committer is always the default identity. */
  author?: FixtureAuthor;
  /**
   * Author and committer date, ISO 8601 (`2024-05-01T12:00:00Z`, `2024-05-01T12:00:00+02:00`).
   * Default: 2024-01-01T00:00:00Z plus one hour per commit made so far, so later commits are newer.
   */
  date?: string;
  /**
   * Branch this commit goes on; default: the default branch. A branch that does not exist yet
   * starts at the current HEAD (the previous commit).
   */
  branch?: string;
  /**
   * Make this a merge commit (--no-ff) of the named branch into `branch`. `files`/`delete` of the
   * same entry are applied on top of the merge result, which makes an "evil" merge or resolves a
   * conflict.
   */
  merge?: string;
  /** Lightweight tag to put on this commit. */
  tag?: string;
}

export interface FixtureBranch {
  /** Start point: an index into `commits` (that commit's sha) or any revision; default the default branch's tip. */
  from?: number | string;
  commits: FixtureCommit[];
}

export interface FixtureSpec {
  /** Commits in order (most on the default branch; see FixtureCommit.branch). */
  commits?: FixtureCommit[];
  /** Extra branches, created after `commits`, each with its own commits. */
  branches?: Record<string, FixtureBranch>;
  /** Default branch name; default 'main'. It is checked out at the end. */
  defaultBranch?: string;
  /** Written and staged (`git add`) after all commits, not committed. */
  staged?: Record<string, string | Buffer>;
  /** Written to the working tree last, not staged. */
  worktree?: Record<string, string | Buffer>;
  /** Extra `git config` entries for the repo (key -> value). */
  config?: Record<string, string>;
}

export interface GitFixture {
  /** Absolute path of the work tree. */
  dir: string;
  /** sha of each entry of `commits`, same index. */
  shas: string[];
  /** sha of each commit on each of `branches`, same index. */
  branchShas: Record<string, string[]>;
  /** Runs git in the repo with the fixture's isolated environment; returns trimmed stdout. */
  git(...args: string[]): Promise<string>;
  /** Removes the repo directory. */
  cleanup(): Promise<void>;
}

export const DEFAULT_AUTHOR: FixtureAuthor = { name: 'Rampart Test', email: 'test@rampart.invalid' };
const BASE_DATE = Date.parse('2024-01-01T00:00:00Z');

const created = new Set<string>();
let home: string | undefined;

/** Environment for git in fixtures: no system/global config, fixed identity, no prompts. */
export function gitTestEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  home ??= mkdtempSync(join(tmpdir(), 'rampart-git-home-'));
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: DEFAULT_AUTHOR.name,
    GIT_AUTHOR_EMAIL: DEFAULT_AUTHOR.email,
    GIT_COMMITTER_NAME: DEFAULT_AUTHOR.name,
    GIT_COMMITTER_EMAIL: DEFAULT_AUTHOR.email,
    LC_ALL: 'C',
    ...extra,
  };
}

/**
 * Gives git run by the code under test (which inherits process.env) the same isolation as the
 * fixtures. Call once at the top of a test file; vitest runs each file in its own worker.
 */
export function isolateGitConfig(): void {
  const env = gitTestEnv();
  for (const k of ['HOME', 'XDG_CONFIG_HOME', 'GIT_CONFIG_NOSYSTEM', 'GIT_CONFIG_GLOBAL', 'GIT_TERMINAL_PROMPT'] as const) {
    process.env[k] = env[k];
  }
}

/** Runs git with the fixture environment in cwd; returns stdout without the trailing newline. */
export function runGit(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: gitTestEnv(env), maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`git ${args.join(' ')} failed in ${cwd}: ${stderr || err.message}`));
      else resolve(stdout.replace(/\n$/, ''));
    });
  });
}

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.add(dir);
  return dir;
}

/** Builds a repository from spec (an empty spec gives a repo with no commits). */
export async function gitRepo(spec: FixtureSpec = {}): Promise<GitFixture> {
  const dir = tempDir('rampart-git-');
  const main = spec.defaultBranch ?? 'main';
  await runGit(dir, ['init', '-q']);
  await runGit(dir, ['symbolic-ref', 'HEAD', `refs/heads/${main}`]);
  for (const [k, v] of Object.entries({ 'commit.gpgsign': 'false', 'tag.gpgsign': 'false', 'core.autocrlf': 'false', ...spec.config })) {
    await runGit(dir, ['config', k, v]);
  }

  let n = 0; // commits made so far, for default dates and messages
  let current = main; // checked-out branch
  const exists = async (branch: string) =>
    runGit(dir, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]).then(
      () => true,
      () => false,
    );
  const switchTo = async (branch: string) => {
    if (branch === current) return;
    // On an unborn default branch there is nothing to check out yet.
    if (await exists(branch)) await runGit(dir, ['checkout', '-q', branch]);
    else await runGit(dir, ['checkout', '-q', '-b', branch]);
    current = branch;
  };

  const commit = async (c: FixtureCommit, branch: string): Promise<string> => {
    await switchTo(branch);
    const date = c.date ?? new Date(BASE_DATE + n * 3600_000).toISOString().replace('.000Z', 'Z');
    const author = c.author ?? DEFAULT_AUTHOR;
    const env = { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    n++;
    if (c.merge) {
      // May stop on a conflict; the entry's files resolve it, and the commit below fails if they do not.
      await runGit(dir, ['merge', '-q', '--no-ff', '--no-commit', c.merge], env).catch(() => undefined);
    }
    await applyChanges(dir, c);
    await runGit(dir, ['add', '-A', '--', '.']);
    const msg = c.message ?? `commit ${n}`;
    await runGit(dir, ['commit', '-q', '--allow-empty', '--no-verify', '-m', msg], env);
    const sha = await runGit(dir, ['rev-parse', 'HEAD']);
    if (c.tag) await runGit(dir, ['tag', c.tag, sha]);
    return sha;
  };

  const shas: string[] = [];
  for (const c of spec.commits ?? []) shas.push(await commit(c, c.branch ?? main));

  const branchShas: Record<string, string[]> = {};
  for (const [name, b] of Object.entries(spec.branches ?? {})) {
    const from = typeof b.from === 'number' ? shas[b.from] : (b.from ?? main);
    if (from === undefined) throw new Error(`git fixture: branch ${name} starts at commit ${String(b.from)}, which does not exist`);
    await runGit(dir, ['checkout', '-q', '-b', name, from]);
    current = name;
    branchShas[name] = [];
    for (const c of b.commits) branchShas[name].push(await commit(c, c.branch ?? name));
  }
  if (current !== main && (await exists(main))) {
    await runGit(dir, ['checkout', '-q', main]);
    current = main;
  }

  if (spec.staged) {
    await writeFiles(dir, spec.staged);
    await runGit(dir, ['add', '--', ...Object.keys(spec.staged)]);
  }
  if (spec.worktree) await writeFiles(dir, spec.worktree);
  return fixture(dir, shas, branchShas);
}

/**
 * Clones a fixture (or any local repo) with `git clone file://...`, e.g. `{ depth: 1 }` for a
 * shallow clone. `noSingleBranch` fetches every branch even when shallow.
 */
export async function cloneRepo(src: string, opts: { depth?: number; bare?: boolean; noSingleBranch?: boolean } = {}): Promise<GitFixture> {
  const parent = tempDir('rampart-git-clone-');
  const dir = join(parent, 'repo');
  const args = ['clone', '-q'];
  if (opts.depth !== undefined) args.push('--depth', String(opts.depth));
  if (opts.noSingleBranch) args.push('--no-single-branch');
  if (opts.bare) args.push('--bare');
  args.push(`file://${src}`, dir);
  await runGit(parent, args);
  const f = fixture(dir, [], {});
  return { ...f, cleanup: () => rm(parent, { recursive: true, force: true }).then(() => void created.delete(parent)) };
}

/** Removes every repository this module created that was not cleaned up yet. */
export async function cleanupGitFixtures(): Promise<void> {
  await Promise.all([...created].map((d) => rm(d, { recursive: true, force: true })));
  created.clear();
}

function fixture(dir: string, shas: string[], branchShas: Record<string, string[]>): GitFixture {
  return {
    dir,
    shas,
    branchShas,
    git: (...args: string[]) => runGit(dir, args),
    cleanup: async () => {
      await rm(dir, { recursive: true, force: true });
      created.delete(dir);
    },
  };
}

async function writeFiles(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [p, content] of Object.entries(files)) {
    const abs = join(dir, p);
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, content);
  }
}

async function applyChanges(dir: string, c: FixtureCommit): Promise<void> {
  for (const [from, to] of Object.entries(c.rename ?? {})) {
    await mkdir(dirname(join(dir, to)), { recursive: true });
    await rename(join(dir, from), join(dir, to));
  }
  for (const p of c.delete ?? []) await rm(join(dir, p), { recursive: true, force: true });
  await writeFiles(dir, c.files ?? {});
}

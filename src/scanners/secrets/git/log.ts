import type { CommitInfo } from '../../../core/finding.js';
import { spawnGit } from '../../../core/git.js';

/** Where a blob first appeared at one path: the index of the commit in {@link HistoryListing.commits}. */
export interface BlobIntro {
  path: string;
  commit: number;
  /**
   * The blob this one replaced at the same path (for a merge: the first parent's), when that
   * was a regular file. Everything outside the bytes that differ from it was already at this
   * path before this commit, so only the changed region needs scanning.
   */
  from?: string;
}

export interface HistoryListing {
  /** Commits in walk order: ancestors before descendants, otherwise oldest commit date first. */
  commits: CommitInfo[];
  /** Each blob id once, in order of first appearance, with every path it was introduced at. */
  blobs: Map<string, BlobIntro[]>;
}

const SENTINEL = 0x01;
const MODE_GITLINK = '160000';
const MODE_SYMLINK = '120000';

/**
 * The `git log` arguments that list, for every commit in `revs` (oldest first), the blobs that
 * commit introduced: added or modified files, one NUL-separated raw entry each.
 *
 * - `--reverse --date-order`: a parent always precedes its children, so the first commit that
 *   shows a (path, blob) pair is the one that introduced it.
 * - `-c` (combined diff) for merges lists only paths whose merged content differs from every
 *   parent, i.e. content the merge itself introduced (a conflict resolution or an "evil" merge).
 *   Content taken unchanged from a parent was introduced by a commit on that parent's side,
 *   which the walk lists anyway; first-parent diffs would re-attribute a whole merged branch
 *   (or, with `--range`, the base branch's changes) to the merge.
 * - `--no-renames`: a rename is a delete plus an add at the new path; same blob, so it is
 *   scanned once, and the secret is reported at the new path too.
 * - `--root`, `--no-show-signature`, `--no-relative`/`--relative` and `--no-abbrev` pin down
 *   what user config (log.showRoot, log.showSignature, diff.relative, core.abbrev) could change.
 */
export function logArgs(revs: readonly string[], opts: { relative: boolean }): string[] {
  return [
    'log',
    '--format=%x01%H%x00%an%x00%ae%x00%aI%x00%s',
    '--encoding=UTF-8',
    '--raw',
    '-z',
    '--no-abbrev',
    '--no-renames',
    '--root',
    '-c',
    '--reverse',
    '--date-order',
    '--no-show-signature',
    '--no-color',
    opts.relative ? '--relative' : '--no-relative',
    ...revs,
    '--',
  ];
}

/** Streams `git log` (see {@link logArgs}) and collects commits and blob introductions. */
export async function listHistory(cwd: string, revs: readonly string[], opts: { relative: boolean }): Promise<HistoryListing> {
  const args = logArgs(revs, opts);
  const { child, done } = spawnGit(args, { cwd });
  const parser = new LogParser();
  try {
    for await (const chunk of child.stdout) parser.push(chunk as Buffer);
  } catch (e) {
    child.kill();
    throw e;
  }
  await done;
  return parser.finish();
}

type State = 'entry' | 'author' | 'email' | 'date' | 'subject' | 'path';

/** Push parser for the NUL-separated output of {@link logArgs}. */
export class LogParser {
  readonly commits: CommitInfo[] = [];
  readonly blobs = new Map<string, BlobIntro[]>();
  /** Blobs introduced at many paths get a set of their paths, so the "seen at this path" test stays O(1). */
  private readonly pathSets = new Map<string, Set<string>>();
  private rest: Buffer | null = null;
  private state: State = 'entry';
  private cur: CommitInfo | null = null;
  private pending: { blob: string; from?: string } | null = null; // raw entry whose path comes next

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.rest) {
      buf = Buffer.concat([this.rest, chunk]);
      this.rest = null;
    }
    let start = 0;
    for (;;) {
      const nul = buf.indexOf(0, start);
      if (nul === -1) break;
      this.token(buf, start, nul);
      start = nul + 1;
    }
    if (start < buf.length) this.rest = Buffer.from(buf.subarray(start));
  }

  finish(): HistoryListing {
    if (this.rest && this.rest.length > 0) {
      // The last token has no NUL after it (an entry-less final commit ends with its subject).
      const r = this.rest;
      this.rest = null;
      this.token(r, 0, r.length);
    }
    if (this.state !== 'entry' && this.state !== 'subject') throw new Error(`git log: output ended early (${this.state})`);
    if (this.state === 'subject') this.state = 'entry';
    return { commits: this.commits, blobs: this.blobs };
  }

  private token(buf: Buffer, a: number, b: number): void {
    switch (this.state) {
      case 'entry': {
        while (a < b && buf[a] === 10) a++; // the newline git puts between the header and the raw lines
        if (a === b) return;
        if (buf[a] === SENTINEL) {
          this.cur = { sha: buf.toString('latin1', a + 1, b), author: '', email: '', date: '' };
          this.commits.push(this.cur);
          this.state = 'author';
        } else if (buf[a] === 0x3a /* : */) {
          this.pending = this.rawEntry(buf.toString('latin1', a, b));
          this.state = 'path';
        } else {
          throw new Error(`git log: unexpected output: ${buf.toString('utf8', a, Math.min(b, a + 80))}`);
        }
        return;
      }
      case 'author':
        this.cur!.author = buf.toString('utf8', a, b);
        this.state = 'email';
        return;
      case 'email':
        this.cur!.email = buf.toString('utf8', a, b);
        this.state = 'date';
        return;
      case 'date':
        this.cur!.date = buf.toString('latin1', a, b);
        this.state = 'subject';
        return;
      case 'subject':
        this.cur!.message = buf.toString('utf8', a, b);
        this.state = 'entry';
        return;
      case 'path': {
        const e = this.pending;
        this.pending = null;
        this.state = 'entry';
        if (e) this.intro(e.blob, buf.toString('utf8', a, b), e.from);
        return;
      }
    }
  }

  /**
   * `:<old mode> <new mode> <old id> <new id> <status>` (one parent) or, for a combined diff of
   * a merge with n parents, n colons, n+1 modes, n+1 ids and n status letters. Returns the new
   * blob id (and the first parent's blob it replaced, if a regular file) when the entry
   * introduces file content, else null (deletion, submodule, symlink).
   */
  private rawEntry(meta: string): { blob: string; from?: string } | null {
    let n = 0;
    while (meta.charCodeAt(n) === 0x3a) n++;
    const f = meta.slice(n).split(' ');
    const newMode = f[n];
    const newId = f[2 * n + 1];
    if (!newMode || !newId) throw new Error(`git log: malformed raw entry: ${meta.slice(0, 200)}`);
    if (isNull(newId) || newMode === MODE_GITLINK || newMode === MODE_SYMLINK) return null;
    const oldMode = f[0];
    const oldId = f[n + 1];
    if (oldId && !isNull(oldId) && (oldMode === '100644' || oldMode === '100755') && oldId !== newId) return { blob: newId, from: oldId };
    return { blob: newId };
  }

  private intro(blob: string, path: string, from: string | undefined): void {
    const commit = this.commits.length - 1;
    const intro: BlobIntro = from ? { path, commit, from } : { path, commit };
    const list = this.blobs.get(blob);
    if (!list) {
      this.blobs.set(blob, [intro]);
      return;
    }
    const set = this.pathSets.get(blob);
    if (set) {
      if (set.has(path)) return;
      set.add(path);
    } else {
      for (const i of list) if (i.path === path) return;
      if (list.length >= 16) this.pathSets.set(blob, new Set([...list.map((i) => i.path), path]));
    }
    list.push(intro);
  }
}

function isNull(id: string): boolean {
  for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) !== 0x30) return false;
  return true;
}

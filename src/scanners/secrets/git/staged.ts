import { InputError } from '../../../core/errors.js';
import { git, isGitRepo, repoPrefix } from '../../../core/git.js';
import { readBlobs } from './cat-file.js';

export interface StagedFile {
  /** Relative to root (POSIX); root is usually the repository's top level. */
  path: string;
  /** The content as staged in the index, not as in the working tree. */
  content: Buffer;
}

/**
 * Files the next commit would add or change (added, copied, modified, renamed: deletions have
 * nothing to scan), with their content as staged in the index, so a change that is staged and
 * then edited again in the working tree is scanned as it will be committed. Works before the
 * first commit (git compares the index with the empty tree). When root is a subdirectory of the
 * work tree, only files under it are listed, relative to it. Submodules and symlinks are skipped.
 *
 * Implementation: `git diff --cached --raw -z` gives each path with its index blob id, and one
 * `git cat-file --batch` reads the blobs by id. (Asking cat-file for `:<path>` would break on a
 * path that contains a newline, since its requests are newline-separated.)
 */
export async function stagedFiles(root: string): Promise<StagedFile[]> {
  if (!(await isGitRepo(root))) throw new InputError(root, 'not a git repository; --staged needs one');
  const prefix = await repoPrefix(root);
  const r = await git(
    [
      'diff',
      '--cached',
      '--raw',
      '-z',
      '--no-abbrev',
      '--no-renames',
      '--no-ext-diff',
      '--ignore-submodules=all',
      '--diff-filter=ACMR',
      prefix === '' ? '--no-relative' : '--relative',
      '--',
    ],
    { cwd: root },
  );
  const entries = parseRawZ(r.stdout);
  if (entries.length === 0) return [];

  const pathsByBlob = new Map<string, string[]>();
  for (const e of entries) {
    const list = pathsByBlob.get(e.blob);
    if (list) list.push(e.path);
    else pathsByBlob.set(e.blob, [e.path]);
  }
  const content = new Map<string, Buffer>();
  await readBlobs({
    cwd: root,
    ids: pathsByBlob.keys(),
    onObject: (o) => {
      // A view into a pipe chunk is only valid now: copy what we keep.
      if (o.content) content.set(o.id, Buffer.from(o.content));
    },
  });
  const out: StagedFile[] = [];
  for (const e of entries) {
    const c = content.get(e.blob);
    if (c) out.push({ path: e.path, content: c });
  }
  return out;
}

/** Parses `git diff --raw -z --no-renames` output into (path, new blob id), skipping submodules and symlinks. */
export function parseRawZ(out: Buffer): { path: string; blob: string }[] {
  const res: { path: string; blob: string }[] = [];
  let i = 0;
  while (i < out.length) {
    const metaEnd = out.indexOf(0, i);
    if (metaEnd === -1) break;
    const meta = out.toString('latin1', i, metaEnd);
    const pathEnd = out.indexOf(0, metaEnd + 1);
    const path = out.toString('utf8', metaEnd + 1, pathEnd === -1 ? out.length : pathEnd);
    i = pathEnd === -1 ? out.length : pathEnd + 1;
    // :<old mode> <new mode> <old id> <new id> <status>
    const f = meta.replace(/^:/, '').split(' ');
    const mode = f[1];
    const blob = f[3];
    if (!mode || !blob || /^0+$/.test(blob) || mode === '160000' || mode === '120000') continue;
    res.push({ path, blob });
  }
  return res;
}

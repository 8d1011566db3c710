import { InputError, UsageError } from '../../../core/errors.js';
import type { CommitInfo } from '../../../core/finding.js';
import { hasCommits, isGitRepo, isShallow, repoPrefix, revParse } from '../../../core/git.js';
import type { ScanIssue } from '../../../core/scanner.js';
import type { Detector } from '../detector.js';
import type { RawMatch, SecretEngine } from '../engine.js';
import type { SecretHit } from '../hit.js';
import { LineMap, toFinding } from '../to-finding.js';
import { readBlobs } from './cat-file.js';
import { listHistory, type BlobIntro, type HistoryListing } from './log.js';
import { createBlobScanner } from './blob-scanner.js';
import { BlobCache, changedRegion } from './region.js';

/** Blobs larger than this are not scanned (counted in stats and reported as an issue). */
export const DEFAULT_MAX_BLOB_BYTES = 10 * 1024 * 1024;
/** A NUL byte in the first this-many bytes marks a blob as binary (same rule as git and the file walker). */
const BINARY_SNIFF = 8000;
const PROGRESS_EVERY_MS = 100;
/** Memory for previous versions of modified files (see region.ts); a miss only costs a full scan. */
const CACHE_BYTES = 128 * 1024 * 1024;

export interface HistoryScanOptions {
  /** The repository (or a directory inside it: history is then limited to that directory). */
  root: string;
  engine: SecretEngine;
  /** Enabled detectors by id; matches of other detectors are dropped. */
  detectors: Map<string, Detector>;
  /**
   * Only commits that are not ancestors of this revision, across all refs: the same as
   * `git log --all ^<since>`. Used to scan what arrived since a known-clean commit, on any branch.
   * For "this branch since main", use `range: 'main..HEAD'`.
   */
  since?: string;
  /**
   * `A..B` (commits reachable from B but not from A, as in a pull request) or `A...B`
   * (symmetric difference). An empty side means HEAD. Excludes `since`.
   */
  range?: string;
  showSecrets: boolean;
  issue: (i: ScanIssue) => void;
  /** Called while blobs are scanned: unique blobs done, unique blobs in total, bytes scanned so far. */
  onProgress?: (done: number, total: number, bytes: number) => void;
  /** Blobs over this size are skipped; default {@link DEFAULT_MAX_BLOB_BYTES}. */
  maxBlobBytes?: number;
  /**
   * Worker threads for the detectors (default 1: on this thread). Used only when the compiled
   * worker exists (dist/) and every detector is a built-in one.
   */
  threads?: number;
}

export interface HistoryStats {
  commitsScanned: number;
  /** Unique blobs whose content was scanned. */
  blobsScanned: number;
  /** Total size of the scanned blobs. */
  bytesScanned: number;
  /**
   * Bytes actually run through the detectors: a modified file is scanned only where it differs
   * from its previous version (plus a margin), so this is usually far below bytesScanned.
   */
  bytesExamined: number;
  /** Unique blobs skipped as binary (a NUL in the first 8000 bytes). */
  blobsSkippedBinary: number;
  /** Unique blobs skipped for being larger than maxBlobBytes. */
  blobsSkippedSize: number;
  /** Blobs the object database does not have (partial clones). */
  blobsMissing: number;
}

export interface HistoryScanResult {
  /** One per (detector, secret, path), at the oldest commit that introduced it there; oldest first. */
  hits: SecretHit[];
  stats: HistoryStats;
}

/** A region sent to the scanner, and what is needed to place its matches. */
interface ScanJob {
  content: Buffer;
  intros: BlobIntro[];
  prev: Buffer | undefined;
  offset: number;
}

interface Best {
  commit: number;
  hit: SecretHit;
}

/**
 * Finds secrets anywhere in git history, including secrets that were committed and later deleted.
 *
 * 1. `git log` (see log.ts) lists every commit in scope, oldest first, with the blobs each one
 *    added or modified and their paths.
 * 2. Each unique blob streams once through one `git cat-file --batch` process and is scanned once.
 *    A blob that is an edit of a version we have seen at the same path is scanned only where it
 *    changed (region.ts), so the work follows what commits add, not file size times edits; that
 *    also keeps a --range/--since scan from blaming an edit for secrets the file held before.
 * 3. Each match is attributed, for every path the blob appeared at, to the first commit that put
 *    that blob there; per (detector, secret, path) only the oldest such commit is kept, so a
 *    secret that survives later edits of its file is reported once, where it was introduced.
 *    Line and column are positions in the file as of that commit.
 *
 * Scope: all refs and HEAD (`--all`) by default; see `since` and `range`. Paths are relative to
 * `root`. Throws InputError for a non-git `root` or an unknown revision; an empty repository or
 * a shallow clone is reported through `issue` and scanned as far as it goes.
 */
export async function scanHistory(opts: HistoryScanOptions): Promise<HistoryScanResult> {
  const { root } = opts;
  const stats: HistoryStats = {
    commitsScanned: 0,
    blobsScanned: 0,
    bytesScanned: 0,
    bytesExamined: 0,
    blobsSkippedBinary: 0,
    blobsSkippedSize: 0,
    blobsMissing: 0,
  };
  if (!(await isGitRepo(root))) throw new InputError(root, 'not a git repository; --history needs one');
  if (opts.since !== undefined && opts.range !== undefined) throw new UsageError('--since and --range cannot be used together');

  if (!(await hasCommits(root))) {
    opts.issue({ path: '.', kind: 'other', scanner: 'secrets', message: 'the git repository has no commits yet; there is no history to scan' });
    return { hits: [], stats };
  }
  const [revs, shallow, prefix] = await Promise.all([resolveRevisions(root, opts), isShallow(root), repoPrefix(root)]);
  if (shallow) {
    opts.issue({
      path: '.',
      kind: 'other',
      scanner: 'secrets',
      message:
        'shallow clone: git history is incomplete, so secrets in the missing older commits cannot be found and files ' +
        'present at the shallow boundary are attributed to the boundary commit; run `git fetch --unshallow` to scan the full history',
    });
  }

  const listing = await listHistory(root, revs, { relative: prefix !== '' });
  stats.commitsScanned = listing.commits.length;

  const maxBytes = opts.maxBlobBytes ?? DEFAULT_MAX_BLOB_BYTES;
  const { ids, referenceOnly, uses } = fetchPlan(listing);
  const cache = new BlobCache(uses, CACHE_BYTES);
  const overlap = opts.engine.maxLength;
  const best = new Map<string, Best>();
  const scanner = createBlobScanner(opts.engine, opts.detectors, opts.threads ?? 1);
  const onMatches = (found: RawMatch[], job: ScanJob) => {
    let matches = shift(found, job.offset);
    // A value the previous version already held was at this path before this commit.
    const prev = job.prev;
    if (prev && matches.length) matches = matches.filter((m) => !alreadyIn(prev, job.content, m));
    if (matches.length) attribute(opts, listing.commits, job.intros, job.content, matches, best);
  };
  const total = ids.length;
  let done = 0;
  let lastProgress = 0;
  const progress = (force: boolean) => {
    if (!opts.onProgress) return;
    const now = Date.now();
    if (!force && now - lastProgress < PROGRESS_EVERY_MS) return;
    lastProgress = now;
    opts.onProgress(done, total, stats.bytesScanned);
  };
  progress(true);

  await readBlobs({
    cwd: root,
    ids,
    maxBytes,
    onObject: (o) => {
      done++;
      const text = o.content !== null && !o.content.subarray(0, BINARY_SNIFF).includes(0);
      if (referenceOnly.has(o.id)) {
        // The version before a --range/--since boundary: only compared with, never reported.
        if (text) cache.offer(o.id, o.content!, o.owned);
        return progress(false);
      }
      const intros = listing.blobs.get(o.id) ?? [];
      if (o.type === 'missing' || o.type === 'ambiguous') {
        stats.blobsMissing++;
        const first = intros[0];
        opts.issue({
          path: first?.path ?? o.id,
          kind: 'unreadable',
          scanner: 'secrets',
          message: `blob ${o.id} is not in the local object database (partial clone?); not scanned`,
        });
      } else if (o.content === null) {
        stats.blobsSkippedSize++;
        const first = intros[0];
        const sha = first ? listing.commits[first.commit]?.sha : undefined;
        opts.issue({
          path: first?.path ?? o.id,
          kind: 'skipped-size',
          scanner: 'secrets',
          message: `blob of ${o.size} bytes${sha ? ` (commit ${sha.slice(0, 12)})` : ''} is over the ${maxBytes}-byte limit; not scanned`,
        });
      } else if (!text) {
        stats.blobsSkippedBinary++;
      } else {
        const content = o.content;
        stats.blobsScanned++;
        stats.bytesScanned += content.length;
        // A blob introduced at exactly one path, as an edit of a version we have: scan what changed.
        const from = intros.length === 1 ? intros[0]!.from : undefined;
        const prev = from ? cache.take(from) : undefined;
        const r = prev ? changedRegion(prev, content, overlap) : { start: 0, end: content.length };
        stats.bytesExamined += r.end - r.start;
        cache.offer(o.id, content, o.owned);
        progress(false);
        if (r.end <= r.start) return;
        return scanner.submit(content.subarray(r.start, r.end), { content, intros, prev, offset: r.start }, onMatches);
      }
      progress(false);
    },
  }).finally(() => scanner.finish());
  progress(true);

  const kept = [...best.values()];
  kept.sort(
    (a, b) =>
      a.commit - b.commit ||
      cmp(a.hit.finding.location.path, b.hit.finding.location.path) ||
      a.hit.finding.location.startLine - b.hit.finding.location.startLine ||
      a.hit.finding.location.startColumn - b.hit.finding.location.startColumn ||
      cmp(a.hit.detector.id, b.hit.detector.id),
  );
  return { hits: kept.map((b) => b.hit), stats };
}

/**
 * The order to fetch blobs in: each unique blob once, in order of first appearance, preceded by
 * any previous version it is compared with that lies outside the scanned commits (the parent
 * side of a --range or --since boundary), fetched for comparison only. `uses` counts how many
 * blobs will be compared with each previous version.
 */
function fetchPlan(listing: HistoryListing): { ids: string[]; referenceOnly: Set<string>; uses: Map<string, number> } {
  const ids: string[] = [];
  const referenceOnly = new Set<string>();
  const uses = new Map<string, number>();
  for (const [id, intros] of listing.blobs) {
    const from = intros.length === 1 ? intros[0]!.from : undefined;
    if (from) {
      uses.set(from, (uses.get(from) ?? 0) + 1);
      if (!listing.blobs.has(from) && !referenceOnly.has(from)) {
        referenceOnly.add(from);
        ids.push(from);
      }
    }
    ids.push(id);
  }
  return { ids, referenceOnly, uses };
}

/** True when the previous version of the file already contained the matched text. */
function alreadyIn(prev: Buffer, content: Buffer, m: RawMatch): boolean {
  // Plain: the secret itself; encoded: the encoded text the match points at.
  const needle = m.encoding === 'plain' ? Buffer.from(m.secret, 'utf8') : content.subarray(m.start, m.end);
  return needle.length > 0 && prev.indexOf(needle) !== -1;
}

function shift(matches: RawMatch[], by: number): RawMatch[] {
  if (by === 0) return matches;
  for (const m of matches) {
    m.start += by;
    m.end += by;
  }
  return matches;
}

/** Keeps, per (detector, secret, path), the match from the oldest introducing commit. */
function attribute(
  opts: HistoryScanOptions,
  commits: CommitInfo[],
  intros: BlobIntro[],
  content: Buffer,
  matches: RawMatch[],
  best: Map<string, Best>,
): void {
  if (matches.length === 0) return;
  let lines: LineMap | null = null;
  // Within a blob, the first occurrence of a secret wins.
  const ordered = matches.length > 1 ? [...matches].sort((a, b) => a.start - b.start) : matches;
  for (const m of ordered) {
    const det = opts.detectors.get(m.detectorId);
    if (!det) continue;
    for (const intro of intros) {
      const key = `${det.id}\0${m.secret}\0${intro.path}`;
      const prev = best.get(key);
      if (prev && prev.commit <= intro.commit) continue;
      lines ??= new LineMap(content);
      const finding = toFinding(det, m, intro.path, lines, opts.showSecrets);
      finding.commit = { ...commits[intro.commit]! };
      best.set(key, { commit: intro.commit, hit: { detector: det, match: m, finding, context: contextAround(content, m.start, m.end) } });
    }
  }
}

/** git log revision arguments for the scope, after checking that every revision exists. */
async function resolveRevisions(root: string, opts: Pick<HistoryScanOptions, 'since' | 'range'>): Promise<string[]> {
  if (opts.range !== undefined) {
    const r = opts.range.trim();
    const sym = r.indexOf('...');
    const dots = sym !== -1 ? sym : r.indexOf('..');
    if (dots === -1) throw new InputError(opts.range, 'not a revision range; --range expects A..B (or A...B), e.g. origin/main..HEAD');
    const width = sym !== -1 ? 3 : 2;
    const a = await commitOf(root, r.slice(0, dots) || 'HEAD', '--range');
    const b = await commitOf(root, r.slice(dots + width) || 'HEAD', '--range');
    return sym !== -1 ? [`${a}...${b}`] : [b, `^${a}`];
  }
  if (opts.since !== undefined) {
    const s = await commitOf(root, opts.since.trim(), '--since');
    return ['--all', `^${s}`];
  }
  return ['--all'];
}

async function commitOf(root: string, rev: string, flag: string): Promise<string> {
  const sha = rev === '' ? null : await revParse(root, rev);
  if (!sha) {
    throw new InputError(
      rev,
      `unknown git revision for ${flag} in ${root} (a shallow or single-branch clone may lack it: fetch it first, e.g. \`git fetch origin ${rev}\`)`,
    );
  }
  return sha;
}

/** Up to 3 lines before and after a match, capped at 1 KiB each side; for verifiers only. */
function contextAround(buf: Buffer, start: number, end: number): string {
  let a = start;
  for (let n = 0; n < 4 && a > 0; n++) {
    const p = buf.lastIndexOf(10, a - 1);
    a = p === -1 ? 0 : p;
  }
  let b = end;
  for (let n = 0; n < 4 && b < buf.length; n++) {
    const p = buf.indexOf(10, b + 1);
    b = p === -1 ? buf.length : p;
  }
  return buf.toString('utf8', Math.max(a, start - 1024), Math.min(b, end + 1024));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

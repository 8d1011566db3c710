/**
 * Changed-region scanning for modified blobs. When a commit modifies a file, everything outside
 * the bytes that differ from the previous version was already at that path, so its secrets were
 * attributed to an older commit (or lie before a --range/--since boundary, where they are not
 * this range's to report). Scanning only the changed region keeps history scans proportional to
 * what commits add rather than to file size times edits.
 *
 * The region is widened to whole lines plus {@link MARGIN_LINES} lines each side, so a token that
 * straddles the edge, or a replaced private key whose BEGIN/END lines stayed the same, is still
 * seen whole. Not re-reported: a match reaching further than that from the changed lines, such
 * as a key block of which only some inner lines changed (not a usable new key; its unchanged
 * rest was reported where it was introduced).
 *
 * A match in the region whose text the previous version already contained (anywhere: a moved
 * line, or an unchanged margin line) is not new at this path and is dropped by the caller. So a
 * value that was in the file before but only became recognisable through an edit around it is
 * not reported at that edit.
 */

/** Whole lines of unchanged context scanned on each side of a change. */
export const MARGIN_LINES = 6;

const BLOCK = 4096;

/**
 * Byte range [start, end) of cur worth scanning given the previous version old: the changed
 * lines whole, plus MARGIN_LINES lines each side but at most maxMargin bytes (the engine's
 * longest match), so one giant line next to a change cannot blow it up.
 */
export function changedRegion(old: Buffer, cur: Buffer, maxMargin: number): { start: number; end: number } {
  const n = Math.min(old.length, cur.length);
  let p = 0;
  while (p + BLOCK <= n && old.compare(cur, p, p + BLOCK, p, p + BLOCK) === 0) p += BLOCK;
  while (p < n && old[p] === cur[p]) p++;
  // Common suffix, not overlapping the prefix in either buffer.
  const maxS = n - p;
  let s = 0;
  while (s + BLOCK <= maxS && old.compare(cur, cur.length - s - BLOCK, cur.length - s, old.length - s - BLOCK, old.length - s) === 0) s += BLOCK;
  while (s < maxS && old[old.length - 1 - s] === cur[cur.length - 1 - s]) s++;
  // A pure deletion (p === cur.length - s) can still join two pieces into a new token: keep a window.
  const a = p;
  const b = cur.length - s;
  const first = lineStart(cur, a);
  const last = lineEnd(cur, b > a ? b - 1 : a); // b is exclusive
  let start = first;
  for (let k = 0; k < MARGIN_LINES && start > 0; k++) start = lineStart(cur, start - 1);
  let end = last;
  for (let k = 0; k < MARGIN_LINES && end < cur.length; k++) end = lineEnd(cur, end);
  start = Math.max(start, first - maxMargin);
  end = Math.min(end, last + maxMargin);
  return { start: Math.min(start, a), end: Math.max(end, b) };
}

/** Offset of the start of the line holding i. */
function lineStart(b: Buffer, i: number): number {
  if (i <= 0) return 0;
  const nl = b.lastIndexOf(10, i - 1);
  return nl === -1 ? 0 : nl + 1;
}

/** Offset just past the line holding i (past its newline). */
function lineEnd(b: Buffer, i: number): number {
  if (i >= b.length) return b.length;
  const nl = b.indexOf(10, i);
  return nl === -1 ? b.length : nl + 1;
}

/**
 * Contents of scanned blobs that later modifications will be compared with. Each entry is kept
 * until its last expected use, within a byte budget (oldest evicted first; a miss only means a
 * full scan).
 */
export class BlobCache {
  private readonly map = new Map<string, Buffer>();
  private bytes = 0;

  constructor(
    /** Expected uses per blob id; an entry is dropped after its last. */
    private readonly uses: Map<string, number>,
    private readonly budget: number,
  ) {}

  /** Keeps content (a copy unless `owned`: it may be a view into a pipe chunk) if a later blob will need it. */
  offer(id: string, content: Buffer, owned = false): void {
    if (!this.uses.get(id) || this.map.has(id) || content.length > this.budget / 4) return;
    const copy = owned ? content : Buffer.from(content);
    this.map.set(id, copy);
    this.bytes += copy.length;
    for (const [k, v] of this.map) {
      if (this.bytes <= this.budget) break;
      this.map.delete(k);
      this.bytes -= v.length;
    }
  }

  /** The cached content for id (or undefined), counting one use. */
  take(id: string): Buffer | undefined {
    const b = this.map.get(id);
    const left = (this.uses.get(id) ?? 0) - 1;
    if (left > 0) this.uses.set(id, left);
    else {
      this.uses.delete(id);
      if (b) {
        this.map.delete(id);
        this.bytes -= b.length;
      }
    }
    return b;
  }
}

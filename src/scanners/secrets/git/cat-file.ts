import { spawnGit } from '../../../core/git.js';

/** One object from `git cat-file --batch`. `content` is null when the object was skipped. */
export interface BatchObject {
  id: string;
  /** 'blob', 'tree', ... or 'missing' when the repository lacks it. */
  type: string;
  size: number;
  content: Buffer | null;
  /** True when content is a buffer of its own; false when it is a view into a shared pipe chunk. */
  owned: boolean;
}

export interface ReadBlobsOptions {
  cwd: string;
  /** Object ids (or `<rev>:<path>` names without newlines), one request each, answered in order. */
  ids: Iterable<string>;
  /** Objects larger than this are read past without being buffered (content null). */
  maxBytes?: number;
  /**
   * Called for each object in request order; may do heavy synchronous work (scanning). A
   * returned promise is awaited before the next object (backpressure). A content buffer may be a
   * view into a pipe chunk: copy what must outlive the call.
   */
  onObject: (o: BatchObject) => void | Promise<void>;
}

/** Output buffered ahead of the consumer before git is paused (and resumed below LOW_WATER). */
const HIGH_WATER = 32 * 1024 * 1024;
const LOW_WATER = 8 * 1024 * 1024;
/** Longest stretch of consumer work before the event loop gets to read more of git's output. */
const SLICE_MS = 4;

/**
 * Streams objects through one long-running `git cat-file --batch --buffer` process: requests
 * go to stdin as fast as git takes them, and each answer is handed to onObject once complete,
 * so memory holds a bounded window of objects, never the whole repository.
 *
 * Git's output is read ahead into a queue (up to HIGH_WATER bytes) and the consumer yields to
 * the event loop every few milliseconds, so git keeps inflating objects while we scan instead
 * of stalling on a full 64 KiB pipe after every blob.
 */
export async function readBlobs(opts: ReadBlobsOptions): Promise<void> {
  const args = ['cat-file', '--batch', '--buffer'];
  const { child, done } = spawnGit(args, { cwd: opts.cwd });
  const queue: BatchObject[] = [];
  let head = 0;
  let queuedBytes = 0;
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const parser = new BatchParser(opts.maxBytes ?? Number.POSITIVE_INFINITY, (o) => {
    queue.push(o);
    queuedBytes += o.content?.length ?? 0;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    try {
      parser.push(chunk);
    } catch (e) {
      failure ??= e;
      child.kill();
    }
    if (queuedBytes > HIGH_WATER) child.stdout.pause();
    signal();
  });
  child.stdout.on('end', () => {
    ended = true;
    signal();
  });
  child.stdout.on('error', (e) => {
    failure ??= e;
    ended = true;
    signal();
  });

  const writer = (async () => {
    const stdin = child.stdin;
    let batch = '';
    for (const id of opts.ids) {
      batch += id + '\n';
      if (batch.length >= 64 * 1024) {
        if (!stdin.write(batch)) await drainOrClose(stdin);
        batch = '';
        if (stdin.destroyed) return;
      }
    }
    stdin.end(batch);
  })();

  try {
    for (;;) {
      if (failure) throw failure;
      if (head === queue.length) {
        if (ended) break;
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      const t0 = performance.now();
      while (head < queue.length && performance.now() - t0 < SLICE_MS) {
        const o = queue[head]!;
        queue[head++] = undefined as unknown as BatchObject; // release for GC
        queuedBytes -= o.content?.length ?? 0;
        const wait = opts.onObject(o);
        if (wait) await wait;
      }
      if (head > 4096 && head * 2 > queue.length) {
        queue.splice(0, head);
        head = 0;
      }
      if (queuedBytes < LOW_WATER && child.stdout.isPaused()) child.stdout.resume();
      // Let the event loop read more of git's output before the next slice.
      await new Promise<void>((r) => setImmediate(r));
    }
  } catch (e) {
    child.kill();
    throw e;
  }
  await writer;
  await done;
  parser.finish();
}

function drainOrClose(s: NodeJS.WritableStream & { destroyed: boolean }): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      s.off('drain', done);
      s.off('close', done);
      s.off('error', done);
      resolve();
    };
    s.once('drain', done);
    s.once('close', done);
    s.once('error', done);
  });
}

/** Push parser for the `--batch` output protocol: `<id> <type> <size>\n<content>\n` or `<id> missing\n`. */
export class BatchParser {
  private header: Buffer[] = [];
  private body: Buffer | null = null; // content of the current object, once its first bytes arrive
  private fill = 0; // bytes of the current body consumed so far
  private keep = false; // false: the body is over maxBytes and is read past
  private view = false; // the body is a view into a chunk (no copy was made)
  private pendingTrailer = false; // the '\n' after a body
  private cur: { id: string; type: string; size: number } | null = null;

  constructor(
    private readonly maxBytes: number,
    private readonly onObject: (o: BatchObject) => void,
  ) {}

  push(chunk: Buffer): void {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.pendingTrailer) {
        if (chunk[i] !== 10) throw new Error('git cat-file: malformed output (missing newline after object)');
        this.pendingTrailer = false;
        i++;
        continue;
      }
      if (this.cur) {
        const want = this.cur.size - this.fill;
        const take = Math.min(want, n - i);
        if (this.keep) {
          if (this.fill === 0 && take === this.cur.size) {
            this.body = chunk.subarray(i, i + take); // whole body in this chunk: a view, no copy
            this.view = true;
          } else {
            this.body ??= Buffer.allocUnsafe(this.cur.size);
            chunk.copy(this.body, this.fill, i, i + take);
          }
        }
        this.fill += take;
        i += take;
        if (take === want) this.complete();
        continue;
      }
      const nl = chunk.indexOf(10, i);
      if (nl === -1) {
        this.header.push(chunk.subarray(i));
        return;
      }
      this.header.push(chunk.subarray(i, nl));
      const line = Buffer.concat(this.header).toString('utf8');
      this.header = [];
      i = nl + 1;
      this.startObject(line);
    }
  }

  private startObject(line: string): void {
    const parts = line.split(' ');
    const type = parts[1] ?? '';
    if (parts.length !== 3) {
      // `<id> missing` / `<id> ambiguous`: no body follows.
      this.onObject({ id: parts[0] ?? line, type: type || 'missing', size: 0, content: null, owned: true });
      return;
    }
    const size = Number(parts[2]);
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`git cat-file: malformed header: ${line.slice(0, 200)}`);
    this.cur = { id: parts[0]!, type, size };
    this.keep = size <= this.maxBytes;
    this.body = null;
    this.fill = 0;
    if (size === 0) this.complete();
  }

  private complete(): void {
    const cur = this.cur!;
    const content = this.keep ? (this.body ?? Buffer.alloc(0)) : null;
    const owned = !this.view;
    this.view = false;
    this.cur = null;
    this.body = null;
    this.fill = 0;
    this.pendingTrailer = true;
    this.onObject({ id: cur.id, type: cur.type, size: cur.size, content, owned });
  }

  finish(): void {
    if (this.cur || this.header.length) throw new Error('git cat-file: output ended inside an object');
  }
}

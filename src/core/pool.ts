import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';

/**
 * A fixed pool of worker threads running one module. Tasks are plain data; results come back in
 * completion order through the promise of each `run`. When the worker module is not built
 * (unit tests run TypeScript sources), `inProcess` runs the same handler on the main thread.
 */
export class WorkerPool<Task, Result> {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { task: Task; resolve: (r: Result) => void; reject: (e: Error) => void }[] = [];
  private readonly pending = new Map<Worker, { resolve: (r: Result) => void; reject: (e: Error) => void }>();
  private closed = false;

  constructor(
    workerUrl: URL,
    size: number,
    workerData: unknown,
  ) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(workerUrl, { workerData });
      w.on('message', (msg: { ok: true; result: Result } | { ok: false; error: string }) => {
        const p = this.pending.get(w);
        this.pending.delete(w);
        if (p) {
          if (msg.ok) p.resolve(msg.result);
          else p.reject(new Error(msg.error));
        }
        this.release(w);
      });
      w.on('error', (e) => {
        const p = this.pending.get(w);
        this.pending.delete(w);
        p?.reject(e);
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  run(task: Task): Promise<Result> {
    if (this.closed) return Promise.reject(new Error('pool closed'));
    return new Promise((resolve, reject) => {
      const w = this.idle.pop();
      if (w) this.dispatch(w, task, resolve, reject);
      else this.queue.push({ task, resolve, reject });
    });
  }

  private dispatch(w: Worker, task: Task, resolve: (r: Result) => void, reject: (e: Error) => void) {
    this.pending.set(w, { resolve, reject });
    w.postMessage(task);
  }

  private release(w: Worker) {
    const next = this.queue.shift();
    if (next) this.dispatch(w, next.task, next.resolve, next.reject);
    else this.idle.push(w);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The compiled sibling of a module URL exists only in dist/; tests on sources run in-process. */
export function builtWorkerExists(url: URL): boolean {
  return url.pathname.endsWith('.js') && existsSync(fileURLToPath(url));
}

export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

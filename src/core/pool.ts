import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';

interface Pending<Result> {
  resolve: (r: Result) => void;
  reject: (e: Error) => void;
}

/**
 * A fixed pool of worker threads running one module. Tasks are plain data; results come back in
 * completion order through the promise of each `run`. When the worker module is not built
 * (unit tests run TypeScript sources), `inProcess` runs the same handler on the main thread.
 *
 * `perWorker` > 1 sends a worker its next task before it has answered the last one, so it never
 * waits on a round trip through a busy main thread. Only for worker modules that answer their
 * tasks one at a time in the order received: replies are matched to tasks first-in first-out.
 */
export class WorkerPool<Task, Result> {
  private readonly workers: Worker[] = [];
  /** Workers that have not failed. */
  private readonly live: Worker[] = [];
  private readonly queue: ({ task: Task } & Pending<Result>)[] = [];
  /** Tasks sent to each worker and not yet answered, oldest first. */
  private readonly inFlight = new Map<Worker, Pending<Result>[]>();
  private closed = false;

  constructor(
    workerUrl: URL,
    size: number,
    workerData: unknown,
    private readonly perWorker = 1,
  ) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(workerUrl, { workerData });
      const flight: Pending<Result>[] = [];
      w.on('message', (msg: { ok: true; result: Result } | { ok: false; error: string }) => {
        const p = flight.shift();
        if (p) {
          if (msg.ok) p.resolve(msg.result);
          else p.reject(new Error(msg.error));
        }
        this.release(w);
      });
      w.on('error', (e) => {
        // A dead worker gets no more tasks (as before: it never went back to the idle list).
        const at = this.live.indexOf(w);
        if (at >= 0) this.live.splice(at, 1);
        for (const p of flight.splice(0)) p.reject(e);
      });
      this.workers.push(w);
      this.live.push(w);
      this.inFlight.set(w, flight);
    }
  }

  run(task: Task): Promise<Result> {
    if (this.closed) return Promise.reject(new Error('pool closed'));
    return new Promise((resolve, reject) => {
      const w = this.leastBusy();
      if (w) this.dispatch(w, { task, resolve, reject });
      else this.queue.push({ task, resolve, reject });
    });
  }

  /** The worker with the fewest unanswered tasks, if it can take one more. */
  private leastBusy(): Worker | undefined {
    let best: Worker | undefined;
    let load = this.perWorker;
    for (const w of this.live) {
      const n = this.inFlight.get(w)!.length;
      if (n < load) {
        best = w;
        load = n;
      }
    }
    return best;
  }

  private dispatch(w: Worker, job: { task: Task } & Pending<Result>) {
    this.inFlight.get(w)!.push({ resolve: job.resolve, reject: job.reject });
    w.postMessage(job.task);
  }

  private release(w: Worker) {
    if (!this.live.includes(w) || this.inFlight.get(w)!.length >= this.perWorker) return;
    const next = this.queue.shift();
    if (next) this.dispatch(w, next);
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

/**
 * The taint engine's worker threads. Unlike the generic core pool, a task is built only once the
 * worker that will run it is chosen, so it carries just the dependency exports that worker does not
 * hold yet (see WorkerTask.send): a file imported by hundreds of others crosses to each worker once.
 */
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { WorkerInit, WorkerTask } from './worker.js';
import type { WorkerReply } from './reply.js';

let jitSet = false;

/**
 * Turns TurboFan's inlining off for the rest of the process. A cold scan of a large project
 * compiles the engine's big functions (scope building, call evaluation, the AST rules) once per
 * thread, and with inlining each optimised compile costs several times more: on the 502k-line
 * bench corpus compiling took about a third of the scan's CPU. Without inlining the background
 * compile CPU drops by a third and the whole scan's CPU by about 9% (bench/sast.mjs, 2 threads);
 * the code it produces is barely slower at this size. V8 flags are per process (a worker cannot
 * be given its own), so the driver calls this once it has a large amount of source to analyse,
 * before any worker starts. Speed only: the analysis and its results do not depend on it.
 * RAMPART_SAST_V8_INLINING=1 keeps V8's default.
 */
export function preferCheapJit(): void {
  if (jitSet) return;
  jitSet = true;
  if (process.env['RAMPART_SAST_V8_INLINING'] === '1') return;
  try {
    setFlagsFromString('--no-turbo-inlining');
  } catch {
    // A runtime that refuses flag changes keeps its default: only speed differs.
  }
}

/** One worker thread and what the driver knows it holds. */
export interface Slot {
  /** Path → identity of the exports version this worker holds (sent to it or produced by it). */
  readonly known: Map<string, string>;
  /** Paths whose exports no task left to build needs: the worker forgets them after its next task. */
  readonly drops: Set<string>;
}

interface Job {
  build(slot: Slot): WorkerTask;
  resolve(r: WorkerReply): void;
  reject(e: Error): void;
}

interface Thread extends Slot {
  worker: Worker;
  /** Tasks sent and not answered yet, oldest first (a worker answers in order). */
  flight: Job[];
  dead: boolean;
}

export class TaintPool {
  private readonly threads: Thread[] = [];
  private readonly queue: Job[] = [];
  private closed = false;

  /** `perWorker` tasks are sent ahead, so a worker never waits on a round trip through this thread. */
  constructor(url: URL, size: number, init: WorkerInit, private readonly perWorker = 2) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(url, { workerData: init });
      const t: Thread = { worker, known: new Map(), drops: new Set(), flight: [], dead: false };
      worker.on('message', (msg: { ok: true; result: WorkerReply } | { ok: false; error: string }) => {
        const job = t.flight.shift();
        if (job) {
          if (msg.ok) job.resolve(msg.result);
          else job.reject(new Error(msg.error));
        }
        this.pump();
      });
      worker.on('error', (e) => {
        t.dead = true;
        for (const job of t.flight.splice(0)) job.reject(e);
        // With no thread left, nothing would ever take the queued tasks.
        if (this.threads.every((x) => x.dead)) for (const job of this.queue.splice(0)) job.reject(e);
      });
      this.threads.push(t);
    }
  }

  get size(): number {
    return this.threads.length;
  }

  /**
   * Every worker that holds `path`'s exports forgets them after its next task (and is sent them
   * again if a later task needs them: `known` no longer lists them). A build that sends them again
   * must take them out of `drops` (see project.ts taskFor).
   */
  forget(path: string): void {
    for (const t of this.threads) {
      if (t.known.delete(path)) t.drops.add(path);
    }
  }

  /** Runs the task `build` makes for the worker that takes it. */
  run(build: (slot: Slot) => WorkerTask): Promise<WorkerReply> {
    if (this.closed) return Promise.reject(new Error('pool closed'));
    if (this.threads.every((t) => t.dead)) return Promise.reject(new Error('no taint worker left'));
    return new Promise((resolve, reject) => {
      this.queue.push({ build, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let best: Thread | undefined;
      for (const t of this.threads) if (!t.dead && t.flight.length < this.perWorker && (!best || t.flight.length < best.flight.length)) best = t;
      if (!best) return;
      const job = this.queue.shift()!;
      let task: WorkerTask;
      try {
        task = job.build(best);
      } catch (e) {
        job.reject(e instanceof Error ? e : new Error(String(e)));
        continue;
      }
      // What this worker is to forget after the task (forget() calls up to now, the build's included).
      if (best.drops.size > 0) {
        task.drop = [...best.drops];
        best.drops.clear();
      }
      best.flight.push(job);
      best.worker.postMessage(task);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}

import { builtWorkerExists, WorkerPool } from '../../../core/pool.js';
import type { Detector } from '../detector.js';
import { ALL_DETECTORS } from '../detectors/index.js';
import type { RawMatch, SecretEngine } from '../engine.js';
import type { HistoryWorkerInit, HistoryWorkerResult, HistoryWorkerTask } from './scan-worker.js';

const WORKER_URL = new URL('./scan-worker.js', import.meta.url);
/** Region bytes per message to a worker: enough to amortise messaging, small enough to balance. */
const BATCH_BYTES = 1024 * 1024;
const BATCH_ITEMS = 512;

/**
 * Runs the engine over blob regions, either inline or on worker threads. `submit` hands back
 * the matches (offsets relative to the region) through `done`, in any order; it returns a
 * promise only when the caller should wait before submitting more (workers are saturated).
 */
export interface BlobScanner {
  submit<T>(region: Buffer, ctx: T, done: (matches: RawMatch[], ctx: T) => void): Promise<void> | void;
  /** Waits for every submitted region and stops the workers. */
  finish(): Promise<void>;
}

export function createBlobScanner(engine: SecretEngine, detectors: Map<string, Detector>, threads: number): BlobScanner {
  const builtIn = new Set(ALL_DETECTORS);
  const portable = [...detectors.values()].every((d) => builtIn.has(d));
  if (threads <= 1 || !portable || !builtWorkerExists(WORKER_URL)) return inlineScanner(engine);
  return new PooledScanner(threads, { enabled: [...detectors.keys()] });
}

function inlineScanner(engine: SecretEngine): BlobScanner {
  return {
    submit(region, ctx, done) {
      done(engine.scan(region), ctx);
    },
    finish: async () => {},
  };
}

type Pending = { region: Uint8Array; finish: (m: RawMatch[]) => void };

class PooledScanner implements BlobScanner {
  private readonly pool: WorkerPool<HistoryWorkerTask, HistoryWorkerResult>;
  private batch: Pending[] = [];
  private batchBytes = 0;
  private readonly inflight = new Set<Promise<void>>();
  private failure: unknown = null;

  constructor(
    private readonly threads: number,
    init: HistoryWorkerInit,
  ) {
    this.pool = new WorkerPool(WORKER_URL, threads, init);
  }

  submit<T>(region: Buffer, ctx: T, done: (matches: RawMatch[], ctx: T) => void): Promise<void> | void {
    if (this.failure) throw this.failure;
    // A copy: the region may be a view into a pipe chunk or a pooled buffer.
    this.batch.push({ region: new Uint8Array(region), finish: (m) => done(m, ctx) });
    this.batchBytes += region.length;
    if (this.batchBytes >= BATCH_BYTES || this.batch.length >= BATCH_ITEMS) return this.flush();
  }

  private flush(): Promise<void> | void {
    if (this.batch.length === 0) return;
    const items = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    const p: Promise<void> = this.pool
      .run({ regions: items.map((i) => i.region) })
      .then((res) => items.forEach((item, k) => item.finish(res[k] ?? [])))
      .catch((e: unknown) => {
        this.failure ??= e;
      })
      .finally(() => this.inflight.delete(p));
    this.inflight.add(p);
    // Two batches per worker keep them busy while the main thread reads and prepares the next.
    if (this.inflight.size >= this.threads * 2) return Promise.race(this.inflight);
  }

  async finish(): Promise<void> {
    try {
      await this.flush();
      await Promise.all(this.inflight);
      if (this.failure) throw this.failure;
    } finally {
      await this.pool.close();
    }
  }
}

import { MessageChannel, Worker } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RampartError } from '../../core/errors.js';
import { decodeResults, encodeBatch, type BatchRequest, type Deferrable, type JobResult, type SyncerCommand, type SyncerInit, type SyncerReply, type WireError, type WireReply, type WorkerInit, type WriteJob } from './protocol.js';
import { DurableAcks } from './sync-order.js';

/**
 * Group commit on a writer thread (SQLite only).
 *
 * better-sqlite3 is synchronous: a commit with synchronous=FULL fsyncs on the calling thread, and on
 * the event loop that stalls every request for the fsync (milliseconds on a virtual disk). Here the
 * hot writes (audit entries, vault writes) are jobs sent to one worker thread with its own
 * connection. Jobs queue while a batch commits; the next batch takes everything queued, and when
 * idle a job is sent at once. The writer thread does not fsync: a second thread (syncer.ts) fsyncs
 * the WAL, so a batch of read and decision entries never waits behind another batch's fsync. A
 * job's promise resolves once its batch has committed and, unless it deferred its fsync
 * (protocol.ts Deferrable), once an fsync that began after that commit has finished
 * (sync-order.ts); or it rejects with its own error (its savepoint was rolled back; the batch's
 * other jobs are unaffected).
 *
 * Readers on the main thread see committed rows (WAL). Other writers (identity changes, the gate,
 * checkpoints) still write on the main connection; SQLite's write lock serialises them with this
 * thread (busy_timeout).
 */

export interface WriterOptions {
  /** Most jobs in one transaction (default 1000). */
  maxBatch?: number;
  /** The worker script (default: worker.js next to this module, or in dist/ when run from sources). */
  workerUrl?: URL;
  /** The sync thread's script (default: syncer.js beside the worker script). */
  syncerUrl?: URL;
}

interface Pending {
  job: WriteJob;
  transfer: ArrayBuffer[];
  resolve(r: JobResult & { ok: true }): void;
  reject(e: Error): void;
}

export class WriterError extends RampartError {
  constructor(message: string) {
    super('E_WRITER', message);
    this.name = 'WriterError';
  }
}

/** An error a job's handler raised in the worker; `wire` keeps its extra fields (e.g. a conflict's versions). */
export class JobError extends RampartError {
  constructor(readonly wire: WireError) {
    super(wire.code ?? 'E_WRITE_FAILED', wire.message);
    this.name = 'JobError';
  }
}

const errorOf = (e: WireError): Error => new JobError(e);
const deferred = (job: WriteJob): boolean => (job as Deferrable).deferSync === true;

/** A batch sent less than this long ago means load: deferred-fsync jobs may wait to share a message. */
const BUSY_MS = 2;
const GATHER_MS = 1;
const GATHER_JOBS = 16;

export class SqliteWriter {
  private readonly queue: Pending[] = [];
  private inFlight: Pending[] | null = null;
  private nextId = 1;
  private failed: Error | undefined;
  private closing: Promise<void> | undefined;
  private idle: (() => void)[] = [];
  private readonly maxBatch: number;
  /** A pump is scheduled (schedule()). */
  private scheduled = false;
  /** When the last batch was sent (performance.now()). */
  private lastSent = -Infinity;
  /** Queued jobs that must be fsynced (they are never held back to gather others). */
  private durableQueued = 0;
  /** The timer of a gathering wait (schedule()). */
  private gathering: NodeJS.Timeout | undefined;

  /** A replacement thread is starting (see gone()): nothing is sent until it is ready. */
  private restarting = false;
  private restarted: Promise<void> | undefined;
  private restarts = 0;
  /** Committed jobs that wait for an fsync of the WAL (syncer.ts). */
  private readonly acks = new DurableAcks<{ p: Pending; r: JobResult & { ok: true } }>();

  private constructor(
    private worker: Worker,
    private readonly syncer: Worker,
    private readonly dirty: SharedArrayBuffer,
    /** The SQLite file this writer writes (audit/group-commit.ts opens a connection of its own on it). */
    readonly file: string,
    private readonly o: WriterOptions,
  ) {
    this.maxBatch = o.maxBatch ?? 1000;
    this.attach(worker);
    syncer.on('message', (m: SyncerReply) => this.onSync(m));
    syncer.on('error', (e) => this.fail(new WriterError(`the WAL sync thread failed: ${e.message}`)));
    syncer.on('exit', (code) => {
      this.fail(new WriterError(`the WAL sync thread exited (${code})`));
      // Without it nothing the writer commits could be acknowledged: end the writer too.
      if (!this.closing) void this.worker.terminate();
    });
  }

  private onSync(m: SyncerReply): void {
    if ('synced' in m) {
      for (const { p, r } of this.acks.synced(m.synced)) p.resolve(r);
    } else if ('syncFailed' in m) {
      const err = new WriterError(`the write was committed but the WAL fsync failed (${m.error.message}); it may not survive a power loss`);
      for (const { p } of this.acks.failed(m.syncFailed)) p.reject(err);
    } else return;
    if (!this.inFlight && this.queue.length === 0 && this.acks.size === 0) for (const f of this.idle.splice(0)) f();
  }

  private attach(worker: Worker): void {
    // Events of a thread that was already replaced are ignored (error, then exit, for one death).
    worker.on('message', (m: WireReply) => worker === this.worker && this.onReply(m));
    worker.on('error', (e) => worker === this.worker && this.gone(e));
    worker.on('exit', (code) => worker === this.worker && this.gone(new WriterError(`the writer thread exited (${code})`)));
  }

  /**
   * The thread died. Once, a new one is started: the batch it was writing fails with a clear error
   * (it may or may not have committed: SQLite rolls back an unfinished transaction, but a
   * commit may have completed just before the death), and queued jobs, never sent, go to the new
   * thread. A second death, or a failure to restart, fails everything from then on.
   */
  private gone(e: Error): void {
    if (this.failed) return;
    if (this.closing || this.restarts >= 1) return this.fail(e);
    this.restarts++;
    this.restarting = true;
    const lost = this.inFlight ?? [];
    this.inFlight = null;
    const err = new WriterError(`the writer thread stopped (${e.message}) while writing this job; it may not have been committed`);
    for (const p of lost) p.reject(err);
    this.restarted = SqliteWriter.start(this.file, this.o, this.syncer, this.dirty).then(
      (w) => {
        this.worker = w;
        this.restarting = false;
        this.attach(w);
        if (this.queue.length === 0) this.pump();
        else this.schedule();
      },
      (startErr: unknown) => this.fail(startErr instanceof Error ? startErr : new WriterError(String(startErr))),
    );
  }

  /** Starts the writer and sync threads on the store's SQLite file; resolves once their connections are open. */
  static async open(file: string, o: WriterOptions = {}): Promise<SqliteWriter> {
    const workerUrl = o.workerUrl ?? defaultWorkerUrl();
    const dirty = new SharedArrayBuffer(4);
    const init: SyncerInit = { file, dirty };
    const syncer = new Worker(o.syncerUrl ?? new URL('./syncer.js', workerUrl), { workerData: init });
    try {
      await ready(syncer, 'the WAL sync thread', file);
      return new SqliteWriter(await SqliteWriter.start(file, o, syncer, dirty), syncer, dirty, file, o);
    } catch (e) {
      await syncer.terminate();
      throw e;
    }
  }

  /** A writer thread, with a channel of its own to the sync thread (it reports its commits there). */
  private static async start(file: string, o: WriterOptions, syncer: Worker, dirty: SharedArrayBuffer): Promise<Worker> {
    const { port1, port2 } = new MessageChannel();
    syncer.postMessage({ attach: port2 } satisfies SyncerCommand, [port2]);
    const init: WorkerInit = { file, syncPort: port1, dirty };
    const worker = new Worker(o.workerUrl ?? defaultWorkerUrl(), { workerData: init, transferList: [port1] });
    await ready(worker, 'the writer thread', file);
    return worker;
  }

  /**
   * Another connection of this process committed with synchronous=NORMAL (audit/group-commit.ts):
   * the sync thread fsyncs the WAL within its delay, as after a batch of deferred jobs.
   */
  committedElsewhere(): void {
    Atomics.store((this.dirtyView ??= new Int32Array(this.dirty)), 0, 1);
  }
  private dirtyView: Int32Array | undefined;

  /**
   * Queues a job; resolves once it has committed. `transfer`: buffers of the job handed to the
   * worker (they become unusable here, so no copy of a secret stays on this thread).
   */
  submit(job: WriteJob, transfer: ArrayBuffer[] = []): Promise<JobResult & { ok: true }> {
    return new Promise((resolve, reject) => this.enqueue(job, transfer, resolve, reject));
  }

  /**
   * submit() with callbacks instead of a promise: exactly one of them is called, later (never
   * during this call). For the audit log's hot path, which would otherwise chain a second promise
   * on submit's for every read.
   */
  enqueue(job: WriteJob, transfer: ArrayBuffer[], resolve: (r: JobResult & { ok: true }) => void, reject: (e: Error) => void): void {
    const refusal = this.failed ?? (this.closing ? new WriterError('the writer is closed') : undefined);
    if (refusal) {
      queueMicrotask(() => reject(refusal));
      return;
    }
    this.queue.push({ job, transfer, resolve, reject });
    const durable = (job as Deferrable).deferSync !== true;
    if (durable) this.durableQueued++;
    if (this.gathering && (durable || this.queue.length >= GATHER_JOBS)) {
      // Enough company, or a job that must not wait: send at the end of this turn instead.
      clearTimeout(this.gathering);
      this.gathering = undefined;
      this.scheduled = false;
    }
    this.schedule();
  }

  /**
   * Sends the queue soon, not at once: jobs submitted during one event-loop turn (the requests
   * answered in one poll) go in one message, one postMessage and one transaction instead of one
   * per request. Under load (a batch went out a moment ago) a queue of deferred-fsync jobs only
   * (reads' audit entries) waits up to GATHER_MS for GATHER_JOBS jobs to share its message; a
   * job that must be fsynced never waits for that.
   */
  private schedule(): void {
    if (this.scheduled || this.inFlight || this.restarting || this.queue.length === 0 || this.failed) return;
    this.scheduled = true;
    const run = () => {
      if (!this.scheduled) return; // superseded (submit() cut a gathering wait short)
      this.scheduled = false;
      this.gathering = undefined;
      this.pump();
    };
    const busy = performance.now() - this.lastSent < BUSY_MS;
    if (busy && this.durableQueued === 0 && this.queue.length < GATHER_JOBS) this.gathering = setTimeout(run, GATHER_MS);
    else setImmediate(run);
  }

  private pump(): void {
    if (this.inFlight || this.scheduled || this.restarting || this.queue.length === 0 || this.failed) {
      if (!this.inFlight && this.queue.length === 0 && this.acks.size === 0) for (const f of this.idle.splice(0)) f();
      return;
    }
    const batch = this.queue.splice(0, this.maxBatch);
    this.inFlight = batch;
    this.lastSent = performance.now();
    this.durableQueued = this.queue.reduce((n, p) => n + ((p.job as Deferrable).deferSync === true ? 0 : 1), 0);
    const req: BatchRequest = { id: this.nextId++, jobs: batch.map((p) => p.job) };
    try {
      this.worker.postMessage(encodeBatch(req), batch.flatMap((p) => p.transfer));
    } catch (e) {
      this.inFlight = null;
      const err = e instanceof Error ? e : new Error(String(e));
      for (const p of batch) p.reject(err);
      this.pump();
    }
  }

  private onReply(m: WireReply): void {
    if ('ready' in m) return;
    const batch = this.inFlight;
    this.inFlight = null;
    if (batch) {
      if ('fatal' in m) {
        const err = errorOf(m.fatal);
        for (const p of batch) p.reject(err);
      } else {
        let results: JobResult[];
        try {
          results = decodeResults(m.json);
        } catch {
          results = [];
        }
        const durable: { p: Pending; r: JobResult & { ok: true } }[] = [];
        batch.forEach((p, i) => {
          const r = results[i];
          if (!r?.ok) p.reject(r ? errorOf(r.error) : new WriterError('the writer thread sent no result for a job'));
          else if (deferred(p.job)) p.resolve(r);
          else durable.push({ p, r });
        });
        for (const { p, r } of this.acks.committed(m.id, durable)) p.resolve(r);
      }
    }
    if (this.queue.length === 0) this.pump(); // tells settled() waiters
    else this.schedule();
  }

  private fail(e: Error): void {
    if (this.failed) return;
    this.restarting = false;
    this.failed = this.closing ? new WriterError('the writer is closed') : e;
    const all = [...(this.inFlight ?? []), ...this.queue.splice(0), ...this.acks.drain().map((a) => a.p)];
    this.inFlight = null;
    for (const p of all) p.reject(this.failed);
    for (const f of this.idle.splice(0)) f();
  }

  /** Resolves once every job submitted so far has been answered. */
  settled(): Promise<void> {
    if (!this.inFlight && this.queue.length === 0 && this.acks.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Writes what is queued, then closes the threads' connections (the sync thread last: it fsyncs what the writer committed) and ends them. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.restarted;
      await this.settled();
      if (!this.failed) {
        const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
        this.worker.postMessage({ close: true });
        await exited;
      }
      const syncerExited = new Promise<void>((resolve) => this.syncer.once('exit', () => resolve()));
      this.syncer.postMessage({ close: true } satisfies SyncerCommand);
      await syncerExited;
    })();
    return this.closing;
  }
}

/** Resolves once a thread says its connection is open; rejects if it cannot open one or dies first. */
function ready(worker: Worker, what: string, file: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onMessage = (m: WireReply | SyncerReply) => {
      if ('ready' in m) {
        cleanup();
        if (m.ready) resolve();
        else reject(new WriterError(`${what} cannot open ${file}: ${m.error.message}`));
      }
    };
    const onError = (e: Error) => (cleanup(), reject(e));
    const onExit = (code: number) => (cleanup(), reject(new WriterError(`${what} exited (${code}) before it was ready`)));
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/** worker.js beside this module; from the TypeScript sources (tests), the built one in dist/. */
function defaultWorkerUrl(): URL {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return new URL('./worker.js', import.meta.url);
  return pathToFileURL(here.replace(/[\\/]src[\\/]server[\\/]writer[\\/]writer\.ts$/, '/dist/server/writer/worker.js'));
}

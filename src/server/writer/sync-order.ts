/**
 * The ordering rule of the writer's deferred fsync, as plain data structures (no threads, no I/O)
 * so that it can be tested on its own.
 *
 * The writer thread commits every batch with synchronous=NORMAL (written to the OS: survives a
 * crash of this process, not yet a power loss) and then reports the batch id to the sync thread.
 * A job that must be fsynced before its answer is acknowledged only after an fsync of the WAL
 * that STARTED after its commit has finished: batch ids are committed in increasing order, so
 * "a sync that began after batch b was reported finished" covers every batch up to b.
 */

/**
 * Sync-thread side: the commits reported so far and what a sync about to start covers.
 * Only commits reported before begin() are covered by that sync.
 */
export class SyncRequests {
  /** Highest batch id whose commit was reported. */
  private reported = 0;
  /** Highest batch id covered by a sync that has begun. */
  private covered = 0;
  /** A reported, uncovered commit holds a job that waits for the fsync (not just a deferred one). */
  private urgentWaiting = false;

  /** Batch `id` has committed (reported by the writer thread after its COMMIT returned). */
  add(id: number, urgent: boolean): void {
    if (id > this.reported) this.reported = id;
    if (urgent && id > this.covered) this.urgentWaiting = true;
  }

  /** Some reported commit is not covered by a sync yet. */
  get pending(): boolean {
    return this.reported > this.covered;
  }

  /** Some uncovered commit holds a job whose answer waits for the fsync. */
  get urgent(): boolean {
    return this.urgentWaiting;
  }

  /** A sync starts now: it covers every commit reported so far; returns the highest such id. */
  begin(): number {
    this.covered = this.reported;
    this.urgentWaiting = false;
    return this.covered;
  }
}

/**
 * Main-thread side: jobs that committed and wait for a sync. The sync thread's "synced through b"
 * may arrive before the writer's answer for batch b (two threads, two message queues), so the
 * highest synced id is remembered and a batch already covered is acknowledged at once.
 */
export class DurableAcks<T> {
  private syncedThrough = 0;
  private readonly waiting: { batch: number; item: T }[] = [];

  /** Items of committed batch `batch` that wait for a sync; returns those already covered (to acknowledge now). */
  committed(batch: number, items: readonly T[]): T[] {
    if (items.length === 0) return [];
    if (batch <= this.syncedThrough) return [...items];
    for (const item of items) this.waiting.push({ batch, item });
    return [];
  }

  /** A sync that began after batch `through` committed has finished: the items it covers. */
  synced(through: number): T[] {
    if (through > this.syncedThrough) this.syncedThrough = through;
    return this.take(this.syncedThrough);
  }

  /** A sync that would have covered batches up to `through` failed: the items it leaves unsynced. */
  failed(through: number): T[] {
    return this.take(through);
  }

  /** Every waiting item (the writer fails). */
  drain(): T[] {
    return this.waiting.splice(0).map((w) => w.item);
  }

  get size(): number {
    return this.waiting.length;
  }

  private take(through: number): T[] {
    // Batches are committed, and so added, in increasing id order: the covered ones are a prefix.
    let n = 0;
    while (n < this.waiting.length && this.waiting[n]!.batch <= through) n++;
    return this.waiting.splice(0, n).map((w) => w.item);
  }
}

import Database from 'better-sqlite3';
// log.ts imports this module too: AuditError is only used inside functions, after both have loaded.
import { AuditError } from './log.js';
import type { EntryText } from './entry.js';
import { readTail, RowInserter, TAIL_SQL } from './rows.js';
import { chainHash } from '../writer/seal.js';
import type { ChainLink } from '../writer/protocol.js';

/**
 * Reads' audit entries committed on the main thread (SQLite with a writer thread only), one
 * transaction per event-loop turn: the entries queued during a turn (the requests of one poll)
 * are chained and inserted in setImmediate, committed once, and only then are their callbacks
 * called, which send the responses. No read answer leaves before its entry is committed.
 *
 * Why here and not on the writer thread: a read's entry crossing to the writer and its commit
 * reply crossing back cost the event loop more (two messages, serialisation, a second wake-up per
 * batch, and the writer thread's own wake-up) than chaining and inserting the rows here, which is
 * a few µs per entry plus one commit per turn. Commits here are synchronous=NORMAL: written to the
 * OS before the callbacks run (they survive SIGKILL of the server), never fsynced on this thread;
 * the WAL sync thread fsyncs them within its delay, exactly as it does for the writer thread's
 * deferred jobs (writer/syncer.ts), told by the same `dirty` flag (`onCommit`).
 *
 * One chain, one order: this connection and the writer thread's both append under SQLite's one
 * write lock (BEGIN IMMEDIATE), and each reads the chain's tail inside its transaction (the writer
 * once per batch, this once per turn), so the table's tail under that lock is the one sequencer,
 * as it is for several processes on PostgreSQL (log.ts). The writer thread's Merkle frontier
 * re-checks rows it did not write before folding them in (writer/frontier.ts), so a checkpoint
 * still signs only what the rows say.
 *
 * busy_timeout is 0 here, on purpose: SQLite's busy handler sleeps, and a sleep on the event
 * loop would stall every request; worse, the lock may be held by this very thread (a Kysely
 * transaction on the main connection awaiting between statements), which a sleep would never
 * see released. A busy lock is retried on a later turn instead, with the entries still queued, but
 * only for HAND_OFF_MS: under steady writes BEGIN IMMEDIATE may keep finding the lock taken, so the
 * group then goes to the writer thread (`handOff`, which waits for the lock off the event loop)
 * rather than failing its reads.
 *
 * The callbacks (onCommit, each `done`) run in setImmediate, where a throw would crash the process
 * or leave the group's answers and close() waiting: each runs in its own try/catch and a throw is
 * reported (`report`); a failing onCommit fails the group's requests.
 */

interface Queued {
  entries: readonly EntryText[];
  /** Exactly once: the entries' places in the chain, or the error that kept them out. */
  done: (err: Error | null, links?: readonly ChainLink[]) => void;
}

/** A lock busy this long (another connection's transaction) hands the queued entries to `handOff`. */
const HAND_OFF_MS = 40;
/** Without a `handOff`, a lock busy this long fails the queued entries. */
const BUSY_GIVE_UP_MS = 5000;

export interface GroupCommitOptions {
  /** Entries the write lock kept busy for HAND_OFF_MS: commit them elsewhere (the writer thread), then call `done` once. */
  handOff?: (entries: readonly EntryText[], done: Queued['done']) => void;
  /** A callback that threw (logged by the caller; never rethrown on the event loop). */
  report?: (e: Error) => void;
  /** Tests: how long a busy lock is retried here before hand-off or failure. */
  busyMs?: number;
}

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_RECOVERY, SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_TIMEOUT). */
export function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

export class GroupCommit {
  private queue: Queued[] = [];
  private scheduled = false;
  private busySince = 0;
  private closed = false;
  private readonly rows: RowInserter;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;
  private readonly tail: Database.Statement;
  private idle: (() => void)[] = [];

  private constructor(
    private readonly db: Database.Database,
    private readonly onCommit: (links: readonly (readonly ChainLink[])[]) => void,
    private readonly opts: GroupCommitOptions,
  ) {
    this.begin = db.prepare('begin immediate');
    this.commit = db.prepare('commit');
    this.rollback = db.prepare('rollback');
    this.tail = db.prepare(TAIL_SQL);
    this.rows = new RowInserter(db);
  }

  /**
   * A connection of its own on the store's file. `onCommit(links)` runs after each commit (the
   * group's entries, per add() call, in chain order), before the callbacks: it must tell the WAL
   * sync thread (and may queue a checkpoint); should it throw, the group's requests fail.
   */
  static open(file: string, onCommit: (links: readonly (readonly ChainLink[])[]) => void, opts: GroupCommitOptions = {}): GroupCommit {
    const db = new Database(file, { fileMustExist: true });
    try {
      db.pragma('journal_mode = WAL');
      // Written to the OS at commit, fsynced by the sync thread (see above).
      db.pragma('synchronous = NORMAL');
      // Checkpoints are the sync thread's (a commit here must never run one on the event loop).
      db.pragma('wal_autocheckpoint = 0');
      db.pragma('busy_timeout = 0');
      return new GroupCommit(db, onCommit, opts);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  /** Queues entries (already normalised) for this turn's commit; `done` is called later, never during this call. */
  add(entries: readonly EntryText[], done: Queued['done']): void {
    if (this.closed) {
      queueMicrotask(() => this.call(done, new AuditError('the audit log is closed')));
      return;
    }
    this.queue.push({ entries, done });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const group = this.queue;
    if (group.length === 0) return this.wake();
    this.queue = [];
    let links: ChainLink[][];
    try {
      links = this.write(group);
    } catch (e) {
      if (isBusy(e)) {
        const handOff = this.opts.handOff;
        if (!this.givenUp(handOff ? (this.opts.busyMs ?? HAND_OFF_MS) : (this.opts.busyMs ?? BUSY_GIVE_UP_MS))) {
          // Another connection holds the write lock: the entries wait for a later turn, in order.
          this.queue = group.concat(this.queue);
          this.scheduled = true;
          setTimeout(this.flush, 1);
          return;
        }
        if (handOff) {
          // Still busy: the writer thread waits for the lock off the event loop, in order after
          // what it already has; the next group tries here again.
          this.busySince = 0;
          for (const q of group) {
            try {
              handOff(q.entries, q.done);
            } catch (h) {
              this.call(q.done, h instanceof AuditError ? h : new AuditError(`audit entries could not be handed to the writer: ${(h as Error).message}`));
            }
          }
          return this.wake();
        }
      }
      this.busySince = 0;
      const err = e instanceof AuditError ? e : new AuditError(`audit entries could not be committed: ${(e as Error).message}`);
      for (const q of group) this.call(q.done, err);
      return this.wake();
    }
    this.busySince = 0;
    try {
      this.onCommit(links);
    } catch (e) {
      // Committed, but not told to the sync thread / checkpoints: the requests are not answered as audited.
      this.report(e);
      const err = new AuditError(`audit entries were committed but not recorded: ${(e as Error).message}`);
      for (const q of group) this.call(q.done, err);
      return this.wake();
    }
    for (let i = 0; i < group.length; i++) this.call(group[i]!.done, null, links[i]);
    this.wake();
  };

  /** One callback; a throw is reported, never left to crash the process or skip the rest of the group. */
  private call(done: Queued['done'], err: Error | null, links?: readonly ChainLink[]): void {
    try {
      done(err, links);
    } catch (e) {
      this.report(e);
    }
  }

  private report(e: unknown): void {
    try {
      this.opts.report?.(e instanceof Error ? e : new Error(String(e)));
    } catch {
      // the reporter itself failed: nothing more to do on this thread
    }
  }

  private givenUp(limitMs: number): boolean {
    const now = performance.now();
    if (this.busySince === 0) this.busySince = now;
    return now - this.busySince >= limitMs;
  }

  /** One transaction: the tail under the write lock, the group's rows chained after it, commit. */
  private write(group: readonly Queued[]): ChainLink[][] {
    this.begin.run();
    try {
      let { seq, hash } = readTail(this.tail);
      const out: ChainLink[][] = [];
      const params: unknown[] = [];
      for (const q of group) {
        const mine: ChainLink[] = [];
        for (const f of q.entries) {
          const next = seq + 1;
          const h = chainHash(next, hash, f);
          params.push(next, f.ts, f.actor, f.action, f.resource, f.outcome, f.detailJson, hash, h);
          mine.push({ seq: next, prevHash: hash, hash: h });
          seq = next;
          hash = h;
        }
        out.push(mine);
      }
      this.rows.insert(params);
      this.commit.run();
      return out;
    } catch (e) {
      if (this.db.inTransaction) this.rollback.run();
      throw e;
    }
  }

  private wake(): void {
    if (this.queue.length === 0 && !this.scheduled) for (const f of this.idle.splice(0)) f();
  }

  /** Resolves once everything queued so far is committed or failed. */
  settled(): Promise<void> {
    if (this.queue.length === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Commits what is queued, then closes the connection; later add()s fail. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.settled();
    this.closed = true;
    this.db.close();
  }
}

import Database from 'better-sqlite3';
import { sharedLoginBlockedUntil } from './epoch.js';
import { blockMs, extendBlock, LoginLimiter, type FailureCounts, type LoginLimitOptions } from './login-limit.js';

/**
 * The login limiter's counters in the database (login_failures, server_state.login_blocked_until;
 * migration 0012) instead of one process's memory, for several HTTP processes on one SQLite file
 * (`rampart server --http-workers N`): a client's failures count against it whichever process
 * answered them, and a block set by one process is enforced by all of them at once.
 *
 * Same rules as LoginLimiter (free failures per window, doubling blocks, capped). The usual
 * request reads one row (server_state: has any block not ended yet?); only then is its key looked
 * up. Failures are written on a connection of its own (synchronous=NORMAL: counters need not
 * survive a power loss, and a 401 must not wait for an fsync), in one short transaction each.
 *
 * A failure never waits for the write lock (busy_timeout 0, as writer/group-commit.ts): this runs
 * on the event loop, and an anonymous flood makes every worker count. A failure that cannot be
 * written at once (another process holds the lock) stays counted in this process (`pending`):
 * its key's block is judged from the database's count plus the pending ones (fails closed), and
 * the pending counts are written with the next failure or by a short retry timer.
 */

interface Pending {
  /** Failures not yet in the database. */
  n: number;
  /** The key's free failures (token or anonymous). */
  free: number;
  /** The block judged when the last of them was counted (database count plus `n`). */
  until: number;
}

/** Most keys held pending (the database unwritable for long): the oldest are written off first. */
const MAX_PENDING = 100_000;
/** Retry of pending failures after a busy database (ms). */
const RETRY_MS = 50;

export class SharedLoginLimiter extends LoginLimiter {
  private readonly db: Database.Database;
  private readonly latest: Database.Statement;
  private readonly entry: Database.Statement;
  private readonly flushTx: Database.Transaction<(t: number) => void>;
  private readonly clock: () => number;
  private readonly pending = new Map<string, Pending>();
  /** The end of the latest block judged with pending failures (not in server_state yet). */
  private localBlockEnd = 0;
  private retry: NodeJS.Timeout | undefined;
  private failsSincePrune = 0;
  private closed = false;
  /** A failure that could not be written for another reason than a busy database: logged by the caller. */
  onError?: (e: Error) => void;

  constructor(file: string, opts: Omit<LoginLimitOptions, 'maxKeys'> = {}) {
    super(opts);
    this.clock = opts.now ?? Date.now;
    this.db = new Database(file, { fileMustExist: true });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // Never wait for the lock on the event loop: busy means "count locally, write later".
    this.db.pragma('busy_timeout = 0');
    this.latest = this.db.prepare('select login_blocked_until from server_state where id = 1').pluck();
    this.entry = this.db.prepare('select failures, window_start, blocked_until from login_failures where key = ?');
    const upsert = this.db.prepare(
      'insert into login_failures (key, failures, window_start, blocked_until) values (?, ?, ?, ?) on conflict (key) do update set failures = excluded.failures, window_start = excluded.window_start, blocked_until = excluded.blocked_until',
    );
    const raise = this.db.prepare('update server_state set login_blocked_until = max(login_blocked_until, ?) where id = 1');
    const prune = this.db.prepare('delete from login_failures where window_start <= ? and blocked_until <= ?');
    const o = this.opts;
    this.flushTx = this.db.transaction((t: number): void => {
      let end = 0;
      for (const [key, p] of this.pending) {
        const e = this.counted(key, p, t);
        if (e.blockedUntil > t) end = Math.max(end, e.blockedUntil);
        upsert.run(key, e.failures, e.windowStart, e.blockedUntil);
        this.failsSincePrune += p.n;
      }
      if (end > 0) raise.run(end);
      // Keys whose window and block are over say nothing any more: the table stays small.
      if (this.failsSincePrune >= 1000) {
        this.failsSincePrune = 0;
        prune.run(t - o.windowMs, t);
      }
    });
  }

  /** The key's counts in the database (fresh when its window is over) plus `p`'s failures at `t`. */
  private counted(key: string, p: Pending | undefined, t: number): FailureCounts {
    const o = this.opts;
    const row = this.entry.get(key) as { failures: number; window_start: number; blocked_until: number } | undefined;
    const e: FailureCounts =
      row && t - Number(row.window_start) < o.windowMs
        ? { failures: Number(row.failures), windowStart: Number(row.window_start), blockedUntil: Number(row.blocked_until) }
        : { failures: 0, windowStart: t, blockedUntil: row ? Number(row.blocked_until) : 0 };
    if (!p) return e;
    e.failures += p.n;
    // n failures at once block as the last of them would alone: the block only grows with the count.
    extendBlock(e, p.free, t, o);
    return e;
  }

  override anyBlocked(): boolean {
    const now = this.clock();
    if (this.localBlockEnd > now) return true;
    // In the server, read with the identity epoch (one statement per request for both).
    const until = sharedLoginBlockedUntil() ?? Number(this.latest.get() ?? 0);
    return until > now;
  }

  override blockedFor(key: string): number {
    const t = this.clock();
    const row = this.entry.get(key) as { blocked_until: number } | undefined;
    const until = Math.max(row ? Number(row.blocked_until) : 0, this.pending.get(key)?.until ?? 0);
    return Math.max(0, until - t);
  }

  override fail(key: string, free: number): number {
    const p = this.pending.get(key) ?? { n: 0, free, until: 0 };
    p.n++;
    p.free = free;
    this.pending.delete(key); // re-insert: the least recently failed key is written off first
    this.pending.set(key, p);
    while (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
    if (this.flush()) return this.blockedFor(key);
    // Busy: judge from the database's count plus this process's pending ones (fail closed).
    const t = this.clock();
    try {
      p.until = Math.max(p.until, this.counted(key, p, t).blockedUntil);
    } catch {
      // Not even a read: the pending count alone.
      p.until = Math.max(p.until, this.counted0(p, t));
    }
    this.localBlockEnd = Math.max(this.localBlockEnd, p.until);
    return Math.max(0, p.until - t);
  }

  /** The block of `p`'s failures alone (the database unreadable). */
  private counted0(p: Pending, t: number): number {
    const over = p.n - p.free;
    return over < 0 ? 0 : t + blockMs(this.opts, over);
  }

  /**
   * Writes the pending failures in one transaction if the write lock is free at once; else keeps
   * them and retries shortly. True when nothing is pending any more.
   */
  flush(): boolean {
    if (this.pending.size === 0 || this.closed) return this.pending.size === 0;
    try {
      // BEGIN IMMEDIATE: the read of the count and its write are one step for every process.
      this.flushTx.immediate(this.clock());
      this.pending.clear();
      if (this.retry) clearTimeout(this.retry);
      this.retry = undefined;
      return true;
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') this.onError?.(e instanceof Error ? e : new Error(String(e)));
      this.retry ??= setTimeout(() => {
        this.retry = undefined;
        this.flush();
      }, RETRY_MS).unref();
      return false;
    }
  }

  /** Failures counted here and not yet written (a busy database). */
  get pendingFailures(): number {
    let n = 0;
    for (const p of this.pending.values()) n += p.n;
    return n;
  }

  override get size(): number {
    return Number(this.db.prepare('select count(*) from login_failures').pluck().get());
  }

  close(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    // Last chance for pending failures (best effort: counters need not survive a stop).
    this.flush();
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.db.close();
  }
}

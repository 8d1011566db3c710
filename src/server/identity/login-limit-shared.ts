import Database from 'better-sqlite3';
import { sharedLoginBlockedUntil } from './epoch.js';
import { LoginLimiter, type LoginLimitOptions } from './login-limit.js';

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
 */
export class SharedLoginLimiter extends LoginLimiter {
  private readonly db: Database.Database;
  private readonly latest: Database.Statement;
  private readonly entry: Database.Statement;
  private readonly failTx: Database.Transaction<(key: string, free: number, t: number) => number>;
  private readonly clock: () => number;
  private failsSincePrune = 0;
  /** A failure that could not be recorded (the database busy for seconds): logged by the caller. */
  onError?: (e: Error) => void;

  constructor(file: string, opts: Omit<LoginLimitOptions, 'maxKeys'> = {}) {
    super(opts);
    this.clock = opts.now ?? Date.now;
    this.db = new Database(file, { fileMustExist: true });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // A failure waits this long at most for the write lock (another process's commit is short).
    this.db.pragma('busy_timeout = 2000');
    this.latest = this.db.prepare('select login_blocked_until from server_state where id = 1').pluck();
    this.entry = this.db.prepare('select failures, window_start, blocked_until from login_failures where key = ?');
    const upsert = this.db.prepare(
      'insert into login_failures (key, failures, window_start, blocked_until) values (?, ?, ?, ?) on conflict (key) do update set failures = excluded.failures, window_start = excluded.window_start, blocked_until = excluded.blocked_until',
    );
    const raise = this.db.prepare('update server_state set login_blocked_until = max(login_blocked_until, ?) where id = 1');
    const prune = this.db.prepare('delete from login_failures where window_start <= ? and blocked_until <= ?');
    const o = this.opts;
    this.failTx = this.db.transaction((key: string, free: number, t: number): number => {
      const row = this.entry.get(key) as { failures: number; window_start: number; blocked_until: number } | undefined;
      let e = row && t - Number(row.window_start) < o.windowMs ? { failures: row.failures, windowStart: Number(row.window_start), blockedUntil: Number(row.blocked_until) } : { failures: 0, windowStart: t, blockedUntil: 0 };
      e = { ...e, failures: e.failures + 1 };
      const over = e.failures - free;
      if (over >= 0) {
        const ms = Math.min(o.maxBlockMs, o.baseBlockMs * 2 ** Math.min(over, 30));
        e.blockedUntil = Math.max(e.blockedUntil, t + ms);
        e.windowStart = Math.max(e.windowStart, e.blockedUntil - o.windowMs);
        raise.run(e.blockedUntil);
      }
      upsert.run(key, e.failures, e.windowStart, e.blockedUntil);
      // Keys whose window and block are over say nothing any more: the table stays small.
      if (++this.failsSincePrune >= 1000) {
        this.failsSincePrune = 0;
        prune.run(t - o.windowMs, t);
      }
      return Math.max(0, e.blockedUntil - t);
    });
  }

  override anyBlocked(): boolean {
    // In the server, read with the identity epoch (one statement per request for both).
    const until = sharedLoginBlockedUntil() ?? Number(this.latest.get() ?? 0);
    return until > this.clock();
  }

  override blockedFor(key: string): number {
    const row = this.entry.get(key) as { blocked_until: number } | undefined;
    return row ? Math.max(0, Number(row.blocked_until) - this.clock()) : 0;
  }

  override fail(key: string, free: number): number {
    try {
      // BEGIN IMMEDIATE: the read of the count and its write are one step for every process.
      return this.failTx.immediate(key, free, this.clock());
    } catch (e) {
      // Never thrown into the response hook; the next failure of the key counts again.
      this.onError?.(e instanceof Error ? e : new Error(String(e)));
      return 0;
    }
  }

  override get size(): number {
    return Number(this.db.prepare('select count(*) from login_failures').pluck().get());
  }

  close(): void {
    this.db.close();
  }
}

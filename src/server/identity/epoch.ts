import { sql, type Kysely } from 'kysely';

/**
 * A counter of identity changes (tokens, users, service accounts, roles, role bindings, projects,
 * trust policies). Caches of what those tables say (auth.ts, app.ts) remember the epoch they read
 * at and throw away anything read before the latest change, so a revocation takes effect on the
 * very next request.
 *
 * One process (the default): the counter lives in this process, raised after every change it
 * commits. Several HTTP processes on one database (`rampart server --http-workers N`,
 * server/cluster.ts): every change also raises server_state.identity_epoch inside its own
 * transaction (raiseIdentityEpoch, always, so any process sees it), and each process reads that
 * row instead (shareIdentityEpoch): once per synchronous run of the event loop, i.e. after the
 * bytes of the request being handled arrived, so a request sent after a change was acknowledged
 * never meets a cache from before it.
 */
let epoch = 0;
/** The server_state row's statement (shareIdentityEpoch), else undefined. */
let shared: { get(): unknown } | undefined;
let memo = -1;
/** server_state.login_blocked_until as read with `memo` (identity/login-limit-shared.ts). */
let memoBlocked = 0;
const forget = (): void => {
  memo = -1;
};

/** Reads server_state once per synchronous run: one read transaction per request for both values. */
function readShared(q: { get(): unknown }): void {
  const row = q.get() as { identity_epoch: number | bigint; login_blocked_until: number | bigint } | undefined;
  memo = Number(row?.identity_epoch ?? 0);
  memoBlocked = Number(row?.login_blocked_until ?? 0);
  queueMicrotask(forget);
}

export function identityEpoch(): number {
  if (shared === undefined) return epoch;
  if (memo < 0) readShared(shared);
  return memo;
}

/**
 * With several processes (shareIdentityEpoch): the end of the latest login block any process set
 * (ms), read with the epoch; undefined otherwise (the limiter reads its own counters).
 */
export function sharedLoginBlockedUntil(): number | undefined {
  if (shared === undefined) return undefined;
  if (memo < 0) readShared(shared);
  return memoBlocked;
}

/** Call after an identity change has committed. */
export function identityChanged(): void {
  epoch++;
  memo = -1;
}

/** Inside an identity change's transaction: other processes' caches see it once it commits. */
export async function raiseIdentityEpoch(trx: Kysely<any>): Promise<void> {
  await sql`update server_state set identity_epoch = identity_epoch + 1 where id = 1`.execute(trx);
}

/**
 * SQLite: read the epoch from the database (server_state) instead of this process's counter;
 * `undefined` goes back to the counter (tests). `reader` is a connection of this process.
 */
export function shareIdentityEpoch(reader: import('better-sqlite3').Database | undefined): void {
  memo = -1;
  if (!reader) {
    shared = undefined;
    return;
  }
  shared = reader.prepare('select identity_epoch, login_blocked_until from server_state where id = 1');
}

import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { closeSync, constants, fdatasyncSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { SyncerCommand, SyncerInit, SyncerReply, SyncRequest, WireError } from './protocol.js';
import { SyncRequests } from './sync-order.js';

/**
 * The WAL sync thread: fsyncs the SQLite WAL and runs the checkpoints, so that the writer thread
 * (worker.ts) never waits for the disk.
 *
 * Why this is as durable as synchronous=FULL for every job acknowledged as durable:
 * - The writer commits with synchronous=NORMAL: the commit's WAL frames are written to the OS
 *   (they survive SIGKILL of the server) but not fsynced; then it reports the batch id here.
 *   A job that waits for the fsync is acknowledged (writer.ts, sync-order.ts) only after an
 *   fdatasync of the WAL that began after its batch was reported, i.e. after its commit.
 * - The WAL is append-only until SQLite restarts it from the beginning, which it does only when
 *   a checkpoint has copied every frame into the database file. A checkpoint on a connection
 *   with synchronous NORMAL or FULL (every connection to the file: store/db.ts, worker.ts, here)
 *   fsyncs the WAL before it copies frames, and the database file after a complete copy, before
 *   it records the copy that lets the WAL restart. So a committed frame is always either in the
 *   WAL that our fsync covers or in a database file that was fsynced before the frame could be
 *   overwritten. This thread runs the checkpoints (the writer's connection has
 *   wal_autocheckpoint=0, so it never stalls on one); the main connection, whose rare commits
 *   are FULL, keeps SQLite's automatic one as a bound on the WAL's size.
 * - The descriptor stays open for the thread's life: SQLite deletes the -wal file only when the
 *   last connection closes, and this thread's connection is open as long as the descriptor, so it
 *   always names the live WAL. SQLite holds no POSIX locks on the -wal file (they are on the
 *   database and -shm files), so our descriptor cannot disturb its locking.
 */

/**
 * Longest a commit of deferred jobs only (read and decision audit entries) waits before an fsync
 * begins: the writer sets `dirty` after each commit, and this thread looks at it this often.
 */
export const SYNC_DELAY_MS = 50;
/** Least time between two checkpoints (each fsyncs the WAL and the database file). */
const CHECKPOINT_MS = 500;

const init = workerData as SyncerInit;
const port = parentPort!;
const post = (m: SyncerReply) => port.postMessage(m);
const wire = (e: unknown): WireError => {
  const code = (e as { code?: unknown }).code;
  return { ...(typeof code === 'string' ? { code } : {}), message: e instanceof Error ? e.message : String(e) };
};

let db: Database.Database;
let fd: number;
try {
  db = new Database(init.file, { fileMustExist: true });
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  // The checkpoint's fsyncs of the WAL and of the database file (see above) need synchronous >= NORMAL.
  db.pragma('synchronous = FULL');
  db.pragma('wal_autocheckpoint = 0');
  // A first read opens the WAL (creating the -wal file if no other connection has yet).
  db.prepare('select count(*) from sqlite_master').get();
  fd = openSync(`${init.file}-wal`, constants.O_RDONLY);
} catch (e) {
  post({ ready: false, error: wire(e) });
  throw e;
}

const dirty = new Int32Array(init.dirty);
const requests = new SyncRequests();
const ports = new Set<MessagePort>();
let scheduled: 'now' | 'later' | undefined;
let timer: NodeJS.Timeout | undefined;
let lastCheckpoint = performance.now();
let closed = false;

function onRequest(m: SyncRequest): void {
  if (typeof m?.sync === 'number') requests.add(m.sync, m.urgent === true);
}

function schedule(): void {
  if (closed || !requests.pending || scheduled === 'now') return;
  if (requests.urgent) {
    if (timer) clearTimeout(timer);
    timer = undefined;
    scheduled = 'now';
    setImmediate(run);
  } else if (!scheduled) {
    scheduled = 'later';
    timer = setTimeout(run, SYNC_DELAY_MS);
  }
}

/** Takes the commits reported while this thread was busy, so one fsync covers them all. */
function drain(): void {
  for (const p of ports) {
    for (let m = receiveMessageOnPort(p); m; m = receiveMessageOnPort(p)) onRequest(m.message as SyncRequest);
  }
}

function run(): void {
  if (timer) clearTimeout(timer);
  timer = undefined;
  scheduled = undefined;
  if (closed) return;
  syncNow();
  if (performance.now() - lastCheckpoint >= CHECKPOINT_MS) checkpoint();
  schedule();
}

function syncNow(always = false): void {
  drain();
  if (!requests.pending && !always && Atomics.load(dirty, 0) === 0) return;
  const through = requests.begin();
  // Cleared before the fsync begins: a commit that sets it again after this is not covered.
  Atomics.store(dirty, 0, 0);
  try {
    fdatasyncSync(fd);
    post({ synced: through });
  } catch (e) {
    // Those jobs stay committed but unsynced: their answers fail (writer.ts) rather than lie.
    post({ syncFailed: through, error: wire(e) });
  }
}

function checkpoint(): void {
  lastCheckpoint = performance.now();
  try {
    // PASSIVE: never waits for the writer or readers; copies what it can (see the note above).
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or failing: the frames stay in the WAL, which keeps them; the next checkpoint retries.
  }
}

port.on('message', (m: SyncerCommand) => {
  if ('attach' in m) {
    const p = m.attach;
    ports.add(p);
    p.on('message', (r: SyncRequest) => (onRequest(r), schedule()));
    p.on('close', () => ports.delete(p));
    return;
  }
  // close: the writer thread has ended; sync what it committed, checkpoint, and end.
  syncNow(true);
  checkpoint();
  closed = true;
  if (timer) clearTimeout(timer);
  clearInterval(tick);
  for (const p of ports) p.close();
  closeSync(fd);
  db.close();
  port.close();
});
// Deferred commits: an fsync begins within SYNC_DELAY_MS of the first one since the last fsync.
const tick = setInterval(() => {
  if (!scheduled && Atomics.load(dirty, 0) !== 0) run();
}, SYNC_DELAY_MS);
post({ ready: true });

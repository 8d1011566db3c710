import cluster, { type Worker } from 'node:cluster';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { UsageError } from '../core/errors.js';
import { openStore } from '../store/db.js';
import { errorResponses, HttpError } from './app.js';
import { loadSigningKey } from './audit/log.js';
import type { ServerConfig } from './config.js';
import { Keyring, loadDataDirKeys } from './vault/master-key.js';

/**
 * `rampart server --http-workers N` (N > 1): N HTTP processes share the listening socket
 * (node:cluster; the primary hands each new connection to the next worker in turn), so vault
 * reads are served on more than one core. The default, 1, is today's single process: nothing here
 * runs. What keeps N processes one server (DESIGN.md, control plane):
 * - the audit chain stays one total order: every process appends under SQLite's write lock and
 *   reads the chain tail inside that transaction (audit/group-commit.ts, writer thread); every
 *   answer still waits for its own entry's commit; worker 1 alone signs checkpoints, over every
 *   process's rows, which its writer thread reads and re-checks (writer/frontier.ts);
 * - identity changes raise server_state.identity_epoch in their transaction and every process
 *   validates its caches against it on each request (identity/epoch.ts); vault rows are read on
 *   every request (no per-process row cache); login failures and blocks are counted in the
 *   database (identity/login-limit-shared.ts); OIDC jti replay is a database insert already;
 * - the master key comes from RAMPART_MASTER_KEY or master.key, loaded by every worker: a vault
 *   unsealed by key shares lives in one process's memory, so that (and sealing or rotating the
 *   key through the API, which would change one process only) is refused;
 * - SQLite only: on PostgreSQL run several servers behind a load balancer instead.
 * Lifecycle: a worker that dies stops the whole server (exit 1; the service manager restarts it
 * with fresh state); SIGTERM/SIGINT stop workers 2..N first, then worker 1, so its final
 * checkpoint covers every entry; a worker whose primary is gone (SIGKILL) kills itself at once.
 */

/** Environment variable telling a forked worker its number (1..N). */
export const WORKER_ENV = 'RAMPART_HTTP_WORKER';

export interface WorkerInfo {
  /** 1..count; worker 1 signs the audit checkpoints. */
  index: number;
  count: number;
}

/** This process's worker number when it is an HTTP worker of --http-workers, else undefined. */
export function workerInfo(cfg: ServerConfig): WorkerInfo | undefined {
  const count = cfg.httpWorkers ?? 1;
  if (count <= 1 || !cluster.isWorker) return undefined;
  const index = Number(process.env[WORKER_ENV]);
  if (!Number.isSafeInteger(index) || index < 1 || index > count) throw new Error(`${WORKER_ENV} ${process.env[WORKER_ENV]}: not a worker number`);
  return { index, count };
}

/**
 * Before forking: refuses what N processes cannot do, and does once what they must not race on
 * (schema migrations, creating the audit signing key).
 */
export async function checkWorkersPossible(cfg: ServerConfig): Promise<void> {
  const n = cfg.httpWorkers ?? 1;
  if (cfg.databaseUrl) {
    throw new UsageError(`--http-workers ${n}: runs on SQLite only; with PostgreSQL (DATABASE_URL) run one process per server, several servers behind a load balancer`);
  }
  const store = await openStore({ dataDir: cfg.dataDir, auditSync: cfg.auditSync ?? 'batched' });
  try {
    const keyring = await Keyring.load(store);
    try {
      void keyring.currentId; // E_NOT_INITIALIZED when the database has no master key
      loadDataDirKeys(keyring, { dataDir: cfg.dataDir });
      if (keyring.sealed) {
        throw new UsageError(
          `--http-workers ${n}: every HTTP process needs the master key, from RAMPART_MASTER_KEY or master.key in ${cfg.dataDir}; ` +
            'a vault unsealed with key shares holds it in one process only: run it with --http-workers 1 (the default)',
        );
      }
    } finally {
      keyring.seal();
    }
    loadSigningKey(cfg.dataDir);
  } finally {
    await store.close();
  }
}

interface ListeningMessage {
  rampart: 'listening';
  url: string;
}

function isListening(m: unknown): m is ListeningMessage {
  return typeof m === 'object' && m !== null && (m as ListeningMessage).rampart === 'listening' && typeof (m as ListeningMessage).url === 'string';
}

/** In a worker: tells the primary this worker listens at `url`. */
export function reportListening(url: string): void {
  process.send?.({ rampart: 'listening', url } satisfies ListeningMessage);
}

/**
 * In a worker: dies with its primary (SIGKILL of the primary closes the IPC channel; the kernel
 * does not kill children by itself). SIGINT (a terminal's Ctrl-C reaches the whole process group)
 * is left to the primary, which stops the workers in order.
 */
export function followPrimary(): () => void {
  const die = () => process.kill(process.pid, 'SIGKILL');
  process.on('disconnect', die);
  process.on('SIGINT', () => undefined);
  // Once this worker has stopped: the IPC channel would keep it alive, so it is closed here.
  return () => {
    process.off('disconnect', die);
    if (process.connected) process.disconnect();
  };
}

/**
 * The primary: forks `count` workers running this same command, resolves once all of them have
 * stopped after `signal` aborts, rejects when a worker dies on its own (the others are stopped).
 * `onListening(url)` once every worker listens. The primary opens no database and holds no key.
 */
export async function runPrimary(count: number, signal: AbortSignal, onListening: (url: string) => void): Promise<void> {
  const workers: Worker[] = [];
  const exited = new Map<Worker, Promise<void>>();
  let stopping = false;
  let failure: Error | undefined;
  let listening = 0;
  let wake: () => void = () => undefined;
  const woken = new Promise<void>((resolve) => (wake = resolve));

  for (let i = 1; i <= count; i++) {
    const w = cluster.fork({ [WORKER_ENV]: String(i) });
    workers.push(w);
    exited.set(
      w,
      new Promise<void>((resolve) =>
        w.once('exit', (code, sig) => {
          if (!stopping) {
            failure ??= new Error(`HTTP worker ${i} exited (${sig ?? `code ${code}`}); stopping the server`);
            wake();
          }
          resolve();
        }),
      ),
    );
    w.on('message', (m: unknown) => {
      if (isListening(m) && ++listening === count) onListening(m.url);
    });
  }
  signal.addEventListener('abort', () => wake(), { once: true });
  if (!signal.aborted) await woken;
  stopping = true;
  // Workers 2..N first: worker 1's final checkpoint then covers their last entries too.
  const stop = async (ws: Worker[]) => {
    for (const w of ws) if (w.isConnected() || !w.isDead()) w.process.kill('SIGTERM');
    await Promise.all(ws.map((w) => exited.get(w)));
  };
  await stop(workers.slice(1));
  await stop(workers.slice(0, 1));
  if (failure) throw failure;
}

/**
 * Routes that would change one process's key state only (seal, master key rotation): with
 * several workers they answer 409 saying how to do it instead. Same permission as the real ones.
 */
export function oneProcessOnlyRoutes(): FastifyPluginAsync {
  const refuse = (what: string) => {
    throw new HttpError(409, 'E_ROTATE_UNSUPPORTED', `${what} changes one process's keys: this server runs several HTTP workers (--http-workers); stop it and run it with --http-workers 1 to do this`);
  };
  return async (app: FastifyInstance) => {
    for (const [url, what] of [
      ['/api/v1/sys/seal', 'sealing the vault'],
      ['/api/v1/sys/rotate-master-key', 'rotating the master key'],
    ] as const) {
      app.post(
        url,
        { preHandler: app.requirePermission('admin:keys', () => null), schema: { summary: `Refused with --http-workers > 1: ${what}`, tags: ['vault'], response: errorResponses(401, 403, 409) } },
        async () => refuse(what),
      );
    }
  };
}

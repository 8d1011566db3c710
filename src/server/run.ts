import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RampartError } from '../core/errors.js';
import { openStore, SQLITE_FILE, type Store } from '../store/db.js';
import { buildServer, type BuildOptions, type LogOptions } from './app.js';
import { readTls, type ServerConfig } from './config.js';
import { Keyring, loadDataDirKeys } from './vault/master-key.js';
import type { WorkerInfo } from './cluster.js';
import { shareIdentityEpoch } from './identity/epoch.js';

/** The server's lifecycle: store, master key, modules, HTTP listener, orderly stop. */
export interface RunHooks {
  /** Aborting closes the server gracefully (in-flight requests finish) and the store. */
  signal: AbortSignal;
  /** `sealed`: no key was configured; the vault waits for shares (`rampart server unseal`). */
  onListening?: (url: string, info: { sealed: boolean }) => void;
  /** Default: JSON logs on stderr. */
  logger?: LogOptions | false;
  /**
   * The server's modules (identity, vault, audit, gate...), made once the store is open and the
   * master key checked. `close` runs after the HTTP server has stopped, before the store closes
   * (e.g. to let the audit log flush).
   */
  modules?: (ctx: ModuleContext) => Promise<ServerModules>;
  /** This process is HTTP worker `index` of `count` (`--http-workers`, cluster.ts). */
  worker?: WorkerInfo;
}

export interface ModuleContext {
  store: Store;
  config: ServerConfig;
  /**
   * The one holder of the master key(s): loaded from RAMPART_MASTER_KEY or master.key and checked
   * against the store, or still sealed (waiting for shares). Sealed by runServer when it stops.
   */
  keyring: Keyring;
  /** Set when this process is one of several HTTP workers on the same database (cluster.ts). */
  worker?: WorkerInfo;
}

export type ServerModules = Pick<BuildOptions, 'plugins' | 'publicPlugins' | 'rootPlugins' | 'authenticate'> & {
  close?: () => Promise<void>;
};

/**
 * Opens the store, loads the master key (RAMPART_MASTER_KEY, then master.key in the data dir, else
 * sealed until shares arrive), listens; resolves once stopped through `signal`.
 */
export async function runServer(cfg: ServerConfig, hooks: RunHooks): Promise<void> {
  const https = cfg.tls ? readTls(cfg.tls) : undefined;
  // Opening SQLite creates the file: refuse an uninitialised data dir before that.
  if (!cfg.databaseUrl && !existsSync(join(cfg.dataDir, SQLITE_FILE))) {
    throw new RampartError('E_NOT_INITIALIZED', `${cfg.dataDir} is not initialised: run \`rampart server init --data-dir ${cfg.dataDir}\` first`);
  }
  const auditSync = cfg.auditSync ?? 'batched';
  const store = await openStore(cfg.databaseUrl ? { databaseUrl: cfg.databaseUrl, auditSync } : { dataDir: cfg.dataDir, auditSync });
  const keyring = await Keyring.load(store).catch(async (e: unknown) => {
    await store.close();
    throw e;
  });
  try {
    void keyring.currentId; // E_NOT_INITIALIZED when the database has no master key
    loadDataDirKeys(keyring, { dataDir: cfg.dataDir });
    // Several processes: caches of identity rows are checked against the database's epoch.
    if (hooks.worker) shareIdentityEpoch(store.sqlite?.reader);
    const modules = (await hooks.modules?.({ store, config: cfg, keyring, ...(hooks.worker ? { worker: hooks.worker } : {}) })) ?? {};
    // Modules may own threads (the SQLite writer): close them if the app cannot be built, or the
    // process would stay alive after the error.
    const app = await buildServer({ store, https, logger: hooks.logger, ...(cfg.trustProxy ? { trustProxy: cfg.trustProxy } : {}), ...modules }).catch(async (e: unknown) => {
      await modules.close?.().catch(() => undefined);
      throw e;
    });
    try {
      if (hooks.signal.aborted) return;
      const stopped = new Promise<void>((resolve) => hooks.signal.addEventListener('abort', () => resolve(), { once: true }));
      await app.listen({ host: cfg.host, port: cfg.port });
      const addr = app.server.address();
      const port = addr && typeof addr === 'object' ? addr.port : cfg.port;
      const host = cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host;
      hooks.onListening?.(`${https ? 'https' : 'http'}://${host}:${port}`, { sealed: keyring.sealed });
      await stopped;
    } finally {
      await app.close();
      await modules.close?.();
    }
  } finally {
    keyring.seal();
    await store.close();
  }
}

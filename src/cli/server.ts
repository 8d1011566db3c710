import type { Command } from 'commander';
import type { GlobalOpts } from './shared.js';
import type { ServerConfig } from '../server/config.js';

interface ServeFlags extends GlobalOpts {
  dataDir?: string;
  listen?: string;
  tlsCert?: string;
  tlsKey?: string;
  logLevel?: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** `rampart server [init]`: the control plane (identity, vault, audit, deployment gate). */
export function registerServer(program: Command, setCode: (c: number) => void): void {
  const server = program
    .command('server')
    .description('run the Rampart control-plane server (DATABASE_URL selects PostgreSQL; SQLite in --data-dir otherwise)')
    .option('--data-dir <dir>', 'data directory: database (SQLite), master key (default: RAMPART_DATA_DIR or your data dir)')
    .option('--listen <host:port>', 'address to listen on (default 127.0.0.1:8080, or RAMPART_LISTEN)')
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (with --tls-key)')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--log-level <level>', `JSON log level on stderr: ${LOG_LEVELS.join('|')}`, 'info')
    .action(async (o: ServeFlags) => {
      const { resolveServerConfig } = await import('../server/config.js');
      const cfg = resolveServerConfig(o);
      const level = o.logLevel ?? 'info';
      if (!LOG_LEVELS.includes(level)) {
        const { UsageError } = await import('../core/errors.js');
        throw new UsageError(`--log-level ${JSON.stringify(level.slice(0, 40))}: expected one of ${LOG_LEVELS.join(', ')}`);
      }
      const ac = new AbortController();
      const stop = () => ac.abort();
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      try {
        const { serverModules } = await import('../server/modules.js');
        await runServer(cfg, {
          signal: ac.signal,
          modules: serverModules,
          logger: { level },
          onListening: (url) => {
            if (!o.quiet) process.stderr.write(`rampart: server listening on ${url}\n`);
          },
        });
      } finally {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
      }
      if (!o.quiet) process.stderr.write('rampart: server stopped\n');
      setCode(0);
    });

  server
    .command('init')
    .description('create the data directory, master key, schema and first admin; prints a bootstrap token once')
    .option('--data-dir <dir>', 'data directory to create')
    .option('--admin <name>', 'username of the first admin', 'admin')
    .action(async (_o: unknown, cmd: Command) => {
      // `--data-dir` may be parsed by the parent `server` command: read both levels.
      const o = cmd.optsWithGlobals<ServeFlags & { admin: string }>();
      const { resolveServerConfig } = await import('../server/config.js');
      const { initServer } = await import('../server/init.js');
      const cfg = resolveServerConfig({ dataDir: o.dataDir });
      const r = await initServer({ dataDir: cfg.dataDir, databaseUrl: cfg.databaseUrl, adminName: o.admin });
      if (!o.quiet) {
        process.stderr.write(
          `rampart: initialised ${r.dataDir} (${cfg.databaseUrl ? 'PostgreSQL' : 'SQLite'}); master key ${r.masterKeyPath}\n` +
            `rampart: first admin "${r.adminName}"; the bootstrap token follows on stdout. It is shown only this once: store it now.\n`,
        );
      }
      // The one place a token is ever printed: stdout only, so it can be captured, never logged.
      process.stdout.write(r.token + '\n');
      setCode(0);
    });
}

export interface RunHooks {
  /** Aborting closes the server gracefully (in-flight requests finish) and the store. */
  signal: AbortSignal;
  onListening?: (url: string) => void;
  /** Default: JSON logs on stderr. */
  logger?: import('../server/app.js').LogOptions | false;
  /**
   * The server's modules (identity, vault, audit, gate...), made once the store is open and the
   * master key checked. `close` runs after the HTTP server has stopped, before the store closes
   * (e.g. to let the audit log flush).
   */
  modules?: (ctx: ModuleContext) => Promise<ServerModules>;
}

export interface ModuleContext {
  store: import('../store/db.js').Store;
  config: ServerConfig;
  /** The checked master key; zeroed when the server stops (copy it if a module keeps it). */
  masterKey: Buffer;
  masterKeyId: string;
}

export type ServerModules = Pick<import('../server/app.js').BuildOptions, 'plugins' | 'publicPlugins' | 'rootPlugins' | 'authenticate'> & {
  close?: () => Promise<void>;
};

/** Opens the store, checks the master key, listens; resolves once stopped through `signal`. */
export async function runServer(cfg: ServerConfig, hooks: RunHooks): Promise<void> {
  const { openStore } = await import('../store/db.js');
  const { loadMasterKey, checkMasterKey } = await import('../server/init.js');
  const { buildServer } = await import('../server/app.js');
  const { readTls } = await import('../server/config.js');
  const https = cfg.tls ? readTls(cfg.tls) : undefined;
  const key = loadMasterKey(cfg.dataDir);
  const store = await openStore(cfg.databaseUrl ? { databaseUrl: cfg.databaseUrl } : { dataDir: cfg.dataDir });
  try {
    const masterKeyId = await checkMasterKey(store, key);
    const modules = (await hooks.modules?.({ store, config: cfg, masterKey: key, masterKeyId })) ?? {};
    const app = await buildServer({ store, https, logger: hooks.logger, ...modules });
    try {
      if (hooks.signal.aborted) return;
      const stopped = new Promise<void>((resolve) => hooks.signal.addEventListener('abort', () => resolve(), { once: true }));
      await app.listen({ host: cfg.host, port: cfg.port });
      const addr = app.server.address();
      const port = addr && typeof addr === 'object' ? addr.port : cfg.port;
      const host = cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host;
      hooks.onListening?.(`${https ? 'https' : 'http'}://${host}:${port}`);
      await stopped;
    } finally {
      await app.close();
      await modules.close?.();
    }
  } finally {
    key.fill(0);
    await store.close();
  }
}

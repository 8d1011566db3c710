import type { Command } from 'commander';
import { registerAdminToken } from './admin-token.js';
import { withRootFlags } from './secrets.js';
import type { GlobalOpts } from './shared.js';

interface ServeFlags extends GlobalOpts {
  dataDir?: string;
  listen?: string;
  tlsCert?: string;
  tlsKey?: string;
  logLevel?: string;
  auditSync?: string;
  trustProxy?: string;
  oidcAllowPrivateIssuers?: boolean;
  httpWorkers?: string;
  userTokenTtl?: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** `rampart server [init]`: the control plane (identity, vault, audit, deployment gate). */
export function registerServer(program: Command, setCode: (c: number) => void): void {
  const server = program
    .command('server')
    .description('run the Rampart control-plane server (DATABASE_URL selects PostgreSQL; SQLite in --data-dir otherwise)')
    .option('--data-dir <dir>', 'data directory: database (SQLite), master key (default: RAMPART_DATA_DIR, else the user data directory, e.g. ~/.local/share/rampart/server)')
    .option('--listen <host:port>', 'address to listen on (default 127.0.0.1:8080, or RAMPART_LISTEN)')
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (with --tls-key)')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--log-level <level>', `JSON log level on stderr: ${LOG_LEVELS.join('|')}`, 'info')
    .option('--audit-sync <mode>', 'batched (default; or RAMPART_AUDIT_SYNC): read and deploy-decision audit entries are written before the answer and fsynced within 50 ms; full: fsynced before the answer')
    .option('--trust-proxy <addresses>', 'reverse proxies whose X-Forwarded-For names the client (comma-separated addresses/CIDRs; or RAMPART_TRUST_PROXY); off by default: behind a proxy all clients share its address for login limits')
    .option('--oidc-allow-private-issuers', 'let trust policies use OIDC issuers on loopback, link-local or private addresses (or RAMPART_OIDC_ALLOW_PRIVATE_ISSUERS=1); refused by default')
    .option('--user-token-ttl <lifetime>', "how long a person's token lives unless its maker names a lifetime: 30d (default; or RAMPART_USER_TOKEN_TTL), 12h, seconds, or never; renewed with rampart tokens renew. An admin locked out recovers on this host with rampart server admin-token")
    .option('--http-workers <n>', 'HTTP processes sharing the listening socket (or RAMPART_HTTP_WORKERS; default 1): more serve reads on more cores; SQLite with master.key or RAMPART_MASTER_KEY only')
    .action(async (flags: ServeFlags, self: Command) => {
      const o = withRootFlags(flags, self);
      const { resolveServerConfig } = await import('../server/config.js');
      const cfg = resolveServerConfig(o);
      const level = o.logLevel ?? 'info';
      if (!LOG_LEVELS.includes(level)) {
        const { UsageError } = await import('../core/errors.js');
        throw new UsageError(`--log-level ${JSON.stringify(level.slice(0, 40))}: expected one of ${LOG_LEVELS.join(', ')}`);
      }
      if (cfg.tls) {
        // A file that is not a PEM certificate and matching key is the operator's to fix (exit 2),
        // found before the store opens rather than as a crash inside the HTTPS server.
        const { readTls } = await import('../server/config.js');
        const { createSecureContext } = await import('node:tls');
        try {
          createSecureContext(readTls(cfg.tls));
        } catch (e) {
          if (!String((e as NodeJS.ErrnoException).code ?? '').startsWith('ERR_OSSL')) throw e;
          const { UsageError } = await import('../core/errors.js');
          throw new UsageError(`--tls-cert ${cfg.tls.certPath} / --tls-key ${cfg.tls.keyPath}: not a usable PEM certificate and private key (${(e as Error).message})`);
        }
      }
      const ac = new AbortController();
      const stop = () => ac.abort();
      const workers = cfg.httpWorkers ?? 1;
      const cluster = workers > 1 ? await import('../server/cluster.js') : undefined;
      const { isPrimary } = (await import('node:cluster')).default;
      if (cluster && isPrimary) {
        // The primary forks the HTTP workers (each runs this command again) and stops them in order.
        await cluster.checkWorkersPossible(cfg);
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
        try {
          await cluster.runPrimary(workers, ac.signal, (url) => {
            if (!o.quiet) process.stderr.write(`rampart: server listening on ${url} (${workers} HTTP workers)\n`);
          });
        } finally {
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
        }
        if (!o.quiet) process.stderr.write('rampart: server stopped\n');
        return setCode(0);
      }
      const worker = cluster ? cluster.workerInfo(cfg) : undefined;
      const release = cluster ? cluster.followPrimary() : undefined;
      process.once('SIGTERM', stop);
      if (!worker) process.once('SIGINT', stop);
      try {
        const { serverModules } = await import('../server/modules.js');
        const { runServer } = await import('../server/run.js');
        await runServer(cfg, {
          signal: ac.signal,
          modules: serverModules,
          logger: { level },
          ...(worker ? { worker } : {}),
          onListening: (url, info) => {
            if (worker) return cluster!.reportListening(url);
            if (o.quiet) return;
            process.stderr.write(`rampart: server listening on ${url}\n`);
            if (info.sealed) process.stderr.write('rampart: the vault is sealed (no usable RAMPART_MASTER_KEY or master.key): run `rampart server unseal` with the key shares\n');
          },
        });
      } catch (e) {
        // A port taken or not ours to bind is the operator's to fix (exit 2), not a crash.
        const code = (e as NodeJS.ErrnoException).code;
        const why = code === 'EADDRINUSE' ? 'the address is already in use (another server running?)' : code === 'EACCES' ? 'permission denied (ports below 1024 need privileges)' : code === 'EADDRNOTAVAIL' ? 'no such address on this machine' : null;
        if (why === null) throw e;
        const { UsageError } = await import('../core/errors.js');
        throw new UsageError(`cannot listen on ${cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host}:${cfg.port}: ${why}; choose another with --listen HOST:PORT`);
      } finally {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        release?.();
      }
      if (!o.quiet && !worker) process.stderr.write('rampart: server stopped\n');
      setCode(0);
    });

  server
    .command('init')
    .description('create the data directory, master key, schema and first admin; prints a bootstrap token once')
    .option('--data-dir <dir>', 'data directory to create')
    .option('--admin <name>', 'username of the first admin', 'admin')
    .option('--key-shares <n>', 'split the master key into n Shamir shares instead of writing master.key (with --key-threshold)')
    .option('--key-threshold <t>', 'shares needed to unseal (1 < t <= n <= 255)')
    .option('--bootstrap-ttl <lifetime>', 'how long the bootstrap token lives: seconds or 30m, 12h, 7d (60 s to 30 d)', '24h')
    .action(async (_o: unknown, cmd: Command) => {
      // `--data-dir` may be parsed by the parent `server` command: read both levels.
      const o = cmd.optsWithGlobals<ServeFlags & { admin: string; keyShares?: string; keyThreshold?: string; bootstrapTtl: string }>();
      const { resolveServerConfig } = await import('../server/config.js');
      const { initServer } = await import('../server/init.js');
      const cfg = resolveServerConfig({ dataDir: o.dataDir });
      const keyShares = await countFlag('--key-shares', o.keyShares);
      const keyThreshold = await countFlag('--key-threshold', o.keyThreshold);
      const { parseLifetime } = await import('./api/lifetimes.js');
      const bootstrapTtlSeconds = o.bootstrapTtl === 'never' ? NaN : parseLifetime(o.bootstrapTtl, '--bootstrap-ttl')!;
      if (!(bootstrapTtlSeconds >= 60 && bootstrapTtlSeconds <= 30 * 86400)) throw new (await import('../core/errors.js')).UsageError('--bootstrap-ttl: from 60 s to 30 d (the bootstrap token always expires)');
      const r = await initServer({ dataDir: cfg.dataDir, databaseUrl: cfg.databaseUrl, adminName: o.admin, keyShares, keyThreshold, bootstrapTtlSeconds });
      if (!o.quiet) {
        const where = r.shares ? `master key split into ${r.shares.length} shares (any ${keyThreshold} unseal)` : `master key ${r.masterKeyPath}`;
        process.stderr.write(
          `rampart: initialised ${r.dataDir} (${cfg.databaseUrl ? 'PostgreSQL' : 'SQLite'}); ${where}\n` +
            `rampart: first admin "${r.adminName}"; the bootstrap token follows on stdout. It is shown only this once and expires at ${r.tokenExpiresAt}: ` +
            'log in with it and make a token of your own now (rampart tokens create --name NAME --expires 90d).\n',
        );
        if (r.shares) {
          process.stderr.write(`rampart: the ${r.shares.length} key shares follow the token on stdout, one a line. They are shown only this once and stored nowhere: hand one to each key holder now.\n`);
        }
      }
      // The one place a token (and the shares) are ever printed: stdout only, so they can be captured, never logged.
      process.stdout.write(r.token + '\n' + (r.shares ? r.shares.join('\n') + '\n' : ''));
      setCode(0);
    });

  registerAdminToken(server, setCode);

  server
    .command('rotate-key')
    .description('rotate the master key of a running key-file server (needs admin:keys); the vault keeps serving while data keys are rewrapped')
    .option('--server <url>', 'server URL (default: the current login)')
    .action(async (_o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<GlobalOpts & { server?: string }>();
      const { resolveLogin, callServer } = await import('../server/findings/client.js');
      const login = await resolveLogin(o.server);
      if (!o.quiet) process.stderr.write(`rampart: rotating the master key of ${login.server}...\n`);
      const r = (await callServer(login.server, login.token, 'POST', '/api/v1/sys/rotate-master-key')) as { keyId: string; retired: string[]; rewrapped: number };
      if (!o.quiet) {
        process.stderr.write(
          `rampart: master key rotated: now ${r.keyId}; ${r.rewrapped} data keys rewrapped; retired ${r.retired.join(', ') || 'none'}. ` +
            'master.key in the data directory holds the new key: update any backup of it now (the old key is gone).\n',
        );
      }
      setCode(0);
    });
}

/** A whole number from a flag, or undefined when the flag is absent. */
async function countFlag(name: string, v: string | undefined): Promise<number | undefined> {
  if (v === undefined) return undefined;
  if (!/^[0-9]{1,3}$/.test(v)) {
    const { UsageError } = await import('../core/errors.js');
    throw new UsageError(`${name} ${JSON.stringify(v.slice(0, 20))}: expected a whole number from 2 to 255`);
  }
  return Number(v);
}

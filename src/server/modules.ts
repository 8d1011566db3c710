import { join } from 'node:path';
import type { ModuleContext, ServerModules } from './run.js';
import { tokenAuthenticator } from './auth.js';

/**
 * The modules `rampart server` runs with, in one place: the audit log (one per server, shared by
 * every module, flushed on stop), auditing of every request and the login limiter (root hooks, so
 * they see public and protected routes alike), the identity, findings, deployment-gate, admission
 * and vault APIs behind authentication, and the CI OIDC exchange as the one public module. Heavy modules load here, not at CLI start-up.
 */
export async function serverModules(ctx: ModuleContext): Promise<ServerModules> {
  const [{ AuditLog }, { auditPlugin }, { loginLimitPlugin }, { identityRoutes }, { exchangePlugin }, { IssuerKeys }, { findingsRoutes }, { gateRoutes }, { admissionRoutes }, { Vault }, { vaultRoutes, unsealRoutes, sealRoutes }, { sysRoutes }] =
    await Promise.all([
      import('./audit/log.js'),
      import('./audit/plugin.js'),
      import('./identity/login-limit.js'),
      import('./identity/routes.js'),
      import('./identity/exchange.js'),
      import('./identity/oidc.js'),
      import('./findings/routes.js'),
      import('./gate/routes.js'),
      import('./admission/webhook.js'),
      import('./vault/vault.js'),
      import('./vault/routes.js'),
      import('./vault/sys-routes.js'),
    ]);
  // SQLite: the hot writes (audit entries, vault writes) are committed in groups on a writer
  // thread, so fsync never stalls the event loop (writer/writer.ts).
  const sqlite = ctx.store.sqlite;
  const writer = sqlite ? await (await import('./writer/writer.js')).SqliteWriter.open(sqlite.file) : undefined;
  // Several HTTP workers (cluster.ts): worker 1 alone signs checkpoints, over every worker's entries.
  const worker = ctx.worker;
  const log = await AuditLog.open(ctx.store, { dataDir: ctx.config.dataDir, ...(writer ? { writer } : {}), ...(worker && worker.index !== 1 ? { checkpoints: false } : {}) });
  log.start();
  const audit = auditPlugin(log);
  // runServer's keyring is the one holder of the master key; sealed, vault routes answer 503 E_SEALED.
  const keyring = ctx.keyring;
  // Several workers: no per-process cache of encrypted rows (another worker's write is seen at once).
  const vault = await Vault.open(ctx.store, keyring, { ...(writer ? { writer } : {}), ...(ctx.worker ? { rowCache: false } : {}) });
  // Several workers: login failures and blocks are counted in the database, seen by all of them.
  const sharedLimiter = worker && sqlite ? new (await import('./identity/login-limit-shared.js')).SharedLoginLimiter(sqlite.file) : undefined;
  // Sealing and rotating the master key would change one worker's keys only: refused there.
  const keyRoutes = worker
    ? [(await import('./cluster.js')).oneProcessOnlyRoutes()]
    : [sealRoutes({ keyring, audit: log }), sysRoutes({ store: ctx.store, keyring, audit: log, dataDir: ctx.config.dataDir, ...(writer ? { drain: () => writer.settled() } : {}) })];
  return {
    // last_used_at through the writer thread: on the main connection it is an fsync on the event
    // loop. Bookkeeping only: a failed refresh (the writer closing) must not fail authentication.
    ...(writer
      ? { authenticate: tokenAuthenticator(ctx.store, { touch: (id, at) => writer.submit({ kind: 'token.touch', id, at, deferSync: true }).then(() => undefined, () => undefined) }) }
      : {}),
    rootPlugins: [loginLimitPlugin(sharedLimiter), audit],
    plugins: [
      identityRoutes({
        store: ctx.store, audit: log, allowPrivateIssuers: ctx.config.oidcAllowPrivateIssuers === true,
        ...(ctx.config.userTokenTtlSeconds !== undefined ? { userTokenTtlSeconds: ctx.config.userTokenTtlSeconds } : {}),
      }),
      findingsRoutes({ store: ctx.store, audit: log }),
      gateRoutes({ store: ctx.store, audit: log, trustedRootDir: join(ctx.config.dataDir, 'trusted-roots') }),
      admissionRoutes({ store: ctx.store, audit: log }),
      vaultRoutes({ vault, audit: log }),
      ...keyRoutes,
    ],
    publicPlugins: [exchangePlugin({ store: ctx.store, audit: log, keys: new IssuerKeys({ allowPrivateAddresses: ctx.config.oidcAllowPrivateIssuers === true }), ...(worker ? { workers: worker.count } : {}) }), unsealRoutes({ keyring, audit: log, store: ctx.store, ...(worker ? { workers: worker.count } : {}) })],
    close: async () => {
      await audit.settled();
      await log.close();
      await writer?.close();
      sharedLimiter?.close();
      keyring.seal();
    },
  };
}

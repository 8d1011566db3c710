import type { Command } from 'commander';
import type { GlobalOpts } from './shared.js';

interface AdminTokenFlags extends GlobalOpts {
  dataDir?: string;
  name: string;
  expires: string;
  shares?: string;
}

/**
 * `rampart server admin-token`: local admin recovery (server/identity/recovery.ts). Runs on the
 * server host with the server's data directory, DATABASE_URL and master key (or its shares on
 * stdin); prints one short-lived admin token on stdout, once.
 */
export function registerAdminToken(server: Command, setCode: (c: number) => void): void {
  server
    .command('admin-token')
    .description("locked out of every admin token? On the server host, with its data directory and master key: mint a short-lived admin token (printed once, audited)")
    .option('--data-dir <dir>', "the server's data directory (default: RAMPART_DATA_DIR, else the user data directory); DATABASE_URL as for the server")
    .option('--name <user>', 'the admin to mint for: an existing global admin, or a new user made admin now', 'recovery')
    .option('--expires <lifetime>', 'how long the token lives: 30m, 1h, up to 24h (make a lasting token with it)', '1h')
    .option('--shares <file>', "a master key split into shares: read the threshold of them from FILE or - (stdin), one a line")
    .action(async (_o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<AdminTokenFlags>();
      const { resolveServerConfig } = await import('../server/config.js');
      const { parseLifetime } = await import('./api/lifetimes.js');
      const { UsageError } = await import('../core/errors.js');
      const cfg = resolveServerConfig({ dataDir: o.dataDir });
      const ttlSeconds = parseLifetime(o.expires, '--expires');
      if (ttlSeconds === null) throw new UsageError('--expires: a recovery token always expires (60 s to 24 h)');
      const shares = o.shares === undefined ? undefined : await readShares(o.shares);
      const { mintRecoveryToken } = await import('../server/identity/recovery.js');
      const r = await mintRecoveryToken({ dataDir: cfg.dataDir, databaseUrl: cfg.databaseUrl, name: o.name, ttlSeconds, shares });
      if (!o.quiet) {
        process.stderr.write(
          `rampart: ${r.userCreated ? `made user "${r.username}" (admin, server-wide)` : `admin "${r.username}"`}; a recovery token follows on stdout, ` +
            `shown only this once; it expires at ${r.expiresAt} and is not renewed. Audited as token.recover by local:recovery.\n` +
            'rampart: with it, make a lasting token (rampart tokens create --name NAME --expires 30d [--user NAME]), then revoke what should go.\n',
        );
      }
      process.stdout.write(r.token + '\n');
      setCode(0);
    });
}

/** Shares, one a line, from a file or stdin (`-`); blank lines skipped. Never echoed. */
async function readShares(from: string): Promise<string[]> {
  const { readFileSync } = await import('node:fs');
  let text: string;
  try {
    text = from === '-' ? readFileSync(0, 'utf8') : readFileSync(from, 'utf8');
  } catch (e) {
    const { UsageError } = await import('../core/errors.js');
    throw new UsageError(`--shares ${from === '-' ? 'stdin' : from}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
}

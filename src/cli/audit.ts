import type { Command } from 'commander';
import type { GlobalOpts } from './shared.js';

interface AuditFlags extends GlobalOpts {
  dataDir?: string;
  publicKey?: string;
  format?: string;
  output?: string;
  withProofs?: boolean;
}

/**
 * `rampart audit verify|export`: reads the server's store locally (`--data-dir`, or DATABASE_URL
 * for PostgreSQL). verify exits 0 when the log is intact, 1 when it was tampered with (the first
 * bad entry and why on stderr), 2 when it cannot be checked at all.
 */
export function registerAudit(program: Command, setCode: (c: number) => void): void {
  const audit = program.command('audit').description("check or export the server's tamper-evident audit log");

  audit
    .command('verify')
    .description('recompute the hash chain and every signed checkpoint; exit 1 on any modified, deleted, inserted or reordered entry')
    .option('--data-dir <dir>', "the server's data directory (database unless DATABASE_URL is set, and the audit key)")
    .option('--public-key <file>', 'trust this Ed25519 public key (PEM) instead of the key in the data directory')
    .option('-f, --format <format>', 'text|json', 'text')
    .action(async (o: AuditFlags) => {
      const { UsageError, EXIT_POLICY, EXIT_OK } = await import('../core/errors.js');
      if (o.format !== 'text' && o.format !== 'json') throw new UsageError(`unknown --format "${String(o.format).slice(0, 40)}" for audit verify; use text or json`);
      const { verifyAudit } = await import('../server/audit/verify.js');
      const store = await openExisting(o);
      try {
        const r = await verifyAudit(store, await trustedKey(o));
        if (o.format === 'json') process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        else if (r.ok) {
          const unsigned = r.unsigned ? `; ${r.unsigned} newest not yet under a checkpoint` : '';
          process.stdout.write(`audit log intact: ${r.entries} entries, ${r.checkpoints} signed checkpoints${unsigned}; root ${r.rootHash}\n`);
        }
        if (!r.ok) {
          process.stderr.write(`rampart: audit log tampered with: ${r.problem!.message} (first bad entry: ${r.problem!.seq})\n`);
          setCode(EXIT_POLICY);
          return;
        }
        setCode(EXIT_OK);
      } finally {
        await store.close();
      }
    });

  audit
    .command('export')
    .description('write the audit log as JSON lines: entries, then signed checkpoints')
    .option('--data-dir <dir>', "the server's data directory (database unless DATABASE_URL is set)")
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--with-proofs', 'add a Merkle inclusion proof to every entry and consistency proofs between checkpoints')
    .action(async (o: AuditFlags) => {
      const { exportAudit } = await import('../server/audit/verify.js');
      const store = await openExisting(o);
      try {
        if (!o.output) {
          // A reader that stops early (`| head`) closes the pipe: that ends the export, it is no error.
          // The listener stays: a late async EPIPE must not crash the process either.
          if (!process.stdout.listeners('error').includes(quietEpipe)) process.stdout.on('error', quietEpipe);
          try {
            const r = await exportAudit(store, process.stdout, { withProofs: o.withProofs === true });
            if (!o.quiet) process.stderr.write(`rampart: exported ${r.entries} entries and ${r.checkpoints} checkpoints\n`);
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e;
          }
        } else {
          const r = await exportToFile(o.output, (out) => exportAudit(store, out, { withProofs: o.withProofs === true }));
          if (!o.quiet) process.stderr.write(`rampart: exported ${r.entries} entries and ${r.checkpoints} checkpoints to ${o.output}\n`);
        }
        setCode(0);
      } finally {
        await store.close();
      }
    });
}

function quietEpipe(e: NodeJS.ErrnoException): void {
  if (e.code !== 'EPIPE') throw e;
}

/** The store of an existing data directory (or DATABASE_URL); never creates one. */
async function openExisting(o: AuditFlags) {
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { resolveServerConfig } = await import('../server/config.js');
  const { openStore, SQLITE_FILE } = await import('../store/db.js');
  const { InputError } = await import('../core/errors.js');
  const cfg = resolveServerConfig({ dataDir: o.dataDir });
  if (!cfg.databaseUrl && !existsSync(join(cfg.dataDir, SQLITE_FILE))) {
    throw new InputError(cfg.dataDir, `no Rampart database here (${SQLITE_FILE}); pass the server's --data-dir or set DATABASE_URL`);
  }
  return cfg.databaseUrl ? openStore({ databaseUrl: cfg.databaseUrl }) : openStore({ dataDir: cfg.dataDir });
}

/** --public-key, else the public half of the data directory's audit key. */
async function trustedKey(o: AuditFlags) {
  const { RampartError, InputError } = await import('../core/errors.js');
  if (o.publicKey) {
    const { readFileSync } = await import('node:fs');
    const { createPublicKey } = await import('node:crypto');
    let text: string;
    try {
      text = readFileSync(o.publicKey, 'utf8');
    } catch (e) {
      throw new InputError(o.publicKey, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    try {
      const key = createPublicKey(text);
      if (key.asymmetricKeyType !== 'ed25519') throw new Error('not Ed25519');
      return key;
    } catch {
      throw new InputError(o.publicKey, 'not an Ed25519 public key in PEM');
    }
  }
  const { resolveServerConfig } = await import('../server/config.js');
  const { loadPublicKey } = await import('../server/audit/log.js');
  const cfg = resolveServerConfig({ dataDir: o.dataDir });
  try {
    return loadPublicKey(cfg.dataDir);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new RampartError('E_AUDIT_KEY', `${msg}; pass the audit public key with --public-key`);
  }
}

/** Writes to a temp file beside `path`, renamed into place only when complete. */
async function exportToFile<T>(path: string, write: (out: import('node:stream').Writable) => Promise<T>): Promise<T> {
  const { createWriteStream, renameSync, rmSync } = await import('node:fs');
  const { randomBytes } = await import('node:crypto');
  const { EventEmitter } = await import('node:events');
  const once = EventEmitter.once;
  const { InputError } = await import('../core/errors.js');
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const out = createWriteStream(tmp, { flags: 'wx', mode: 0o600 });
  try {
    await once(out, 'open');
    const r = await write(out);
    out.end();
    await once(out, 'finish');
    renameSync(tmp, path);
    return r;
  } catch (e) {
    out.destroy();
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code) throw new InputError(path, `cannot write: ${code}`);
    throw e;
  }
}

import type { Command } from 'commander';
import type { GlobalOpts } from './shared.js';

interface AuditFlags extends GlobalOpts {
  dataDir?: string;
  publicKey?: string;
  format?: string;
  output?: string;
  withProofs?: boolean;
  checkpointEvery?: string;
  checkpointInterval?: string;
  expectRoot?: string;
  expectSize?: string;
  expectCheckpoint?: string;
}

/**
 * `rampart audit verify|export`: reads the server's store locally (`--data-dir`, or DATABASE_URL
 * for PostgreSQL). verify exits 0 when the log is intact, 1 when it was tampered with (the first
 * bad entry and why on stderr), 2 when it cannot be checked at all.
 *
 * verify applies the server's checkpoint rule (server/audit/verify.ts): checkpoints sit in the
 * same database, so without the rule deleting the newest ones left the entries above the last
 * one rewritable unnoticed. And it trusts a key: the data directory's own by default, which
 * proves nothing against someone who can write that directory (they can re-sign) — hence the
 * warning, and --public-key / --expect-checkpoint from copies kept elsewhere.
 */

const VERIFY_HELP = `
Trust: checkpoints are signed with the audit key in the data directory. Someone who can write the
data directory can rewrite the database and re-sign with that key, so verify proves something
against them only with --public-key pointing at a copy of the public key kept outside the data
directory (and, best, --expect-checkpoint with a checkpoint exported earlier and kept elsewhere).
Without --public-key verify warns that it trusts the data directory's own key.

Checkpoint rule: the server signs a checkpoint every --checkpoint-every entries (1000) and every
--checkpoint-interval seconds (60), and a final one when it stops. verify fails (exit 1) when more
entries sit after the last checkpoint than a killed server leaves (--checkpoint-every plus one
group commit of 500, written within one interval plus the same again; reported when within), or
when a checkpoint signed entries far later than the interval beyond one crash's tail: the
checkpoints that signed them in time were deleted. A rewrite hidden by deleting the newest
checkpoints is caught unless it stays within that tail.
--expect-root and --expect-size (or --expect-checkpoint FILE, a checkpoint line of an earlier
'rampart audit export') prove that nothing at or below that size was rewritten.`;

export function registerAudit(program: Command, setCode: (c: number) => void): void {
  const audit = program.command('audit').description("check or export the server's tamper-evident audit log");

  audit
    .command('verify')
    .description('recompute the hash chain and every signed checkpoint; exit 1 on any modified, deleted, inserted or reordered entry')
    .option('--data-dir <dir>', "the server's data directory (database unless DATABASE_URL is set, and the audit key)")
    .option('--public-key <file>', 'trust this Ed25519 public key (PEM) instead of the key in the data directory; keep it outside the data directory (see below)')
    .option('--checkpoint-every <n>', "the server's checkpoint rule: entries between checkpoints", '1000')
    .option('--checkpoint-interval <seconds>', "the server's checkpoint rule: seconds between checkpoints", '60')
    .option('--expect-root <hex>', 'the Merkle root the log must have at --expect-size entries (kept from an earlier verify or export)')
    .option('--expect-size <n>', 'the tree size of --expect-root')
    .option('--expect-checkpoint <file>', 'a signed checkpoint exported earlier (a JSON line of type "checkpoint" of `rampart audit export`, or that export): the log must still have its root')
    .option('-f, --format <format>', 'text|json', 'text')
    .addHelpText('after', VERIFY_HELP)
    .action(async (o: AuditFlags) => {
      const { UsageError, EXIT_POLICY, EXIT_OK } = await import('../core/errors.js');
      if (o.format !== 'text' && o.format !== 'json') throw new UsageError(`unknown --format "${String(o.format).slice(0, 40)}" for audit verify; use text or json`);
      const policy = { every: positiveInt(o.checkpointEvery ?? '1000', '--checkpoint-every', UsageError), intervalMs: positiveInt(o.checkpointInterval ?? '60', '--checkpoint-interval', UsageError) * 1000 };
      if ((o.expectRoot === undefined) !== (o.expectSize === undefined)) throw new UsageError('give --expect-root and --expect-size together');
      if (o.expectRoot !== undefined && !/^[0-9a-f]{64}$/.test(o.expectRoot)) throw new UsageError('--expect-root: expected 64 lowercase hex digits (a SHA-256 Merkle root)');
      if (o.expectCheckpoint !== undefined && o.expectRoot !== undefined) throw new UsageError('give --expect-checkpoint or --expect-root/--expect-size, not both');
      const { verifyAudit } = await import('../server/audit/verify.js');
      let expect = o.expectRoot !== undefined ? { size: positiveInt(o.expectSize!, '--expect-size', UsageError), rootHash: o.expectRoot } : undefined;
      const store = await openExisting(o);
      try {
        const key = await trustedKey(o);
        if (o.expectCheckpoint !== undefined) expect = await expectedCheckpoint(o.expectCheckpoint, key);
        const r = await verifyAudit(store, key, { policy, ...(expect ? { expect } : {}) });
        if (o.format === 'json') process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        else if (r.ok) {
          const unsigned = r.unsigned ? `; ${r.unsigned} newest not yet under a checkpoint (a server killed before its final checkpoint leaves up to ${r.unsignedAllowed})` : '';
          const expected = r.expectedRootMatched ? `; the expected root at ${expect!.size} entries matches` : '';
          process.stdout.write(`audit log intact: ${r.entries} entries, ${r.checkpoints} signed checkpoints${unsigned}${expected}; root ${r.rootHash}\n`);
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

function positiveInt(v: string, flag: string, UsageError: new (m: string) => Error): number {
  if (!/^[1-9][0-9]{0,9}$/.test(v)) throw new UsageError(`${flag}: expected a positive whole number, got "${v.slice(0, 40)}"`);
  return Number(v);
}

/** A checkpoint kept from an earlier export: its signature must verify with the trusted key. */
async function expectedCheckpoint(file: string, key: import('node:crypto').KeyObject): Promise<{ size: number; rootHash: string }> {
  const { readFileSync } = await import('node:fs');
  const { verify } = await import('node:crypto');
  const { InputError } = await import('../core/errors.js');
  const { checkpointPayload, keyIdOf } = await import('../server/audit/log.js');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  // One checkpoint object, or an export (JSON lines): its last checkpoint line.
  let cp: Record<string, unknown> | undefined;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new InputError(file, 'not a checkpoint: expected JSON lines of `rampart audit export`, or one checkpoint line of it');
    }
    if (typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'checkpoint') cp = v as Record<string, unknown>;
  }
  if (!cp) throw new InputError(file, 'holds no line of type "checkpoint"');
  const { tree_size: size, root_hash: root, signature, key_id: keyId, ts } = cp;
  if (!Number.isSafeInteger(size) || (size as number) < 1 || typeof root !== 'string' || !/^[0-9a-f]{64}$/.test(root) || typeof signature !== 'string' || typeof ts !== 'string') {
    throw new InputError(file, 'the checkpoint is malformed (tree_size, root_hash, signature, ts)');
  }
  const sig = Buffer.from(signature, 'base64');
  if (keyId !== keyIdOf(key) || sig.length !== 64 || !verify(null, checkpointPayload(size as number, root, ts), key, sig)) {
    throw new InputError(file, 'the checkpoint is not signed by the trusted audit key');
  }
  return { size: size as number, rootHash: root };
}

/** --public-key, else the public half of the data directory's audit key (with a warning). */
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
    const key = loadPublicKey(cfg.dataDir);
    process.stderr.write(
      'rampart: warning: trusting the audit key found in the data directory; whoever can write that directory can rewrite the log and re-sign it. Pass --public-key with a copy kept elsewhere for a verification that holds against them.\n',
    );
    return key;
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

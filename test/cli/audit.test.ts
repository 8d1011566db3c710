import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerAudit } from '../../src/cli/audit.js';
import { RampartError } from '../../src/core/errors.js';
import { entryHash, type JsonObject } from '../../src/server/audit/entry.js';
import { AuditLog, KEY_FILE } from '../../src/server/audit/log.js';
import { verifyInclusion } from '../../src/server/audit/merkle.js';
import { openStore } from '../../src/store/db.js';
import { tmpTrees } from '../helpers/tmp.js';

// The command's actions run in-process the way src/cli/index.ts runs them (a RampartError becomes
// its exit code); registering `audit` in index.ts is the integrator's line.

const trees = tmpTrees();
const savedUrl = process.env.DATABASE_URL;
beforeAll(() => {
  delete process.env.DATABASE_URL;
});
afterAll(() => {
  if (savedUrl !== undefined) process.env.DATABASE_URL = savedUrl;
  trees.cleanup();
});
afterEach(() => vi.restoreAllMocks());

async function rampartAudit(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (out.push(String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (err.push(String(c)), true));
  let code = 0;
  const program = new Command('rampart').exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerAudit(program, (c) => (code = c));
  for (const c of program.commands) for (const s of c.commands) s.exitOverride().option('-q, --quiet');
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) code = e.exitCode === 0 ? 0 : 2;
    else if (e instanceof RampartError) {
      err.push(`rampart: error: ${e.message}\n`);
      code = e.exitCode;
    } else throw e;
  } finally {
    vi.restoreAllMocks();
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** A server data dir with 12 entries and checkpoints at 5, 10 and 12. */
async function dataDir(): Promise<string> {
  const dir = trees.make({});
  const store = await openStore({ dataDir: dir });
  const log = await AuditLog.open(store, { dataDir: dir, checkpointEvery: 5 });
  const ev = (i: number) => ({ actor: 'user:alice', action: 'secret.read', resource: `projects/p/secrets/s${i}`, outcome: 'success', detail: { i } });
  // Groups of 5, 5 and 2: a checkpoint after each full group, the last one on close.
  for (const [from, n] of [[1, 5], [6, 5], [11, 2]] as const) await log.appendBatch(Array.from({ length: n }, (_, k) => ev(from + k)));
  await log.close();
  await store.close();
  return dir;
}

async function tamper(dir: string, sqlText: string): Promise<void> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(dir, 'rampart.db'));
  db.exec(sqlText);
  db.close();
}

describe('rampart audit verify', () => {
  it('exits 0 on an intact log and says what it checked', async () => {
    const dir = await dataDir();
    const r = await rampartAudit(['audit', 'verify', '--data-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^audit log intact: 12 entries, 3 signed checkpoints; root [0-9a-f]{64}\n$/);
  });

  it('exits 1 on a modified entry, naming the first bad entry and why', async () => {
    const dir = await dataDir();
    await tamper(dir, `update audit_entries set detail = '{"i":99}' where seq = 7`);
    const r = await rampartAudit(['audit', 'verify', '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/tampered with: entry 7 does not match its hash.*first bad entry: 7/);
    const j = await rampartAudit(['audit', 'verify', '--data-dir', dir, '--format', 'json']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, entries: 6, problem: { kind: 'hash-mismatch', seq: 7 } });
  });

  it('exits 1 on a deleted entry', async () => {
    const dir = await dataDir();
    await tamper(dir, 'delete from audit_entries where seq = 3');
    const r = await rampartAudit(['audit', 'verify', '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/entry 3 is missing/);
  });

  it('trusts --public-key instead of the data dir key; a foreign key fails the checkpoints', async () => {
    const dir = await dataDir();
    const { loadPublicKey } = await import('../../src/server/audit/log.js');
    const pub = join(dir, 'audit.pub.pem');
    writeFileSync(pub, loadPublicKey(dir).export({ type: 'spki', format: 'pem' }));
    renameSync(join(dir, KEY_FILE), join(dir, 'moved.pem'));
    // Without the key file and without --public-key it cannot judge: exit 2.
    const none = await rampartAudit(['audit', 'verify', '--data-dir', dir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no audit key .*--public-key/);
    expect((await rampartAudit(['audit', 'verify', '--data-dir', dir, '--public-key', pub])).code).toBe(0);
    const other = join(dir, 'other.pub.pem');
    writeFileSync(other, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const r = await rampartAudit(['audit', 'verify', '--data-dir', dir, '--public-key', other]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a trusted audit key/);
    writeFileSync(other, 'not a key');
    expect((await rampartAudit(['audit', 'verify', '--data-dir', dir, '--public-key', other])).stderr).toMatch(/not an Ed25519 public key/);
  });

  it('exits 2 when there is nothing to verify or a flag is wrong, and creates nothing', async () => {
    const empty = trees.make({});
    const r = await rampartAudit(['audit', 'verify', '--data-dir', join(empty, 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no Rampart database here/);
    expect(existsSync(join(empty, 'nope'))).toBe(false);
    const dir = await dataDir();
    expect((await rampartAudit(['audit', 'verify', '--data-dir', dir, '--format', 'xml'])).code).toBe(2);
  });
});

/** A data dir with `groups` groups of 5 entries, a checkpoint after each (checkpointEvery 5). */
async function bigDataDir(groups: number): Promise<string> {
  const dir = trees.make({});
  const store = await openStore({ dataDir: dir });
  const log = await AuditLog.open(store, { dataDir: dir, checkpointEvery: 5 });
  for (let g = 0; g < groups; g++) await log.appendBatch(Array.from({ length: 5 }, (_, k) => ({ actor: 'user:alice', action: 'secret.read', resource: `s${g * 5 + k + 1}`, outcome: 'success', detail: { i: g * 5 + k + 1 } })));
  await log.close();
  await store.close();
  return dir;
}

/** Without the key: delete checkpoints above `keep`, change entry `seq`'s actor and re-chain the rest. */
async function rewrite(dir: string, keep: number, seq: number): Promise<void> {
  const store = await openStore({ dataDir: dir });
  try {
    await store.db.deleteFrom('audit_checkpoints').where('tree_size', '>', keep).execute();
    await store.db.updateTable('audit_entries').set({ actor: 'user:mallory' }).where('seq', '=', seq).execute();
    const rows = await store.db.selectFrom('audit_entries').selectAll().where('seq', '>=', seq - 1).orderBy('seq').execute();
    let prev = rows[0]!.hash;
    for (const r of rows.slice(1)) {
      const hash = entryHash(prev, { seq: Number(r.seq), ts: r.ts, actor: r.actor, action: r.action, resource: r.resource, outcome: r.outcome, detail: JSON.parse(r.detail) as JsonObject });
      await store.db.updateTable('audit_entries').set({ prev_hash: prev, hash }).where('seq', '=', r.seq).execute();
      prev = hash;
    }
  } finally {
    await store.close();
  }
}

describe('rampart audit verify against deleted checkpoints (H3) and whose key it trusts (L4)', () => {
  it('fails when the newest checkpoints were deleted and the entries above the last one rewritten', async () => {
    const dir = await bigDataDir(110); // 550 entries, checkpoints every 5
    const flags = ['--checkpoint-every', '5'];
    expect((await rampartAudit(['audit', 'verify', '--data-dir', dir, ...flags])).code).toBe(0);
    await rewrite(dir, 10, 20);
    const r = await rampartAudit(['audit', 'verify', '--data-dir', dir, ...flags]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/540 entries after the last checkpoint \(size 10\), more than the 505 a killed server leaves unsigned.*first bad entry: 11/);
    const j = await rampartAudit(['audit', 'verify', '--data-dir', dir, ...flags, '--format', 'json']);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, unsigned: 540, unsignedAllowed: 505, problem: { kind: 'unsigned-tail' } });
  });

  it('reports a short unsigned tail, and --expect-checkpoint from an earlier export catches a rewrite inside it', async () => {
    const dir = await bigDataDir(8);
    const exported = join(dir, 'kept.jsonl');
    expect((await rampartAudit(['audit', 'export', '--data-dir', dir, '--output', exported, '--quiet'])).code).toBe(0);
    const good = await rampartAudit(['audit', 'verify', '--data-dir', dir, '--expect-checkpoint', exported]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/the expected root at 40 entries matches/);
    await rewrite(dir, 35, 38); // within what a killed server may leave unsigned
    const tail = await rampartAudit(['audit', 'verify', '--data-dir', dir, '--checkpoint-every', '5']);
    expect(tail.code).toBe(0);
    expect(tail.stdout).toMatch(/5 newest not yet under a checkpoint \(a server killed before its final checkpoint leaves up to 505\)/);
    const caught = await rampartAudit(['audit', 'verify', '--data-dir', dir, '--checkpoint-every', '5', '--expect-checkpoint', exported]);
    expect(caught.code).toBe(1);
    expect(caught.stderr).toMatch(/do not have the expected root .*rewritten at or below entry 40/);
    const root = (JSON.parse(readFileSync(exported, 'utf8').trim().split('\n').at(-1)!) as { root_hash: string }).root_hash;
    expect((await rampartAudit(['audit', 'verify', '--data-dir', dir, '--expect-root', root, '--expect-size', '40'])).code).toBe(1);
  });

  it("warns when it trusts the data directory's own key, not with --public-key", async () => {
    const dir = await dataDir();
    const own = await rampartAudit(['audit', 'verify', '--data-dir', dir]);
    expect(own.code).toBe(0);
    expect(own.stderr).toMatch(/warning: trusting the audit key found in the data directory.*--public-key/);
    const { loadPublicKey } = await import('../../src/server/audit/log.js');
    const pub = join(trees.make({}), 'audit.pub.pem');
    writeFileSync(pub, loadPublicKey(dir).export({ type: 'spki', format: 'pem' }));
    const outside = await rampartAudit(['audit', 'verify', '--data-dir', dir, '--public-key', pub]);
    expect(outside.code).toBe(0);
    expect(outside.stderr).toBe('');
  });

  it('bad rule or expectation flags, and a checkpoint not signed by the trusted key, are exit 2', async () => {
    const dir = await dataDir();
    const run = (...a: string[]) => rampartAudit(['audit', 'verify', '--data-dir', dir, ...a]);
    expect((await run('--checkpoint-every', '0')).stderr).toMatch(/--checkpoint-every: expected a positive whole number/);
    expect((await run('--expect-root', 'a'.repeat(64))).stderr).toMatch(/--expect-root and --expect-size together/);
    expect((await run('--expect-root', 'xyz', '--expect-size', '3')).code).toBe(2);
    const forged = join(dir, 'forged.jsonl');
    const k = generateKeyPairSync('ed25519');
    const { checkpointPayload, keyIdOf } = await import('../../src/server/audit/log.js');
    const { sign } = await import('node:crypto');
    const ts = new Date().toISOString();
    const root = 'b'.repeat(64);
    writeFileSync(forged, JSON.stringify({ type: 'checkpoint', id: 'x', tree_size: 12, root_hash: root, ts, key_id: keyIdOf(k.publicKey), signature: sign(null, checkpointPayload(12, root, ts), k.privateKey).toString('base64') }) + '\n');
    const r = await run('--expect-checkpoint', forged);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not signed by the trusted audit key/);
    writeFileSync(forged, 'nope');
    expect((await run('--expect-checkpoint', forged)).code).toBe(2);
  });
});

describe('rampart audit export', () => {
  it('writes JSON lines to stdout: entries, then checkpoints', async () => {
    const dir = await dataDir();
    const r = await rampartAudit(['audit', 'export', '--data-dir', dir]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; seq?: number });
    expect(lines.map((l) => l.type)).toEqual([...Array<string>(12).fill('entry'), 'checkpoint', 'checkpoint', 'checkpoint']);
    expect(lines[0]).toMatchObject({ seq: 1, actor: 'user:alice', detail: { i: 1 } });
    expect(r.stderr).toMatch(/exported 12 entries and 3 checkpoints/);
  });

  it('--output with --with-proofs writes a file whose proofs verify, and leaves no temp file', async () => {
    const dir = await dataDir();
    const file = join(dir, 'audit.jsonl');
    const r = await rampartAudit(['audit', 'export', '--data-dir', dir, '--output', file, '--with-proofs', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const tree = lines.at(-1)!;
    expect(tree).toMatchObject({ type: 'tree', tree_size: 12 });
    for (const e of lines.filter((l) => l.type === 'entry')) {
      const p = e.proof as { tree_size: number; leaf_index: number; hashes: string[] };
      expect(verifyInclusion(e.hash as string, p.leaf_index, p.tree_size, p.hashes, tree.root_hash as string)).toBe(true);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const bad = await rampartAudit(['audit', 'export', '--data-dir', dir, '--output', join(dir, 'missing', 'x.jsonl')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot write: ENOENT/);
  });
});

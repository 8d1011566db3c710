import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadPublicKey } from '../../../src/server/audit/log.js';
import { verifyAudit } from '../../../src/server/audit/verify.js';
import { initServer } from '../../../src/server/init.js';
import { serverModules } from '../../../src/server/modules.js';
import { runServer } from '../../../src/server/run.js';
import { openStore, type Store } from '../../../src/store/db.js';
import { startPostgres, type PrivatePostgres } from '../../helpers/postgres.js';

/**
 * Issue 7: "signed checkpoints (Ed25519) at least every 60 s or 1,000 entries". The audit log's
 * own tests use small numbers; this checks the server as `rampart server` composes it (production
 * modules, their defaults) on both stores: no checkpoint before 60 s of the checkpoint timer, one
 * at 60 s covering every entry, then one after 1,000 more entries without the timer; and the whole
 * log verifies. Only the interval timer is faked; requests and database writes are real.
 */

const roots: string[] = [];
let pg: PrivatePostgres | undefined;
afterAll(async () => {
  vi.useRealTimers();
  await pg?.stop();
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** Polls (real time) until `f` holds; the deadline only stops a broken build from hanging. */
async function until<T>(what: string, f: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(['sqlite', 'postgres'] as const)('audit checkpoints of the production server on %s', (dialect) => {
  it('none before 60 s, one at 60 s over every entry, one after 1,000 more entries; the log verifies', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rampart-req-cp-'));
    roots.push(root);
    const dataDir = join(root, 'data');
    let databaseUrl: string | undefined;
    if (dialect === 'postgres') {
      pg ??= await startPostgres();
      databaseUrl = await pg.createDatabase();
    }
    await initServer({ dataDir, databaseUrl });

    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const ac = new AbortController();
    let stopped: Promise<void> | undefined;
    let reader: Store | undefined;
    try {
      const url = await new Promise<string>((resolve, reject) => {
        stopped = runServer({ host: '127.0.0.1', port: 0, dataDir, databaseUrl }, { signal: ac.signal, modules: serverModules, logger: false, onListening: (u) => resolve(u) });
        stopped.catch(reject);
      });
      reader = await openStore(databaseUrl ? { databaseUrl } : { dataDir });
      const key = loadPublicKey(dataDir);
      const state = () => verifyAudit(reader!, key);
      const health = async (n: number) => {
        for (let i = 0; i < n; i += 25) {
          await Promise.all(Array.from({ length: Math.min(25, n - i) }, async () => expect((await fetch(`${url}/api/v1/health`)).status).toBe(200)));
        }
      };

      await health(5);
      const first = await until('5 audit entries', async () => {
        const s = await state();
        return s.entries >= 5 && s;
      });
      expect(first.ok).toBe(true);
      expect(first.checkpoints).toBe(0);

      await vi.advanceTimersByTimeAsync(59_000);
      await health(1); // a write after the timer moved: still inside the 60 s
      await until('6 entries', async () => (await state()).entries >= 6);
      expect((await state()).checkpoints).toBe(0);

      await vi.advanceTimersByTimeAsync(1_000);
      const timed = await until('the 60 s checkpoint', async () => {
        const s = await state();
        return s.checkpoints === 1 && s;
      });
      expect(timed.unsigned).toBe(0);
      expect(timed.entries).toBe(6);

      // 1,000 more entries, the timer standing still: the count alone makes the next checkpoint.
      await health(1_000);
      const counted = await until('the 1,000-entry checkpoint', async () => {
        const s = await state();
        return s.checkpoints === 2 && s;
      });
      expect(counted.ok).toBe(true);
      const sizes = (await reader.db.selectFrom('audit_checkpoints').select('tree_size').execute()).map((r) => Number(r.tree_size)).sort((a, b) => a - b);
      expect(sizes[0]).toBe(6);
      expect(sizes[1]! - sizes[0]!).toBeGreaterThanOrEqual(1_000);
      expect(sizes[1]!).toBeLessThanOrEqual(1_006);
    } finally {
      vi.useRealTimers();
      ac.abort();
      await stopped?.catch(() => undefined);
      await reader?.close();
    }
    // After the stop: a final checkpoint covers every entry, and the log verifies.
    const after = await openStore(databaseUrl ? { databaseUrl } : { dataDir });
    try {
      const s = await verifyAudit(after, loadPublicKey(dataDir));
      expect(s.ok).toBe(true);
      expect(s.entries).toBe(1_006);
      expect(s.unsigned).toBe(0);
    } finally {
      await after.close();
    }
  }, 120_000);
});

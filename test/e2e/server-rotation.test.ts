import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { api, ServerTestBed, startServerProcess } from '../helpers/server-process.js';
import { openStore } from '../../src/store/db.js';

/**
 * Issue 7, "Rotating the master key rewraps data keys online": the built `rampart server` keeps
 * serving vault writes and reads (through the SQLite writer thread, or PostgreSQL) while the master
 * key is rotated twice, once by the API and once by `rampart server rotate-key`. Every acknowledged
 * write reads back after each rotation and after a restart, no request gets a 5xx, master.key ends
 * up holding a different key, and `rampart audit verify` passes.
 */

const bed = new ServerTestBed();
const children = bed.children;

afterAll(() => bed.cleanup());

type Acked = Map<string, { version: number; value: string }>;

/** Every acknowledged version reads back with its value; returns what did not (empty = none lost). */
async function unreadable(url: string, token: string, acked: Acked): Promise<string[]> {
  const lost: string[] = [];
  for (const [path, want] of acked) {
    const r = await api(url, token, 'GET', `/api/v1/projects/shop/secrets/${path}?version=${want.version}`);
    if (r.status !== 200 || r.json.value !== want.value) lost.push(`${path}@${want.version}: HTTP ${r.status}`);
  }
  return lost;
}

describe.each(['sqlite', 'postgres'] as const)('master key rotation under vault load through rampart server on %s', (dialect) => {
  it('two online rotations (API, then CLI) during concurrent puts and gets: no 5xx, nothing acknowledged lost, after a restart too; the audit log verifies', async () => {
    const { env, dataDir } = await bed.prepare('rampart-e2e-rotate-', dialect);
    const init = await runCli(['server', 'init', '--data-dir', dataDir], { env });
    expect(init.code, init.stderr).toBe(0);
    const admin = init.stdout.trim();
    const firstKey = readFileSync(join(dataDir, 'master.key'));

    const srv = await startServerProcess({ dataDir, env, children });
    const keyIds: string[] = [];
    let restarted: Awaited<ReturnType<typeof startServerProcess>> | undefined;
    try {
      expect((await api(srv.url, admin, 'POST', '/api/v1/projects', { name: 'shop' })).status).toBe(201);
      // Secrets written before the first rotation, so the rewrap has rows to work on.
      const acked: Acked = new Map();
      for (let i = 0; i < 30; i++) {
        const value = `seed-${i}-${randomBytes(6).toString('hex')}`;
        const r = await api(srv.url, admin, 'PUT', `/api/v1/projects/shop/secrets/seed/s${i}`, { value });
        expect(r.status).toBe(200);
        acked.set(`seed/s${i}`, { version: r.json.version, value });
      }

      // Load: writers (new paths and new versions of shared paths) and readers of acked versions.
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      let doneCount = 0;
      const overlap: number[] = [];
      const count = (s: number) => (doneCount++, statuses.set(s, (statuses.get(s) ?? 0) + 1));
      let stop = false;
      const writer = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const path = i % 2 ? `load/w${w}/s${i}` : `shared/w${w}`;
          const value = `v-${w}-${i}-${randomBytes(6).toString('hex')}`;
          const r = await api(srv.url, admin, 'PUT', `/api/v1/projects/shop/secrets/${path}`, { value });
          count(r.status);
          if (r.status === 200 || r.status === 201) {
            const prev = acked.get(path);
            if (!prev || prev.version < r.json.version) acked.set(path, { version: r.json.version, value });
          } else {
            failures.push(`PUT ${path}: HTTP ${r.status} ${JSON.stringify(r.json?.error ?? null)}`);
          }
        }
      };
      const reader = async (n: number) => {
        for (let i = 0; !stop; i++) {
          const known = [...acked.entries()];
          const [path, want] = known[(i * 7 + n) % known.length]!;
          const r = await api(srv.url, admin, 'GET', `/api/v1/projects/shop/secrets/${path}?version=${want.version}`);
          count(r.status);
          if (r.status !== 200 || r.json.value !== want.value) failures.push(`GET ${path}@${want.version}: HTTP ${r.status} ${JSON.stringify(r.json?.error ?? null)}`);
        }
      };
      const load = [...Array.from({ length: 4 }, (_, w) => writer(w)), ...Array.from({ length: 3 }, (_, n) => reader(n))];
      const settle = async (n: number) => {
        const target = acked.size + n;
        while (acked.size < target && failures.length === 0) await new Promise((r) => setTimeout(r, 10));
      };

      try {
        await settle(20);
        // First rotation: the API.
        let before = doneCount;
        const r1 = await api(srv.url, admin, 'POST', '/api/v1/sys/rotate-master-key');
        overlap.push(doneCount - before);
        expect(r1.status, JSON.stringify(r1.json)).toBe(200);
        expect(r1.json.rewrapped).toBeGreaterThanOrEqual(30);
        keyIds.push(r1.json.keyId);
        await settle(20);
        // Second rotation: the CLI, with the admin token from the environment.
        before = doneCount;
        const r2 = await runCli(['server', 'rotate-key', '--server', srv.url], { env: { ...env, RAMPART_TOKEN: admin } });
        overlap.push(doneCount - before);
        expect(r2.code, r2.stderr).toBe(0);
        const m = /master key rotated: now (\S+); \d+ data keys rewrapped/.exec(r2.stderr);
        expect(m, r2.stderr).not.toBeNull();
        keyIds.push(m![1]!);
        expect(r2.stderr).not.toContain(admin);
        await settle(20);
      } finally {
        stop = true;
        await Promise.all(load);
      }

      // The load really ran through the rotations (requests answered while each was under way).
      expect(overlap.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(failures).toEqual([]);
      expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
      expect(acked.size).toBeGreaterThanOrEqual(90);
      expect(await unreadable(srv.url, admin, acked)).toEqual([]);
      // The key file changed twice: neither the original key nor the first rotation's key is in it.
      const finalKey = readFileSync(join(dataDir, 'master.key'));
      expect(finalKey.equals(firstKey)).toBe(false);
      expect(new Set(keyIds).size).toBe(2);

      expect(await srv.stop()).toBe(0);
      // After a restart with only master.key (the retired keys are gone), everything still reads.
      restarted = await startServerProcess({ dataDir, env, children });
      expect(await unreadable(restarted.url, admin, acked)).toEqual([]);
      const writes = await api(restarted.url, admin, 'PUT', '/api/v1/projects/shop/secrets/after/restart', { value: 'fresh' });
      expect(writes.status).toBe(200);
      expect(await restarted.stop()).toBe(0);
      restarted = undefined;
    } finally {
      if (srv.child.exitCode === null) await srv.stop();
      if (restarted) await restarted.stop();
    }

    // In the database: one live master key (the second rotation's), every version wrapped under it.
    const store = await openStore(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir });
    try {
      const live = await store.db.selectFrom('master_keys').select('id').where('retired_at', 'is', null).execute();
      expect(live.map((k) => k.id)).toEqual([keyIds[1]]);
      const wrappedUnder = await store.db.selectFrom('secret_versions').select('key_id').distinct().execute();
      expect(wrappedUnder.map((k) => k.key_id)).toEqual([keyIds[1]]);
    } finally {
      await store.close();
    }

    // Both rotations and their outcomes are in the log, no value is, and the chain verifies.
    const exp = await runCli(['audit', 'export', '--data-dir', dataDir], { env });
    expect(exp.code, exp.stderr).toBe(0);
    const rotated = exp.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; action?: string; outcome?: string })
      .filter((e) => e.type === 'entry' && e.action === 'vault.rotate-master-key');
    expect(rotated.map((e) => e.outcome)).toEqual(['allow', 'allow']);
    expect(exp.stdout).not.toContain('seed-0-');
    const v = await runCli(['audit', 'verify', '--data-dir', dataDir], { env });
    expect(v.code, v.stderr + v.stdout).toBe(0);
  }, 180_000);
});

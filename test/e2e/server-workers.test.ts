import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { runCli } from '../helpers/cli.js';
import { api, ServerTestBed, startServerProcess } from '../helpers/server-process.js';

/**
 * `rampart server --http-workers N` (RAMPART_HTTP_WORKERS=N here) through the built CLI: SIGKILL of
 * the primary mid-burst takes its workers with it, no acknowledged secret write is lost, and
 * `rampart audit verify` passes; concurrent check-and-set writes spread over the workers: exactly
 * one wins. Refused, with a message saying what to do: PostgreSQL, and a vault sealed by key shares.
 * (What the workers share through the database is tested in test/server/http-workers.test.ts.)
 */

const bed = new ServerTestBed();
afterAll(() => bed.cleanup());

/** The live child processes of `pid` (Linux). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
    if (text) out.push(...text.split(/\s+/).map(Number));
  }
  return out;
}

/** Gone, or a zombie nobody reaped yet (its parent was killed). */
function dead(pid: number): boolean {
  if (!existsSync(`/proc/${pid}`)) return true;
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

describe('rampart server --http-workers 2 (SQLite)', () => {
  it('SIGKILL of the primary kills the workers and loses no acknowledged write; the log verifies; CAS: one winner', async () => {
    const prepared = await bed.prepare('rampart-e2e-workers-', 'sqlite');
    const env = { ...prepared.env, RAMPART_HTTP_WORKERS: '2' };
    const dataDir = prepared.dataDir;
    const init = await runCli(['server', 'init', '--data-dir', dataDir], { env });
    expect(init.code, init.stderr).toBe(0);
    const admin = init.stdout.trim();

    const srv = await startServerProcess({ dataDir, env, children: bed.children });
    expect(srv.stderr()).toMatch(/2 HTTP workers/);
    const workers = childrenOf(srv.child.pid!);
    expect(workers).toHaveLength(2);
    expect((await api(srv.url, admin, 'POST', '/api/v1/projects', { name: 'shop' })).status).toBe(201);

    const acked = new Map<string, { version: number; value: string }>();
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const path = i % 2 ? `burst/w${w}/s${i}` : `shared/w${w}`;
        const value = `v-${w}-${i}-${randomBytes(6).toString('hex')}`;
        try {
          const r = await api(srv.url, admin, 'PUT', `/api/v1/projects/shop/secrets/${path}`, { value });
          if (r.status === 200 || r.status === 201) {
            const prev = acked.get(path);
            if (!prev || prev.version < r.json.version) acked.set(path, { version: r.json.version, value });
          }
          // Reads in between: both kinds of audit entry, from both workers, in the one chain.
          await api(srv.url, admin, 'GET', `/api/v1/projects/shop/secrets/${path}`);
        } catch {
          return; // the connection died with the server
        }
      }
    };
    const writers = Array.from({ length: 6 }, (_, w) => writer(w));
    const deadline = Date.now() + 30_000;
    while (acked.size < 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    srv.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    expect(await srv.exited).toBe(null);
    expect(acked.size).toBeGreaterThanOrEqual(40);
    const end = Date.now() + 10_000;
    while (!workers.every(dead) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(workers.filter((p) => !dead(p))).toEqual([]);

    const again = await startServerProcess({ dataDir, env, children: bed.children });
    try {
      const lost: string[] = [];
      for (const [path, want] of acked) {
        const r = await api(again.url, admin, 'GET', `/api/v1/projects/shop/secrets/${path}?version=${want.version}`);
        if (r.status !== 200 || r.json.value !== want.value) lost.push(`${path}@${want.version}: HTTP ${r.status}`);
      }
      expect(lost).toEqual([]);
      const cur = (await api(again.url, admin, 'GET', '/api/v1/projects/shop/secrets/shared/w0')).json.version as number;
      const race = await Promise.all(
        Array.from({ length: 20 }, (_, i) => api(again.url, admin, 'PUT', '/api/v1/projects/shop/secrets/shared/w0', { value: `race-${i}`, cas: cur }).then((r) => ({ i, ...r }))),
      );
      const won = race.filter((r) => r.status === 200 || r.status === 201);
      expect(won).toHaveLength(1);
      expect(race.filter((r) => r.status === 409)).toHaveLength(19);
      // Whichever worker answers: the winner's value at once.
      for (let k = 0; k < 4; k++) {
        expect((await api(again.url, admin, 'GET', '/api/v1/projects/shop/secrets/shared/w0')).json).toMatchObject({ version: cur + 1, value: `race-${won[0]!.i}` });
      }
    } finally {
      expect(await again.stop()).toBe(0);
    }
    const v = await runCli(['audit', 'verify', '--data-dir', dataDir], { env });
    expect(v.code, v.stderr + v.stdout).toBe(0);
  }, 180_000);

  it('is refused with a vault sealed by key shares, saying to run one process', async () => {
    const { env, dataDir } = await bed.prepare('rampart-e2e-workers-sealed-', 'sqlite');
    const init = await runCli(['server', 'init', '--data-dir', dataDir, '--key-shares', '3', '--key-threshold', '2'], { env });
    expect(init.code, init.stderr).toBe(0);
    const r = await runCli(['server', '--data-dir', dataDir, '--listen', '127.0.0.1:0', '--http-workers', '2'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/key shares .*--http-workers 1/);
  }, 60_000);
});

describe('rampart server --http-workers 2 (PostgreSQL)', () => {
  it('is refused: several servers behind a load balancer instead', async () => {
    const { env, dataDir } = await bed.prepare('rampart-e2e-workers-pg-', 'postgres');
    const r = await runCli(['server', '--data-dir', dataDir, '--listen', '127.0.0.1:0', '--http-workers', '2'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SQLite only.*load balancer/);
  }, 120_000);
});

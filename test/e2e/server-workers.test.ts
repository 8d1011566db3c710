import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { runCli } from '../helpers/cli.js';
import { api, ServerTestBed, startServerProcess } from '../helpers/server-process.js';
import { burstThenKill, expectAckedKept, expectOneCasWinner } from '../helpers/vault-burst.js';

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

    // Reads in between: both kinds of audit entry, from both workers, in the one chain.
    const acked = await burstThenKill(srv, admin, { readBetween: true });
    const end = Date.now() + 10_000;
    while (!workers.every(dead) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(workers.filter((p) => !dead(p))).toEqual([]);

    const again = await startServerProcess({ dataDir, env, children: bed.children });
    try {
      await expectAckedKept(again.url, admin, acked);
      const winner = await expectOneCasWinner(again.url, admin);
      // Whichever worker answers: the winner's value at once.
      for (let k = 0; k < 4; k++) {
        expect((await api(again.url, admin, 'GET', '/api/v1/projects/shop/secrets/shared/w0')).json).toMatchObject(winner);
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

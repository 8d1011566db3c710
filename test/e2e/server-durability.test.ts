import { afterAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { runCli } from '../helpers/cli.js';
import { api, ServerTestBed, startServerProcess } from '../helpers/server-process.js';

/**
 * Issue 7, "Speed and durability": the vault under a write burst through the built `rampart
 * server`, on SQLite and on PostgreSQL. SIGKILL mid-burst: after a restart every acknowledged
 * secret write reads back with its version and value, each has its `secret.write` audit entry, and
 * `rampart audit verify` passes. Concurrent check-and-set writes over HTTP: exactly one wins.
 */

const bed = new ServerTestBed();
const children = bed.children;

afterAll(() => bed.cleanup());

interface Running {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

function startServer(dataDir: string, env: NodeJS.ProcessEnv): Promise<Running> {
  return startServerProcess({ dataDir, env, children });
}

describe.each(['sqlite', 'postgres'] as const)('vault durability through rampart server on %s', (dialect) => {
  it('SIGKILL mid-burst loses no acknowledged secret write, keeps their audit entries, and the log verifies; concurrent CAS: one winner', async () => {
    const { env, dataDir } = await bed.prepare('rampart-e2e-durable-', dialect);
    const init = await runCli(['server', 'init', '--data-dir', dataDir], { env });
    expect(init.code, init.stderr).toBe(0);
    const admin = init.stdout.trim();

    const srv = await startServer(dataDir, env);
    expect((await api(srv.url, admin, 'POST', '/api/v1/projects', { name: 'shop' })).status).toBe(201);

    // Writers: new paths and new versions of shared paths; only 2xx answers count as acknowledged.
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

    const again = await startServer(dataDir, env);
    try {
      const lost: string[] = [];
      for (const [path, want] of acked) {
        const r = await api(again.url, admin, 'GET', `/api/v1/projects/shop/secrets/${path}?version=${want.version}`);
        if (r.status !== 200 || r.json.value !== want.value) lost.push(`${path}@${want.version}: HTTP ${r.status}`);
      }
      expect(lost).toEqual([]);

      // Check-and-set over HTTP: 20 writers race on the same version; exactly one wins.
      const cur = (await api(again.url, admin, 'GET', '/api/v1/projects/shop/secrets/shared/w0')).json.version as number;
      const race = await Promise.all(
        Array.from({ length: 20 }, (_, i) => api(again.url, admin, 'PUT', '/api/v1/projects/shop/secrets/shared/w0', { value: `race-${i}`, cas: cur }).then((r) => ({ i, ...r }))),
      );
      const won = race.filter((r) => r.status === 200 || r.status === 201);
      expect(won).toHaveLength(1);
      expect(race.filter((r) => r.status === 409)).toHaveLength(19);
      const after = (await api(again.url, admin, 'GET', '/api/v1/projects/shop/secrets/shared/w0')).json;
      expect(after).toMatchObject({ version: cur + 1, value: `race-${won[0]!.i}` });
    } finally {
      expect(await again.stop()).toBe(0);
    }

    // Every acknowledged write kept its audit entry (same transaction), and the chain verifies.
    const exp = await runCli(['audit', 'export', '--data-dir', dataDir], { env });
    expect(exp.code, exp.stderr).toBe(0);
    const written = new Set(
      exp.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; action?: string; resource?: string })
        .filter((e) => e.type === 'entry' && e.action === 'secret.write')
        .map((e) => e.resource),
    );
    expect([...acked.keys()].filter((p) => !written.has(`project:shop/secret:${p}`))).toEqual([]);
    for (const { value } of acked.values()) expect(exp.stdout).not.toContain(value);
    const v = await runCli(['audit', 'verify', '--data-dir', dataDir], { env });
    expect(v.code, v.stderr + v.stdout).toBe(0);
  }, 120_000);
});

import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { api, ServerTestBed, startServerProcess } from '../helpers/server-process.js';
import { burstThenKill, expectAckedKept, expectOneCasWinner } from '../helpers/vault-burst.js';

/**
 * Issue 7, "Speed and durability": the vault under a write burst through the built `rampart
 * server`, on SQLite and on PostgreSQL. SIGKILL mid-burst: after a restart every acknowledged
 * secret write reads back with its version and value, each has its `secret.write` audit entry, and
 * `rampart audit verify` passes. Concurrent check-and-set writes over HTTP: exactly one wins.
 */

const bed = new ServerTestBed();
afterAll(() => bed.cleanup());

describe.each(['sqlite', 'postgres'] as const)('vault durability through rampart server on %s', (dialect) => {
  it('SIGKILL mid-burst loses no acknowledged secret write, keeps their audit entries, and the log verifies; concurrent CAS: one winner', async () => {
    const { env, dataDir, admin, srv } = await bed.serve('rampart-e2e-durable-', dialect);
    expect((await api(srv.url, admin, 'POST', '/api/v1/projects', { name: 'shop' })).status).toBe(201);

    const acked = await burstThenKill(srv, admin);

    const again = await startServerProcess({ dataDir, env, children: bed.children });
    try {
      await expectAckedKept(again.url, admin, acked);
      // Check-and-set over HTTP: 20 writers race on the same version; exactly one wins.
      const winner = await expectOneCasWinner(again.url, admin);
      expect((await api(again.url, admin, 'GET', '/api/v1/projects/shop/secrets/shared/w0')).json).toMatchObject(winner);
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

import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer, LEAN_READ_STATS } from '../../src/server/app.js';
import { resolveServerConfig } from '../../src/server/config.js';
import { initServer } from '../../src/server/init.js';
import { serverModules } from '../../src/server/modules.js';
import { Keyring, loadDataDirKeys } from '../../src/server/vault/master-key.js';
import { openStore } from '../../src/store/db.js';
import { startPostgres, type PrivatePostgres } from '../helpers/postgres.js';

/**
 * The lean read path tells node:http not to dump a request it answered when the whole message
 * was read and no body bytes wait (http/lean-read.ts skipDump). The connection must still serve
 * every later request: many reads on one keep-alive socket, and GETs that carry a body (small,
 * and one larger than the stream's buffer, which pauses the socket until dumped) followed by more
 * reads on the same socket.
 */

const roots: string[] = [];
let pg: PrivatePostgres | undefined;
afterAll(async () => {
  await pg?.stop();
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function get(agent: Agent, url: string, token: string, body?: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body) headers['content-length'] = String(body.length);
    const r = request(url, { method: 'GET', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    r.setTimeout(10_000, () => r.destroy(new Error('no answer in 10 s (connection stalled)')));
    r.on('error', reject);
    r.end(body);
  });
}

describe.each(['sqlite', 'postgres'] as const)('lean read on one keep-alive connection (%s)', (dialect) => {
  it('serves every read, GETs with bodies included, on the same socket', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rampart-lean-ka-'));
    roots.push(root);
    const dataDir = join(root, 'data');
    let databaseUrl: string | undefined;
    if (dialect === 'postgres') {
      pg ??= await startPostgres();
      databaseUrl = await pg.createDatabase();
    }
    const admin = (await initServer({ dataDir, databaseUrl })).token;
    const store = await openStore(databaseUrl ? { databaseUrl } : { dataDir });
    const keyring = await Keyring.load(store);
    loadDataDirKeys(keyring, { dataDir });
    const modules = await serverModules({ store, config: resolveServerConfig({ dataDir }, databaseUrl ? { DATABASE_URL: databaseUrl } : {}), keyring });
    const app = await buildServer({ store, logger: false, ...modules });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const addr = app.server.address();
      const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
      let connections = 0;
      app.server.on('connection', () => connections++);
      const json = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
      expect((await fetch(`${base}/api/v1/projects`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'p' }) })).status).toBe(201);
      expect((await fetch(`${base}/api/v1/projects/p/secrets/db/password`, { method: 'PUT', headers: json, body: JSON.stringify({ value: 'v1' }) })).status).toBe(200);
      const url = `${base}/api/v1/projects/p/secrets/db/password`;
      connections = 0;

      const reads: { status: number; body: string }[] = [];
      for (let i = 0; i < 20; i++) reads.push(await get(agent, url, admin));
      reads.push(await get(agent, url, admin, Buffer.from('x'.repeat(100))));
      reads.push(await get(agent, url, admin));
      // Larger than a stream's buffer (16 KiB): node pauses the socket until the body is read or dumped.
      reads.push(await get(agent, url, admin, Buffer.alloc(256 * 1024, 'y')));
      for (let i = 0; i < 5; i++) reads.push(await get(agent, url, admin));
      for (const r of reads) {
        expect(r.status).toBe(200);
        expect(JSON.parse(r.body)).toMatchObject({ path: 'db/password', version: 1, value: 'v1' });
      }
      // One connection for all of them: none was closed for an undumped request.
      expect(connections).toBe(1);
      const answered = (app as unknown as Record<string, { answered: number } | undefined>)[LEAN_READ_STATS]?.answered ?? 0;
      // On SQLite the lean path answered (nearly) all of them; on PostgreSQL Fastify did.
      if (dialect === 'sqlite') expect(answered).toBeGreaterThanOrEqual(reads.length - 2);
      else expect(answered).toBe(0);
    } finally {
      agent.destroy();
      await app.close();
      await modules.close?.();
      keyring.seal();
      await store.close();
    }
  }, 120_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BOOTSTRAP_TTL_S, initServer } from '../../src/server/init.js';
import { hashToken } from '../../src/server/identity/tokens.js';
import { openStore } from '../../src/store/db.js';

/** Issue 7: the bootstrap token `rampart server init` prints lives 24 h (or --bootstrap-ttl), marked as such. */
describe('the bootstrap token lifetime', () => {
  const root = mkdtempSync(join(tmpdir(), 'rampart-boot-ttl-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function row(dataDir: string, token: string) {
    const store = await openStore({ dataDir });
    try {
      return await store.db.selectFrom('api_tokens').select(['expires_at', 'created_at', 'bootstrap', 'name']).where('hash', '=', hashToken(token)).executeTakeFirstOrThrow();
    } finally {
      await store.close();
    }
  }

  it('expires 24 h after init by default, and is stored as the bootstrap token', async () => {
    const t0 = Date.parse('2026-11-28T00:00:00.000Z');
    const r = await initServer({ dataDir: join(root, 'a'), now: () => t0 });
    expect(r.tokenExpiresAt).toBe(new Date(t0 + BOOTSTRAP_TTL_S * 1000).toISOString());
    const stored = await row(join(root, 'a'), r.token);
    expect(stored).toMatchObject({ expires_at: r.tokenExpiresAt, bootstrap: 1, name: 'bootstrap' });
  });

  it('takes another lifetime, within 60 s to 30 d', async () => {
    const r = await initServer({ dataDir: join(root, 'b'), bootstrapTtlSeconds: 3600 });
    expect(Date.parse(r.tokenExpiresAt) - Date.parse((await row(join(root, 'b'), r.token)).created_at)).toBe(3600_000);
    await expect(initServer({ dataDir: join(root, 'c'), bootstrapTtlSeconds: 31 * 86400 })).rejects.toMatchObject({ code: 'E_USAGE' });
    await expect(initServer({ dataDir: join(root, 'c'), bootstrapTtlSeconds: 10 })).rejects.toMatchObject({ code: 'E_USAGE' });
  });
});

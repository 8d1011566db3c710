import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Keyring } from '../../../src/server/vault/master-key.js';
import { Vault } from '../../../src/server/vault/vault.js';
import { openStore, type Store } from '../../../src/store/db.js';
import { startPostgres, type PrivatePostgres } from '../../helpers/postgres.js';
import { recordMasterKey } from '../../helpers/master-key.js';

// Vault.getNow: the synchronous read the GET route tries first. On SQLite it answers exactly as
// get() does (values, versions, refusals); on PostgreSQL it declines (undefined) and get() reads.
const BACKENDS = ['sqlite', 'postgres'] as const;
const dirs: string[] = [];
const stores: Store[] = [];
let pg: PrivatePostgres | undefined;

afterAll(async () => {
  for (const s of stores) await s.close();
  await pg?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function setup(kind: (typeof BACKENDS)[number]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-getnow-'));
  dirs.push(dataDir);
  let store: Store;
  if (kind === 'sqlite') store = await openStore({ dataDir });
  else {
    pg ??= await startPostgres();
    store = await openStore({ databaseUrl: await pg.createDatabase(), dataDir });
  }
  stores.push(store);
  const key = randomBytes(32);
  await recordMasterKey(store, key);
  await store.db.insertInto('projects').values({ id: 'p1', name: 'p1', description: null, created_at: '2026-01-01T00:00:00.000Z' }).execute();
  const keyring = await Keyring.load(store);
  keyring.add(key);
  return { store, keyring, vault: await Vault.open(store, keyring) };
}

const actor = 'user:alice';
const errorOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe.each(BACKENDS)('Vault.getNow on %s', (kind) => {
  it(kind === 'sqlite' ? 'answers as get() does, without a promise' : 'declines: get() reads the store', async () => {
    const { vault } = await setup(kind);
    await vault.put('p1', 'db/password', 'one', { actor });
    await vault.put('p1', 'db/password', 'two', { actor });
    const now = vault.getNow('p1', 'db/password', { actor });
    if (kind === 'postgres') {
      expect(now).toBeUndefined();
      return;
    }
    expect(now).toBeDefined();
    expect(now!.value.toString('utf8')).toBe('two');
    const got = await vault.get('p1', 'db/password', { actor });
    expect({ ...now!, value: now!.value.toString('utf8') }).toEqual({ ...got, value: got.value.toString('utf8') });
    expect(vault.getNow('p1', 'db/password', { actor, version: 1 })!.value.toString('utf8')).toBe('one');
    // A second read of the same version is served from the cached row and the cached data key.
    expect(vault.getNow('p1', 'db/password', { actor, version: 1 })!.value.toString('utf8')).toBe('one');
  });

  it('refuses what get() refuses, with the same codes', async () => {
    const { vault } = await setup(kind);
    await vault.put('p1', 'app/key', 'v1', { actor });
    await vault.put('p1', 'app/key', 'v2', { actor });
    await vault.delete('p1', 'app/key', { actor, versions: [2] });
    await vault.destroy('p1', 'app/key', { actor, versions: [1] });
    const cases: [string, { actor: string; version?: number }][] = [
      ['app/missing', { actor }],
      ['app/key', { actor }],
      ['app/key', { actor, version: 1 }],
      ['app/key', { actor, version: 9 }],
      ['../x', { actor }],
      ['app/key', { actor, version: 0 }],
    ];
    for (const [path, o] of cases) {
      const viaGet = await vault.get('p1', path, o).then(
        () => undefined,
        (e: { code?: string }) => e.code,
      );
      expect(viaGet).toBeDefined();
      if (kind === 'sqlite') expect([path, errorOf(() => vault.getNow('p1', path, o))]).toEqual([path, viaGet]);
    }
  });

  it('sees a write made after a cached read (the cached row is forgotten on change)', async () => {
    const { vault } = await setup(kind);
    await vault.put('p1', 'svc/token', 'old', { actor });
    expect((vault.getNow('p1', 'svc/token', { actor }) ?? (await vault.get('p1', 'svc/token', { actor }))).value.toString('utf8')).toBe('old');
    await vault.put('p1', 'svc/token', 'new', { actor });
    expect((vault.getNow('p1', 'svc/token', { actor }) ?? (await vault.get('p1', 'svc/token', { actor }))).value.toString('utf8')).toBe('new');
  });
});

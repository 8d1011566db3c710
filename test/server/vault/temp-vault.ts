import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Vault, VaultOptions } from '../../../src/server/vault/vault.js';
import { openStore, type Store } from '../../../src/store/db.js';
import { openTestVault } from '../../helpers/master-key.js';

/**
 * Vaults on SQLite stores in temp dirs, each with project `p1`, for tests of the Vault class
 * itself (no HTTP); `cleanup()` in afterAll closes the stores and removes the dirs.
 */
export function tempVaults(): { open(o?: VaultOptions): Promise<{ vault: Vault; store: Store }>; cleanup(): Promise<void> } {
  const dirs: string[] = [];
  const stores: Store[] = [];
  return {
    async open(o = {}) {
      const dataDir = mkdtempSync(join(tmpdir(), 'rampart-vault-'));
      dirs.push(dataDir);
      const store = await openStore({ dataDir });
      stores.push(store);
      await store.db.insertInto('projects').values({ id: 'p1', name: 'p1', description: null, created_at: '2026-01-01T00:00:00.000Z' }).execute();
      const { vault } = await openTestVault(store, o);
      return { vault, store };
    },
    async cleanup() {
      for (const s of stores) await s.close();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

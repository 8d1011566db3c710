import { randomBytes } from 'node:crypto';
import { masterKeyCheck, masterKeyIdOf } from '../../src/server/init.js';
import { Keyring } from '../../src/server/vault/master-key.js';
import { Vault, type VaultOptions } from '../../src/server/vault/vault.js';
import type { Store } from '../../src/store/db.js';

/** Records `key` as a master key of the store (its id and check value), as `rampart server init` does. */
export async function recordMasterKey(store: Store, key: Buffer, createdAt = '2026-01-01T00:00:00.000Z'): Promise<void> {
  await store.db.insertInto('master_keys').values({ id: masterKeyIdOf(key), check_value: masterKeyCheck(key), created_at: createdAt, retired_at: null }).execute();
}

/** A vault over `store`, unsealed with a fresh master key recorded in it (the key bytes are zeroed). */
export async function openTestVault(store: Store, o: VaultOptions = {}): Promise<{ vault: Vault; keyring: Keyring }> {
  const key = randomBytes(32);
  await recordMasterKey(store, key);
  const keyring = await Keyring.load(store);
  keyring.add(key);
  key.fill(0);
  return { vault: await Vault.open(store, keyring, o), keyring };
}

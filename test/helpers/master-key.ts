import { masterKeyCheck, masterKeyIdOf } from '../../src/server/init.js';
import type { Store } from '../../src/store/db.js';

/** Records `key` as a master key of the store (its id and check value), as `rampart server init` does. */
export async function recordMasterKey(store: Store, key: Buffer, createdAt = '2026-01-01T00:00:00.000Z'): Promise<void> {
  await store.db.insertInto('master_keys').values({ id: masterKeyIdOf(key), check_value: masterKeyCheck(key), created_at: createdAt, retired_at: null }).execute();
}

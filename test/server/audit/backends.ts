import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../../src/store/db.js';
import { startPostgres, type PrivatePostgres } from '../../helpers/postgres.js';

export const BACKENDS = ['sqlite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

interface Opened {
  store: Store;
  dataDir: string;
  /** A second, independent connection (pool) to the same database: another server process. */
  again(): Promise<Store>;
}

/**
 * The audit tests run on both stores: SQLite in a temp data dir, PostgreSQL in a private cluster
 * started once per test file. One migrated database per backend is shared by a file's tests and
 * its audit tables emptied for each (creating and migrating a database per test is the slow part).
 * Call cleanup() in afterAll.
 */
export function auditBackends() {
  let pg: PrivatePostgres | undefined;
  const dirs: string[] = [];
  const stores: Store[] = [];
  const shared = new Map<Backend, Opened>();

  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'rampart-audit-'));
    dirs.push(d);
    return d;
  };

  const create = async (kind: Backend): Promise<Opened> => {
    const dataDir = tmp();
    let databaseUrl: string | undefined;
    if (kind === 'postgres') {
      pg ??= await startPostgres();
      databaseUrl = await pg.createDatabase();
    }
    const again = async () => {
      const s = databaseUrl ? await openStore({ databaseUrl, dataDir }) : await openStore({ dataDir });
      stores.push(s);
      return s;
    };
    return { store: await again(), dataDir, again };
  };

  return {
    /** The backend's shared store with empty audit tables. */
    async open(kind: Backend): Promise<Opened> {
      let o = shared.get(kind);
      if (!o) shared.set(kind, (o = await create(kind)));
      await o.store.db.deleteFrom('audit_checkpoints').execute();
      await o.store.db.deleteFrom('audit_entries').execute();
      return o;
    },
    /** An empty directory that is removed in cleanup(). */
    tmpDir: tmp,
    async cleanup(): Promise<void> {
      for (const s of stores.splice(0)) await s.close().catch(() => undefined);
      await pg?.stop();
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

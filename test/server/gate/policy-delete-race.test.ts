import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateRoutes } from '../../../src/server/gate/routes.js';
import { DIALECTS, startHarness, type Harness } from './harness.js';

/**
 * DELETE of a policy against a concurrent PUT of an environment pointing at it: afterwards either
 * the delete was refused or the environment never came to point at it. The foreign key is ON DELETE
 * SET NULL, so losing this race used to unset the environment's policy (every deploy then denied).
 */
describe.each(DIALECTS)('policy delete racing an environment write on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, (store, audit) => [gateRoutes({ store, audit })]);
  }, 60_000);
  afterAll(async () => h?.close());

  const putPolicy = (name: string) => h.call('PUT', `/api/v1/projects/shop/policies/${name}`, h.tokens.sec!, { document: {} });
  const putEnv = (env: string, policy: string) => h.call('PUT', `/api/v1/projects/shop/environments/${env}`, h.tokens.sec!, { policy });
  const delPolicy = (name: string) => h.call('DELETE', `/api/v1/projects/shop/policies/${name}`, h.tokens.sec!);
  const policyId = async (name: string) => (await h.store.db.selectFrom('policies').select('id').where('project_id', '=', 'p1').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const envPolicy = async (env: string) => (await h.store.db.selectFrom('environments').select('policy_id').where('project_id', '=', 'p1').where('name', '=', env).executeTakeFirstOrThrow()).policy_id;

  /** Runs `hold` in a transaction kept open until the returned commit() is called. */
  async function held(hold: (trx: Parameters<Parameters<ReturnType<Harness['store']['db']['transaction']>['execute']>[0]>[0]) => Promise<void>) {
    let commit!: () => void;
    let ready!: () => void;
    const go = new Promise<void>((r) => (commit = r));
    const started = new Promise<void>((r) => (ready = r));
    const done = h.store.db.transaction().execute(async (trx) => {
      await hold(trx);
      ready();
      await go;
    });
    await Promise.race([started, done]);
    return { commit: async () => (commit(), await done) };
  }

  /** The interleavings below need row locks only PostgreSQL has (SQLite serialises writers): defined there only, never skipped. */
  const itOnPostgres = (name: string, fn: () => Promise<void>) => {
    if (dialect === 'postgres') it(name, fn);
  };

  /** Until some backend of this database waits for a row lock (the request under test). */
  async function untilLockWait() {
    for (let i = 0; i < 500; i++) {
      const r = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(h.store.db);
      if (Number(r.rows[0]!.n) > 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the request never waited for a lock');
  }

  itOnPostgres('an environment write in flight when the delete starts: the delete waits for it and is refused', async () => {
    await putPolicy('keep1');
    await putPolicy('gone1');
    await putEnv('e1', 'keep1');
    const gone = await policyId('gone1');
    // The environment write, up to (not including) its commit: its FK check holds the policy row.
    const env = await held(async (trx) => {
      await trx.updateTable('environments').set({ policy_id: gone }).where('project_id', '=', 'p1').where('name', '=', 'e1').execute();
    });
    const del = delPolicy('gone1');
    await untilLockWait();
    await env.commit();
    const r = await del;
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe('E_POLICY_IN_USE');
    expect(await envPolicy('e1')).toBe(gone);
  });

  itOnPostgres('a delete in flight when the environment write starts: the write waits for it and finds no policy', async () => {
    await putPolicy('keep2');
    await putPolicy('gone2');
    await putEnv('e2', 'keep2');
    const keep = await policyId('keep2');
    // The delete, up to (not including) its commit, as the route does it.
    const del = await held(async (trx) => {
      await trx.selectFrom('policies').select('id').where('project_id', '=', 'p1').where('name', '=', 'gone2').forUpdate().execute();
      await trx.deleteFrom('policies').where('project_id', '=', 'p1').where('name', '=', 'gone2').execute();
    });
    const put = putEnv('e2', 'gone2');
    await untilLockWait();
    await del.commit();
    const r = await put;
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('policy: project shop has no policy gone2');
    expect(await envPolicy('e2')).toBe(keep);
  });

  it('many concurrent delete + environment write pairs: no environment ends up with its policy unset', async () => {
    await putPolicy('base');
    for (let i = 0; i < 20; i++) {
      await putPolicy(`p${i}`);
      await putEnv(`r${i}`, 'base');
    }
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => Promise.all([putEnv(`r${i}`, `p${i}`), delPolicy(`p${i}`)])));
    for (const [put, del] of results) {
      expect([200, 400]).toContain(put.status);
      expect([204, 409]).toContain(del.status);
      // Exactly one of the two won: the environment moved (delete refused) or the policy went first.
      expect(put.status === 200).toBe(del.status === 409);
    }
    const unset = await h.store.db.selectFrom('environments').select('name').where('project_id', '=', 'p1').where('policy_id', 'is', null).execute();
    expect(unset).toEqual([]);
  }, 60_000);
});

import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingsRoutes } from '../../../src/server/findings/routes.js';
import { gateRoutes, historyPage } from '../../../src/server/gate/routes.js';
import { encodeCursor } from '../../../src/server/gate/history-cursor.js';
import { DIALECTS, startHarness, type Harness } from './harness.js';

/**
 * Issue 7: `rampart deploy history` pages past 500. GET …/deployments answers `next` while older
 * decisions remain; `before=<next>` gives the next page, newest first then by id (descending),
 * every decision exactly once (ties on the time included), with or without an env filter, while new
 * decisions keep arriving. A cursor the server did not make is a 400. Each page is a backward read
 * of index 0014 (project_id, ts, id), never a sort of the project's decisions.
 */
describe.each(DIALECTS)('deployment history paging on %s', (dialect) => {
  let h: Harness;
  const ids: string[] = [];
  beforeAll(async () => {
    h = await startHarness(dialect, (store, audit) => [findingsRoutes({ store, audit }), gateRoutes({ store, audit })]);
    // 1,203 decisions, three to a millisecond (equal times are ordered by id), two environments.
    const rows = Array.from({ length: 1203 }, (_, i) => ({
      id: `d-${String(i).padStart(5, '0')}`,
      project_id: 'p1',
      environment: i % 2 === 0 ? 'prod' : 'staging',
      image_digest: `sha256:${'a'.repeat(64)}`,
      commit: null,
      decision: 'allow' as const,
      reasons: '[]',
      actor: `user:${h.ids.dev}`,
      ts: new Date(Date.parse('2026-01-01T00:00:00.000Z') + Math.floor(i / 3)).toISOString(),
    }));
    for (let i = 0; i < rows.length; i += 200) await h.store.db.insertInto('deployment_decisions').values(rows.slice(i, i + 200)).execute();
    // Newest first; within one time, by id descending.
    ids.push(...[...rows].sort((a, b) => (a.ts === b.ts ? (a.id < b.id ? 1 : -1) : a.ts < b.ts ? 1 : -1)).map((r) => r.id));
  }, 120_000);
  afterAll(async () => h?.close());

  async function all(query: string): Promise<{ ids: string[]; pages: number }> {
    const seen: string[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const r = await h.call('GET', `/api/v1/projects/shop/deployments?${query}${before ? `&before=${before}` : ''}`, h.tokens.viewer!);
      expect(r.status).toBe(200);
      seen.push(...r.json.decisions.map((d: { id: string }) => d.id));
      before = r.json.next;
      pages++;
    } while (before !== null && pages < 100);
    return { ids: seen, pages };
  }

  it('walks every decision once, in order, 500 at a time', async () => {
    const got = await all('limit=500');
    expect(got.pages).toBe(3);
    expect(got.ids).toEqual(ids);
  });

  it('keeps the env filter across pages, and a page that ends exactly at the last decision says next: null', async () => {
    const prod = ids.filter((id) => Number(id.slice(2)) % 2 === 0);
    expect((await all('env=prod&limit=7')).ids).toEqual(prod);
    // 602 prod decisions in two pages of 301: the second ends at the last one.
    const exact = await all('env=prod&limit=301');
    expect(exact.pages).toBe(2);
    expect(exact.ids).toEqual(prod);
  });

  it('is stable while new decisions arrive: they are newer, so the next page is unchanged', async () => {
    const first = await h.call('GET', '/api/v1/projects/shop/deployments?limit=10', h.tokens.viewer!);
    await h.store.db.insertInto('deployment_decisions').values({
      id: 'z-new', project_id: 'p1', environment: 'prod', image_digest: `sha256:${'b'.repeat(64)}`, commit: null, decision: 'deny', reasons: '[]', actor: `user:${h.ids.dev}`, ts: new Date().toISOString(),
    }).execute();
    const second = await h.call('GET', `/api/v1/projects/shop/deployments?limit=10&before=${first.json.next}`, h.tokens.viewer!);
    expect(second.json.decisions.map((d: { id: string }) => d.id)).toEqual(ids.slice(10, 20));
    await h.store.db.deleteFrom('deployment_decisions').where('id', '=', 'z-new').execute();
  });

  /** The plan of one page's query as text: SQLite's EXPLAIN QUERY PLAN details, PostgreSQL's EXPLAIN. */
  async function plan(q: CompiledQuery): Promise<string> {
    const db = h.store.db;
    if (dialect === 'sqlite') {
      const r = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]));
      return r.rows.map((x) => x.detail).join('\n');
    }
    // A table this small may rightly be read whole and top-N sorted; with sorts priced out the plan
    // shows whether the index can give the order at all (a Sort node remains if it cannot).
    await db.executeQuery(CompiledQuery.raw('analyze deployment_decisions'));
    return db.transaction().execute(async (trx) => {
      await trx.executeQuery(CompiledQuery.raw('set local enable_sort = off'));
      await trx.executeQuery(CompiledQuery.raw('set local enable_incremental_sort = off'));
      const r = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${q.sql}`, [...q.parameters]));
      return r.rows.map((x) => x['QUERY PLAN']).join('\n');
    });
  }

  it('reads index 0014 backwards for each page: no sort, first page or after a cursor, with or without env', async () => {
    const cursor = { ts: '2026-01-01T00:00:00.200Z', id: 'd-00601' };
    for (const [env, before] of [[undefined, undefined], [undefined, cursor], ['prod', cursor]] as const) {
      const p = await plan(historyPage(h.store.db, 'p1', env, before, 501).compile());
      const what = `${env ?? '-'} ${before ? 'cursor' : 'first'}:\n${p}`;
      expect(p, what).toContain('deployment_decisions_history');
      expect(p, what).not.toMatch(/TEMP B-TREE|Sort/);
      if (dialect === 'postgres') expect(p, what).toMatch(/Index Scan Backward using deployment_decisions_history/);
      // The cursor bounds the index read (a seek), not a filter over every newer decision's row.
      if (before) expect(p, what).toMatch(dialect === 'sqlite' ? /deployment_decisions_history \(project_id=\? AND \(ts,id\)<\(\?,\?\)\)/ : /Index Cond: .*ROW\(ts, id\) < ROW/);
    }
  });

  it('refuses a cursor it did not make', async () => {
    for (const bad of ['nope', encodeURIComponent('a b'), Buffer.from('2026-01-01 x y').toString('base64url'), Buffer.from("1' or 1=1 -- x").toString('base64url')]) {
      const r = await h.call('GET', `/api/v1/projects/shop/deployments?before=${bad}`, h.tokens.viewer!);
      expect(r.status, bad).toBe(400);
    }
    // A well-formed cursor of nothing: an empty last page.
    const past = await h.call('GET', `/api/v1/projects/shop/deployments?before=${encodeCursor({ ts: '2000-01-01T00:00:00.000Z', id: 'x' })}`, h.tokens.viewer!);
    expect(past.json).toEqual({ decisions: [], next: null });
  });
});

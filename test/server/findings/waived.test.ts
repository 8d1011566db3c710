import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingsRoutes } from '../../../src/server/findings/routes.js';
import { DIALECTS, startHarness, type Harness } from '../gate/harness.js';

/**
 * Issue 7: GET …/findings says whether an active waiver covers each finding (`waived`, and the
 * waiver's id and expiry), and `waived=true|false` filters on it. Active = approved, not revoked,
 * not expired, naming the finding's fingerprint or its rule. Pending, expired and revoked waivers,
 * and another project's, cover nothing.
 */
describe.each(DIALECTS)('findings waived field on %s', (dialect) => {
  let h: Harness;
  const day = 86400_000;
  beforeAll(async () => {
    h = await startHarness(dialect, (store, audit) => [findingsRoutes({ store, audit })]);
    const t = new Date().toISOString();
    const finding = (id: string, fp: string, rule: string, project = 'p1') => ({
      id, project_id: project, fingerprint: fp, rule_id: rule, scanner: 'secrets', severity: 'high', state: 'open' as const,
      first_seen: t, last_seen: t, fixed_at: null, reintroduced_at: null, last_scan_id: null, data: '{}',
    });
    await h.store.db.insertInto('findings').values([
      finding('f1', 'fp-by-print', 'rule-a'),
      finding('f2', 'fp-by-rule', 'rule-b'),
      finding('f3', 'fp-pending', 'rule-c'),
      finding('f4', 'fp-expired', 'rule-d'),
      finding('f5', 'fp-revoked', 'rule-e'),
      finding('f6', 'fp-clean', 'rule-f'),
      finding('f7', 'fp-other', 'rule-g', 'p2'),
    ]).execute();
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    const waiver = (id: string, w: { fingerprint?: string; rule?: string; expires: number; approved?: boolean; revoked?: boolean; project?: string }) => ({
      id, project_id: w.project ?? 'p1', fingerprint: w.fingerprint ?? null, rule_id: w.rule ?? null, reason: 'test', expires_at: at(w.expires),
      requested_by: `user:${h.ids.dev}`, approved_by: w.approved === false ? null : `user:${h.ids.sec}`, approved_at: w.approved === false ? null : at(0),
      revoked_at: w.revoked ? at(0) : null, created_at: at(0), requested_token_id: null,
    });
    await h.store.db.insertInto('waivers').values([
      waiver('w-print', { fingerprint: 'fp-by-print', expires: 10 * day }),
      waiver('w-print-longer', { fingerprint: 'fp-by-print', expires: 20 * day }),
      waiver('w-rule', { rule: 'rule-b', expires: 5 * day }),
      waiver('w-pending', { fingerprint: 'fp-pending', expires: 5 * day, approved: false }),
      waiver('w-expired', { fingerprint: 'fp-expired', expires: -1000 }),
      waiver('w-revoked', { fingerprint: 'fp-revoked', expires: 5 * day, revoked: true }),
      // Another project's waiver of the same rule as f6 covers nothing in shop.
      waiver('w-elsewhere', { rule: 'rule-f', expires: 5 * day, project: 'p2' }),
    ]).execute();
  }, 120_000);
  afterAll(async () => h?.close());

  const list = async (q = '') => {
    const r = await h.call('GET', `/api/v1/projects/shop/findings${q}`, h.tokens.viewer!);
    expect(r.status).toBe(200);
    return new Map<string, { waived: boolean; waiver?: { id: string; expiresAt: string } }>(r.json.findings.map((f: { fingerprint: string }) => [f.fingerprint, f]));
  };

  it('marks waived findings with the longest-lasting active waiver', async () => {
    const got = await list();
    expect(got.get('fp-by-print')).toMatchObject({ waived: true, waiver: { id: 'w-print-longer' } });
    expect(got.get('fp-by-rule')).toMatchObject({ waived: true, waiver: { id: 'w-rule' } });
    for (const fp of ['fp-pending', 'fp-expired', 'fp-revoked', 'fp-clean']) {
      expect(got.get(fp), fp).toMatchObject({ waived: false });
      expect(got.get(fp)!.waiver, fp).toBeUndefined();
    }
  });

  it('filters on it', async () => {
    expect([...(await list('?waived=true')).keys()].sort()).toEqual(['fp-by-print', 'fp-by-rule']);
    expect([...(await list('?waived=false')).keys()].sort()).toEqual(['fp-clean', 'fp-expired', 'fp-pending', 'fp-revoked']);
    expect((await h.call('GET', '/api/v1/projects/shop/findings?waived=maybe', h.tokens.viewer!)).status).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../../src/server/audit/verify.js';
import { findingsRoutes } from '../../../src/server/findings/routes.js';
import { findingsAbove } from '../../../src/server/gate/check.js';
import { parsePolicy, type WaiverFact } from '../../../src/server/gate/policy.js';
import { gateRoutes } from '../../../src/server/gate/routes.js';
import { rampartReport } from '../findings/fixtures.js';
import { auditOf, startHarness, type Dialect, type Harness } from './harness.js';

/**
 * The deployment check's reads (gate/facts.ts) and write (gate/check.ts): which scans and findings
 * count, that every change is seen by the next check, and that each decision is stored with its
 * audit entry, also through the SQLite writer thread as `rampart server` runs it.
 */

const digest = (c: string) => 'sha256:' + c.repeat(64);
const HOUR = 3_600_000;

describe('findingsAbove', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const waiver = (over: Partial<WaiverFact>): WaiverFact => ({ id: 'w', fingerprint: 'f', ruleId: null, expiresAt: '2026-06-02T00:00:00Z', approved: true, revoked: false, ...over });

  it('is the loosest limit of the policy, or nothing when it sets none', () => {
    expect(findingsAbove(parsePolicy({ maxOpenSeverity: { sast: 'medium', secrets: 'high' } }), [], now)).toBe(2);
    expect(findingsAbove(parsePolicy({ maxOpenSeverity: { '*': 'low' } }), [], now)).toBe(1);
    expect(findingsAbove(parsePolicy({ maxOpenSeverity: { sast: 'none', secrets: 'high' } }), [], now)).toBe(-1);
    expect(findingsAbove(parsePolicy({}), [waiver({})], now)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('is every open finding while an approved, unrevoked waiver has expired and the policy denies on it', () => {
    const expired = waiver({ expiresAt: '2026-06-01T11:59:59Z' });
    expect(findingsAbove(parsePolicy({ maxOpenSeverity: { sast: 'high' } }), [expired], now)).toBe(-1);
    expect(findingsAbove(parsePolicy({}), [expired], now)).toBe(-1);
    expect(findingsAbove(parsePolicy({ maxOpenSeverity: { sast: 'high' }, denyExpiredWaivers: false }), [expired], now)).toBe(3);
    expect(findingsAbove(parsePolicy({ maxOpenSeverity: { sast: 'high' } }), [{ ...expired, approved: false }, { ...expired, revoked: true }], now)).toBe(3);
  });
});

const SETUPS: { name: string; dialect: Dialect; writer: boolean }[] = [
  { name: 'sqlite', dialect: 'sqlite', writer: false },
  { name: 'sqlite with the writer thread', dialect: 'sqlite', writer: true },
  { name: 'postgres', dialect: 'postgres', writer: false },
];

describe.each(SETUPS)('deployment checks on $name', ({ dialect, writer }) => {
  let h: Harness;
  let shift = 0; // the gate's clock, ahead of real time by this much
  beforeAll(async () => {
    h = await startHarness(dialect, (store, audit) => [findingsRoutes({ store, audit }), gateRoutes({ store, audit, now: () => new Date(Date.now() + shift) })], { writer });
    await h.call('PUT', '/api/v1/projects/shop/policies/strict', h.tokens.sec!, { document: { maxOpenSeverity: { sast: 'medium' }, requiredScanners: ['secrets', 'sast'], scanWindowHours: 24, evidence: 'any' } });
    await h.call('PUT', '/api/v1/projects/shop/environments/prod', h.tokens.sec!, { policy: 'strict' });
  }, 60_000);
  afterAll(async () => h?.close());

  const check = async (imageDigest: string, commit?: string) => {
    const r = await h.call('POST', '/api/v1/deployments/check', h.tokens.dev!, { project: 'shop', env: 'prod', imageDigest, ...(commit ? { commit } : {}) });
    expect(r.status).toBe(200);
    return r.json as { id: string; decision: string; reasons: { code: string; message: string }[] };
  };
  const upload = async (body: Record<string, unknown>) => expect((await h.call('POST', '/api/v1/projects/shop/scans', h.tokens.dev!, body)).status).toBe(201);
  const missing = (r: { reasons: { code: string; message: string }[] }) => r.reasons.filter((x) => x.code === 'missing-scan').map((x) => x.message.split(' ')[1]);

  it("counts the image's scans and the commit's scans that name no image together, within the window only", async () => {
    await upload({ commit: 'c1c1c1c1', imageDigest: digest('1'), report: rampartReport([], ['secrets']) });
    expect(missing(await check(digest('1'), 'c2c2c2c2'))).toEqual(['sast']);
    await upload({ commit: 'c2c2c2c2', report: rampartReport([], ['sast']) });
    expect(await check(digest('1'), 'c2c2c2c2')).toMatchObject({ decision: 'allow' });
    expect(missing(await check(digest('2'), 'c2c2c2c2'))).toEqual(['secrets']);
    expect(missing(await check(digest('1')))).toEqual(['sast']);
    await upload({ commit: 'c3c3c3c3', imageDigest: digest('3'), report: rampartReport([], ['secrets', 'sast']) });
    expect(await check(digest('3'), 'c3c3c3c3')).toMatchObject({ decision: 'allow' });
    shift = 25 * HOUR;
    try {
      expect(missing(await check(digest('1'), 'c2c2c2c2'))).toEqual(['secrets', 'sast']);
    } finally {
      shift = 0;
    }
  });

  it('a scan that names image A does not count for image B built from the same commit (H2)', async () => {
    await upload({ commit: 'c6c6c6c6', imageDigest: digest('6'), report: rampartReport([], ['secrets', 'sast']) });
    expect(await check(digest('6'), 'c6c6c6c6')).toMatchObject({ decision: 'allow' });
    const evil = await check(digest('7'), 'c6c6c6c6');
    expect(evil.decision).toBe('deny');
    expect(missing(evil)).toEqual(['secrets', 'sast']);
    // A commit-only scan still speaks for the commit, whatever image is built from it.
    await upload({ commit: 'c6c6c6c6', report: rampartReport([], ['secrets', 'sast']) });
    expect(await check(digest('7'), 'c6c6c6c6')).toMatchObject({ decision: 'allow' });
  });

  it("judges the deployment's own latest scans: an upload for another commit or image cannot clear its findings (M1)", async () => {
    const img = digest('8');
    await upload({ commit: 'c8c8c8c8', imageDigest: img, report: rampartReport([{ fp: 'm1-high', severity: 'high' }]) });
    expect(await check(img, 'c8c8c8c8')).toMatchObject({ decision: 'deny', reasons: [{ code: 'severity', message: '1 open high sast finding (at most medium may stay open)' }] });
    // An empty report for an unrelated commit, then for an unrelated image: the image still has its finding.
    const unrelated = await h.call('POST', '/api/v1/projects/shop/scans', h.tokens.dev!, { commit: 'deadbeef', scanners: ['sast'], report: rampartReport([], ['sast']) });
    expect(unrelated.status).toBe(201);
    expect(unrelated.json.fixed).toBeGreaterThanOrEqual(1); // the project's report says fixed (same scanner)...
    const state = await h.store.db.selectFrom('findings').select('state').where('fingerprint', '=', 'm1-high').executeTakeFirstOrThrow();
    expect(state.state).toBe('fixed');
    expect(await check(img, 'c8c8c8c8')).toMatchObject({ decision: 'deny', reasons: [{ code: 'severity' }] }); // ...the gate is not fooled
    await upload({ commit: 'deadbeef', imageDigest: digest('9'), report: rampartReport([], ['secrets', 'sast']) });
    expect(await check(img, 'c8c8c8c8')).toMatchObject({ decision: 'deny', reasons: [{ code: 'severity' }] });
    // Without the commit the image's own scan is still what counts.
    expect((await check(img)).decision).toBe('deny');
    // A newer scan of this very image that ran sast and found nothing: now it is clean.
    await upload({ commit: 'c8c8c8c8', imageDigest: img, report: rampartReport([], ['secrets', 'sast']) });
    expect(await check(img, 'c8c8c8c8')).toMatchObject({ decision: 'allow' });
  });

  it('sees findings over a limit, an expired waiver over any finding, and each waiver or policy change at the next check', async () => {
    await upload({ commit: 'c3c3c3c3', imageDigest: digest('3'), report: rampartReport([{ fp: 'hi1', severity: 'high' }, { fp: 'lo1', severity: 'low' }]) });
    expect(await check(digest('3'), 'c3c3c3c3')).toMatchObject({ decision: 'deny', reasons: [{ code: 'severity', message: '1 open high sast finding (at most medium may stay open)' }] });

    const waive = async (fingerprint: string, hours: number) => {
      const w = await h.call('POST', '/api/v1/projects/shop/waivers', h.tokens.dev!, { reason: 'behind the VPN only', expiresAt: new Date(Date.now() + hours * HOUR).toISOString(), fingerprint });
      expect((await h.call('POST', `/api/v1/projects/shop/waivers/${w.json.id}/approve`, h.tokens.sec!)).status).toBe(200);
      return w.json.id as string;
    };
    const hi = await waive('hi1', 1);
    expect(await check(digest('3'), 'c3c3c3c3')).toMatchObject({ decision: 'allow' });
    const lo = await waive('lo1', 2);

    // Three hours on both waivers have expired: the high finding counts again, and each expired
    // waiver is named, the one over the low finding (under every limit) too.
    shift = 3 * HOUR;
    try {
      let r = await check(digest('3'), 'c3c3c3c3');
      expect(r.reasons.map((x) => x.code)).toEqual(['severity', 'expired-waiver', 'expired-waiver']);
      expect(r.reasons.filter((x) => x.code === 'expired-waiver').map((x) => x.message.split(' ')[1]).sort()).toEqual([hi, lo].sort());
      expect((await h.call('POST', `/api/v1/projects/shop/waivers/${lo}/revoke`, h.tokens.sec!)).status).toBe(200);
      r = await check(digest('3'), 'c3c3c3c3');
      expect(r.reasons.map((x) => x.message.split(' ')[1])).toEqual(['open', hi]);
    } finally {
      shift = 0;
    }

    // A policy change, then one that sets no limit at all: the open high finding no longer matters.
    await h.call('PUT', '/api/v1/projects/shop/policies/strict', h.tokens.sec!, { document: { maxOpenSeverity: { sast: 'high' }, requiredScanners: ['secrets', 'sast', 'sca'], scanWindowHours: 24, evidence: 'any' } });
    expect(missing(await check(digest('3'), 'c3c3c3c3'))).toEqual(['sca']);
    await h.call('PUT', '/api/v1/projects/shop/policies/strict', h.tokens.sec!, { document: {} });
    expect(await check(digest('3'), 'c3c3c3c3')).toMatchObject({ decision: 'allow', reasons: [{ code: 'ok', message: 'the policy sets no requirements' }] });
    await h.call('PUT', '/api/v1/projects/shop/policies/strict', h.tokens.sec!, { document: { maxOpenSeverity: { sast: 'medium' }, evidence: 'any' } });
    expect((await check(digest('3'), 'c3c3c3c3')).decision).toBe('allow'); // the high finding's waiver is in force again
    expect((await h.call('POST', `/api/v1/projects/shop/waivers/${hi}/revoke`, h.tokens.sec!)).status).toBe(200);
    expect(await check(digest('3'), 'c3c3c3c3')).toMatchObject({ decision: 'deny', reasons: [{ code: 'severity' }] });
  });

  it('stores and audits every one of many concurrent decisions, with the same reasons, and the audit chain verifies', async () => {
    const before = new Set((await auditOf(h.store, 'deploy.check')).map((e) => e.seq));
    const results = await Promise.all(Array.from({ length: 40 }, (_, n) => check(digest(n % 2 ? '3' : '5'), 'c3c3c3c3')));
    const ids = results.map((r) => r.id);
    expect(new Set(ids).size).toBe(40);
    const rows = await h.store.db.selectFrom('deployment_decisions').selectAll().where('id', 'in', ids).execute();
    expect(rows.length).toBe(40);
    const entries = (await auditOf(h.store, 'deploy.check')).filter((e) => !before.has(e.seq));
    expect(entries.length).toBe(40);
    const byDecision = new Map(entries.map((e) => [JSON.parse(e.detail).decisionId as string, e]));
    for (const row of rows) {
      const e = byDecision.get(row.id)!;
      expect(e.outcome).toBe(row.decision);
      expect(e.actor).toBe(h.ids.dev);
      expect(JSON.parse(e.detail).reasons).toEqual(JSON.parse(row.reasons));
    }
    // Image 3's latest scan found the high finding: its checks deny; image 5 was never scanned, and
    // the commit's scans all name image 3, so nothing was found on it (no scanner is required now).
    expect(rows.every((r) => r.decision === (r.image_digest === digest('3') ? 'deny' : 'allow') && r.commit === 'c3c3c3c3')).toBe(true);
    expect(rows.filter((r) => r.image_digest === digest('3')).length).toBe(20);
    expect(rows.filter((r) => r.image_digest === digest('5')).length).toBe(20);
    const verified = await verifyAudit(h.store, h.auditPublicKey);
    expect(verified.ok).toBe(true);
  });
});

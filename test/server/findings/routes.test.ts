import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingsRoutes } from '../../../src/server/findings/routes.js';
import { newToken } from '../../../src/server/identity/tokens.js';
import { isoNow } from '../../../src/store/schema.js';
import { auditOf, DIALECTS, startHarness, type Harness } from '../gate/harness.js';
import { rampartReport, sarifLog } from './fixtures.js';

const C1 = 'aaaaaaa1';
const C2 = 'aaaaaaa2';
const C3 = 'aaaaaaa3';

describe.each(DIALECTS)('findings routes on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, (store, audit) => [findingsRoutes({ store, audit })]);
  }, 60_000);
  afterAll(async () => h?.close());

  const upload = (token: string, body: unknown, project = 'shop') => h.call('POST', `/api/v1/projects/${project}/scans`, token, body);
  const list = async (query = '', token = h.tokens.viewer!) => {
    const r = await h.call('GET', `/api/v1/projects/shop/findings${query}`, token);
    expect(r.status).toBe(200);
    return r.json.findings as { fingerprint: string; state: string; fixedAt: string | null; reintroducedAt: string | null; title?: string }[];
  };
  const states = async () => Object.fromEntries((await list('?limit=1000')).map((f) => [f.fingerprint, f.state]));

  it('tracks open -> fixed -> reintroduced across scans, only for the scanners that ran', async () => {
    let r = await upload(h.tokens.dev!, { commit: C1, report: rampartReport([{ fp: 'a' }, { fp: 'b' }, { fp: 's1', scanner: 'secrets', severity: 'critical' }]) });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ format: 'rampart', scanners: ['sast', 'secrets'], findings: 3, new: 3, reintroduced: 0, unchanged: 0, fixed: 0 });
    expect(await states()).toEqual({ a: 'open', b: 'open', s1: 'open' });

    // A sast-only scan without b: b is fixed; the secrets finding is untouched (secrets did not run).
    r = await upload(h.tokens.dev!, { commit: C2, scanners: ['sast'], report: rampartReport([{ fp: 'a' }], ['sast']) });
    expect(r.json).toMatchObject({ new: 0, unchanged: 1, fixed: 1 });
    expect(await states()).toEqual({ a: 'open', b: 'fixed', s1: 'open' });
    const fixed = (await list('?state=fixed'))[0]!;
    expect(fixed.fingerprint).toBe('b');
    expect(fixed.fixedAt).not.toBeNull();

    // b comes back: reintroduced, fixed_at cleared.
    r = await upload(h.tokens.dev!, { commit: C3, report: sarifLog([{ ruleId: 'sast/js/rule-b', partialFingerprints: { 'rampart/v1': 'b' } }, { ruleId: 'sast/js/rule-a', partialFingerprints: { 'rampart/v1': 'a' } }], { rules: [{ id: 'secrets/x/y' }] }) });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ format: 'sarif', scanners: ['sast', 'secrets'], new: 0, reintroduced: 1, unchanged: 1, fixed: 1 });
    expect(await states()).toEqual({ a: 'open', b: 'reintroduced', s1: 'fixed' });
    const back = (await list('?state=reintroduced'))[0]!;
    expect(back).toMatchObject({ fingerprint: 'b', fixedAt: null });
    expect(back.reintroducedAt).not.toBeNull();
    expect((await list('?state=open')).map((f) => f.fingerprint)).toEqual(['a']);

    const scans = await h.store.db.selectFrom('scans').select(['commit', 'uploaded_by']).where('project_id', '=', 'p1').orderBy('created_at').execute();
    expect(scans.map((s) => s.commit)).toEqual([C1, C2, C3]);
    expect(scans.every((s) => s.uploaded_by === h.ids.dev)).toBe(true);
    const entries = await auditOf(h.store, 'scan.upload');
    expect(entries).toHaveLength(3);
    expect(entries[0]!.actor).toBe(h.ids.dev);
    expect(JSON.parse(entries[0]!.detail)).toMatchObject({ commit: C1, new: 3, format: 'rampart' });
  });

  it('a re-scan updates changed findings and handles thousands of findings in one upload', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ fp: `bulk-${i}`, scanner: 'iac', severity: 'low' }));
    let r = await upload(h.tokens.dev!, { commit: C1, scanners: ['iac'], report: rampartReport(many, ['iac']) });
    expect(r.json).toMatchObject({ findings: 3000, new: 3000 });
    // Same set again, one finding raised to high, the last 1000 gone.
    const next = many.slice(0, 2000).map((f, i) => (i === 0 ? { ...f, severity: 'high' } : f));
    r = await upload(h.tokens.dev!, { commit: C2, scanners: ['iac'], report: rampartReport(next, ['iac']) });
    expect(r.json).toMatchObject({ findings: 2000, new: 0, unchanged: 2000, fixed: 1000 });
    const high = await h.call('GET', '/api/v1/projects/shop/findings?scanner=iac&severity=high', h.tokens.viewer!);
    expect(high.json.findings.map((f: { fingerprint: string }) => f.fingerprint)).toEqual(['bulk-0']);
    const rows = await h.store.db.selectFrom('findings').select(['state', 'last_scan_id']).where('scanner', '=', 'iac').execute();
    expect(rows.filter((x) => x.state === 'open' && x.last_scan_id === r.json.scanId)).toHaveLength(2000);
    expect(rows.filter((x) => x.state === 'fixed')).toHaveLength(1000);
  });

  it('filters by severity and scanner, pages with nextOffset', async () => {
    await upload(h.tokens.dev!, { commit: C1, scanners: ['deps'], report: rampartReport([{ fp: 'd1', scanner: 'deps', severity: 'low' }, { fp: 'd2', scanner: 'deps', severity: 'medium' }, { fp: 'd3', scanner: 'deps', severity: 'low' }], ['deps']) });
    expect((await list('?scanner=deps&severity=low')).map((f) => f.fingerprint).sort()).toEqual(['d1', 'd3']);
    expect((await list('?scanner=deps&severityMin=medium')).map((f) => f.fingerprint)).toEqual(['d2']);
    expect((await list('?scanner=deps&severityMin=low')).map((f) => f.fingerprint).sort()).toEqual(['d1', 'd2', 'd3']);
    expect((await list('?scanner=deps&severityMin=high'))).toEqual([]);
    expect((await h.call('GET', '/api/v1/projects/shop/findings?severityMin=urgent', h.tokens.viewer!)).status).toBe(400);
    const p1 = await h.call('GET', '/api/v1/projects/shop/findings?scanner=deps&limit=2', h.tokens.viewer!);
    expect(p1.json.findings).toHaveLength(2);
    expect(p1.json.nextOffset).toBe(2);
    const p2 = await h.call('GET', '/api/v1/projects/shop/findings?scanner=deps&limit=2&offset=2', h.tokens.viewer!);
    expect(p2.json.findings).toHaveLength(1);
    expect(p2.json.nextOffset).toBeNull();
    expect((await list('?scanner=deps&severity=low'))[0]!.title).toMatch(/^title d/);
    expect((await h.call('GET', '/api/v1/projects/shop/findings?state=closed', h.tokens.viewer!)).status).toBe(400);
  });

  it('bad reports are 400 naming the problem; nothing is stored', async () => {
    const before = await h.store.db.selectFrom('scans').select('id').execute();
    const r = await upload(h.tokens.dev!, { commit: C1, report: rampartReport([{ fp: 'x', severity: 'urgent' }]) });
    expect(r.status).toBe(400);
    expect(r.json.error).toEqual({ code: 'E_BAD_REPORT', message: 'report.findings[0].severity: expected critical, high, medium, low or info' });
    const r2 = await upload(h.tokens.dev!, { commit: C1, report: sarifLog([{ ruleId: 'r' }], { tool: 'x' }) });
    expect(r2.status).toBe(400);
    expect(r2.json.error.message).toMatch(/no partialFingerprints/);
    expect((await upload(h.tokens.dev!, { report: {} })).status).toBe(400);
    expect((await upload(h.tokens.dev!, '{"commit":')).status).toBe(400);
    expect(await h.store.db.selectFrom('scans').select('id').execute()).toHaveLength(before.length);
  });

  it('a NUL or control character in an identifier is a 400 naming the field, on both stores (never a query error)', async () => {
    const before = await h.store.db.selectFrom('scans').select('id').execute();
    const rules = await upload(h.tokens.dev!, { commit: C1, report: rampartReport([{ fp: 'ok', rule: 'sast/js/a\u0000b' }]) });
    expect(rules.status).toBe(400);
    expect(rules.json.error.message).toBe('report.findings[0].ruleId: contains a control character');
    const fps = await upload(h.tokens.dev!, { commit: C1, report: rampartReport([{ fp: 'x\u0000y' }]) });
    expect(fps.json.error.message).toBe('report.findings[0].fingerprint: contains a control character');
    const sarif = await upload(h.tokens.dev!, { commit: C1, report: sarifLog([{ ruleId: 'r\u0000', message: { text: 'a\u0000b' }, partialFingerprints: { x: '1' } }], { tool: 'other' }) });
    expect(sarif.status).toBe(400);
    expect(sarif.json.error.message).toMatch(/results\[0\]\.ruleId: contains a control character/);
    // Message text is data, not an identifier: a NUL in it is stored (escaped in the JSON column).
    const text = await upload(h.tokens.dev!, { commit: C1, report: sarifLog([{ ruleId: 'nul-text', message: { text: 'a\u0000b' }, partialFingerprints: { x: 'nul' } }], { tool: 'other' }) });
    expect(text.status, JSON.stringify(text.json)).toBe(201);
    expect(await h.store.db.selectFrom('scans').select('id').execute()).toHaveLength(before.length + 1);

    const future = new Date(Date.now() + 86_400_000).toISOString();
    for (const body of [{ reason: 'a reason with a \u0000 NUL', expiresAt: future, ruleId: 'r' }, { reason: 'a fine reason', expiresAt: future, ruleId: 'r\u0000' }, { reason: 'a fine reason', expiresAt: future, fingerprint: 'f\u0007' }]) {
      const w = await h.call('POST', '/api/v1/projects/shop/waivers', h.tokens.dev!, body);
      expect(w.status, JSON.stringify(body)).toBe(400);
      expect(w.json.error.code).toBe('E_VALIDATION');
    }
  });

  it('caps the upload size (413) and lists the routes in the OpenAPI document', async () => {
    const big = await upload(h.tokens.dev!, { commit: C1, report: { pad: 'x'.repeat(9 * 1024 * 1024) } });
    expect(big.status).toBe(413);
    const docs = await h.call('GET', '/api/docs', null);
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.json.paths)).toEqual(expect.arrayContaining(['/api/v1/projects/{project}/scans', '/api/v1/projects/{project}/findings', '/api/v1/projects/{project}/waivers/{id}/approve']));
  });

  it('needs findings:write on the project; unknown projects look forbidden', async () => {
    const body = { commit: C1, report: rampartReport([]) };
    expect((await upload(h.tokens.viewer!, body)).status).toBe(403);
    expect((await upload(h.tokens.outsider!, body)).status).toBe(403);
    expect((await upload(h.tokens.dev!, body, 'nope')).status).toBe(403);
    expect((await h.call('POST', '/api/v1/projects/shop/scans', null, body)).status).toBe(401);
    expect((await h.call('GET', '/api/v1/projects/shop/findings', h.tokens.outsider!)).status).toBe(403);
  });

  describe('waivers', () => {
    const future = () => new Date(Date.now() + 7 * 86_400_000).toISOString();
    const request = (token: string, body: unknown) => h.call('POST', '/api/v1/projects/shop/waivers', token, body);

    it('are created pending and need a different approver with waivers:approve', async () => {
      const r = await request(h.tokens.dev!, { reason: 'false positive: test fixture', expiresAt: future(), fingerprint: 'a' });
      expect(r.status).toBe(201);
      expect(r.json).toMatchObject({ fingerprint: 'a', ruleId: null, status: 'pending', requestedBy: h.ids.dev, approvedBy: null, requestedByName: 'dev', approvedByName: null });
      const id = r.json.id as string;

      // The requester cannot approve, even holding the permission (admin requests, admin approves).
      const own = await request(h.tokens.sec!, { reason: 'accepted risk for now', expiresAt: future(), ruleId: 'sast/js/rule-a' });
      const self = await h.call('POST', `/api/v1/projects/shop/waivers/${own.json.id}/approve`, h.tokens.sec!);
      expect(self.status).toBe(403);
      expect(self.json.error.code).toBe('E_SELF_APPROVAL');
      // A developer lacks waivers:approve.
      expect((await h.call('POST', `/api/v1/projects/shop/waivers/${id}/approve`, h.tokens.dev2!)).status).toBe(403);

      const ok = await h.call('POST', `/api/v1/projects/shop/waivers/${id}/approve`, h.tokens.sec!);
      expect(ok.status).toBe(200);
      expect(ok.json).toMatchObject({ id, status: 'active', approvedBy: h.ids.sec, requestedByName: 'dev', approvedByName: 'sec' });
      const again = await h.call('POST', `/api/v1/projects/shop/waivers/${id}/approve`, h.tokens.admin!);
      expect(again.status).toBe(409);
      expect((await h.call('POST', '/api/v1/projects/shop/waivers/missing/approve', h.tokens.sec!)).status).toBe(404);

      const listed = await h.call('GET', '/api/v1/projects/shop/waivers', h.tokens.viewer!);
      expect(listed.status).toBe(200);
      expect(listed.json.waivers.map((w: { status: string }) => w.status).sort()).toEqual(['active', 'pending']);
      // Listings carry the people's names beside their ids, for `rampart waivers list`.
      expect(listed.json.waivers.find((w: { id: string }) => w.id === id)).toMatchObject({ requestedByName: 'dev', approvedByName: 'sec' });
      const pending = await h.call('GET', '/api/v1/projects/shop/waivers?status=pending', h.tokens.viewer!);
      expect(pending.json.waivers.map((w: { ruleId: string }) => w.ruleId)).toEqual(['sast/js/rule-a']);
      expect((await auditOf(h.store, 'waiver.request')).length).toBeGreaterThanOrEqual(2);
      const approvals = await auditOf(h.store, 'waiver.approve');
      expect(approvals.map((a) => a.actor)).toEqual([h.ids.sec]);
    });

    it.each([
      [{ reason: 'short', expiresAt: '2099-01-01T00:00:00Z', fingerprint: 'a' }, /reason/],
      [{ reason: 'a long enough reason', expiresAt: '2001-01-01T00:00:00Z', fingerprint: 'a' }, /must be in the future/],
      [{ reason: 'a long enough reason', expiresAt: '2099-01-01T00:00:00Z', fingerprint: 'a' }, /at most 366 days/],
      [{ reason: 'a long enough reason', expiresAt: 'tomorrow', fingerprint: 'a' }, /expiresAt/],
      [{ reason: 'a long enough reason', expiresAt: 'FUTURE' }, /exactly one of fingerprint or ruleId/],
      [{ reason: 'a long enough reason', expiresAt: 'FUTURE', fingerprint: 'a', ruleId: 'r' }, /exactly one of fingerprint or ruleId/],
    ])('a bad request is 400: %j', async (body, msg) => {
      const b = { ...body, expiresAt: body.expiresAt === 'FUTURE' ? future() : body.expiresAt };
      const r = await request(h.tokens.dev!, b);
      expect(r.status).toBe(400);
      expect(r.json.error.message).toMatch(msg);
    });

    it('a security admin can revoke a waiver once; developers cannot', async () => {
      const r = await request(h.tokens.dev!, { reason: 'temporary exception for the demo', expiresAt: future(), ruleId: 'sast/js/rule-z' });
      expect((await h.call('POST', `/api/v1/projects/shop/waivers/${r.json.id}/revoke`, h.tokens.dev!)).status).toBe(403);
      const ok = await h.call('POST', `/api/v1/projects/shop/waivers/${r.json.id}/revoke`, h.tokens.sec!);
      expect(ok.status).toBe(200);
      expect(ok.json.status).toBe('revoked');
      expect((await h.call('POST', `/api/v1/projects/shop/waivers/${r.json.id}/revoke`, h.tokens.sec!)).status).toBe(409);
      expect((await h.call('POST', `/api/v1/projects/shop/waivers/${r.json.id}/approve`, h.tokens.sec!)).status).toBe(409);
      expect((await auditOf(h.store, 'waiver.revoke')).map((e) => e.actor)).toEqual([h.ids.sec]);
    });

    describe('four eyes against second identities (M3)', () => {
      /** A token in the store: for a user, a service account or a CI trust policy, optionally issued by someone. */
      const mint = async (ownerKind: 'user' | 'service_account' | 'oidc_policy', ownerId: string, issuedBy: string | null, scope: { role?: string; project?: string } = {}) => {
        const t = newToken(ownerKind === 'user' ? 'user' : ownerKind === 'service_account' ? 'service' : 'ci');
        await h.store.db.insertInto('api_tokens').values({ id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: ownerKind, owner_id: ownerId, name: 'm3', role_id: scope.role ?? null, project_id: scope.project ?? null, expires_at: null, revoked_at: null, last_used_at: null, created_at: isoNow(), issued_by: issuedBy }).execute();
        return t.token;
      };
      const approve = (id: string, token: string) => h.call('POST', `/api/v1/projects/shop/waivers/${id}/approve`, token);
      const ask = async (token: string) => {
        const r = await request(token, { reason: 'second identity attempt', expiresAt: future(), fingerprint: 'm3' });
        expect(r.status).toBe(201);
        return r.json.id as string;
      };
      let ci = '';
      let sa = '';
      beforeAll(async () => {
        const now = isoNow();
        // A CI trust policy with the security-admin role, created by sec (recorded in the audit log as the identity routes do).
        await h.store.db.insertInto('oidc_trust_policies').values({ id: 'tp-m3', project_id: 'p1', name: 'gha', issuer: 'https://issuer.example', audience: 'rampart', conditions: '{"repository":"acme/shop"}', role_id: 'security-admin', max_ttl_s: 600, disabled_at: null, created_at: now }).execute();
        await h.audit.append({ actor: h.ids.sec!, action: 'oidc-policy.create', resource: 'oidc_policy:tp-m3', outcome: 'allow', detail: { name: 'gha' } });
        ci = await mint('oidc_policy', 'tp-m3', null, { role: 'security-admin', project: 'p1' });
        // A service account of the project with security-admin, its token issued by sec.
        await h.store.db.insertInto('service_accounts').values({ id: 'sa-m3', name: 'bot', project_id: 'p1', description: null, disabled_at: null, created_at: now }).execute();
        await h.store.db.insertInto('role_bindings').values({ id: 'b-sa-m3', principal_kind: 'service_account', principal_id: 'sa-m3', role_id: 'security-admin', project_id: 'p1', created_by: h.ids.sec!, created_at: now }).execute();
        sa = await mint('service_account', 'sa-m3', h.ids.sec!);
      });

      it('a CI token or a service-account token cannot approve, even with waivers:approve', async () => {
        const id = await ask(h.tokens.sec!);
        for (const token of [ci, sa]) {
          const r = await approve(id, token);
          expect(r.status).toBe(403);
          expect(r.json.error.code).toBe('E_APPROVER_NOT_HUMAN');
        }
        expect((await approve(id, h.tokens.admin!)).status).toBe(200); // another person may
      });

      it('the person who trusted the CI job or issued the requester token does not approve; others do', async () => {
        const byCi = await ask(ci);
        const r = await approve(byCi, h.tokens.sec!);
        expect(r.status).toBe(403);
        expect(r.json.error.code).toBe('E_SELF_APPROVAL');
        expect(r.json.error.message).toMatch(/you created or re-enabled the CI trust policy that requested it; ask another person with waivers:approve/);
        expect((await approve(byCi, h.tokens.admin!)).json).toMatchObject({ status: 'active', requestedBy: 'oidc_policy:tp-m3', approvedBy: h.ids.admin });

        const bySa = await ask(sa);
        expect((await approve(bySa, h.tokens.sec!)).json.error.code).toBe('E_SELF_APPROVAL');
        expect((await approve(bySa, h.tokens.admin!)).status).toBe(200);

        // dev2 through a token sec minted for them: not sec's to approve. dev2's own token: sec may.
        const minted = await mint('user', 'u-dev2', h.ids.sec!);
        const viaMinted = await ask(minted);
        const refused = (await approve(viaMinted, h.tokens.sec!)).json.error;
        expect(refused.code).toBe('E_SELF_APPROVAL');
        expect(refused.message).toMatch(/you issued the token it was requested with; ask another person with waivers:approve on the project \(e\.g\. a security-admin\)/);
        expect((await approve(await ask(h.tokens.dev2!), h.tokens.sec!)).status).toBe(200);
      });

      it('a token the requester issued to the approver does not approve the requester', async () => {
        const id = await ask(h.tokens.dev!);
        const fromDev = await mint('user', 'u-sec', h.ids.dev!);
        const r = await approve(id, fromDev);
        expect(r.status).toBe(403);
        expect(r.json.error.code).toBe('E_SELF_APPROVAL');
        expect(r.json.error.message).toMatch(/the requester issued the token you approve with/);
        expect((await approve(id, h.tokens.sec!)).status).toBe(200);
      });

      it('the API description states the rule', async () => {
        const docs = await h.call('GET', '/api/docs', null);
        expect(docs.json.paths['/api/v1/projects/{project}/waivers/{id}/approve'].post.description).toMatch(/CI tokens .* service-account tokens cannot approve/);
      });
    });

    it('viewers cannot request', async () => {
      expect((await request(h.tokens.viewer!, { reason: 'a long enough reason', expiresAt: future(), fingerprint: 'a' })).status).toBe(403);
    });
  });
});

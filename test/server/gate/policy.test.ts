import { describe, expect, it } from 'vitest';
import { evaluate, latestScans, parsePolicy, PolicyError, waiverActive, type FindingFact, type GateFacts, type WaiverFact } from '../../../src/server/gate/policy.js';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const DIGEST = 'sha256:' + 'a'.repeat(64);
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

function facts(over: Partial<GateFacts> = {}): GateFacts {
  return { now: NOW, imageDigest: DIGEST, commit: 'c0ffee', scans: [], openFindings: [], waivers: [], signature: null, ...over };
}
const finding = (scanner: string, severity: FindingFact['severity'], fp = `${scanner}-${severity}`, ruleId = `${scanner}/r/x`): FindingFact => ({ fingerprint: fp, ruleId, scanner, severity });
const waiver = (over: Partial<WaiverFact>): WaiverFact => ({ id: 'w1', fingerprint: null, ruleId: null, expiresAt: hoursAgo(-24), approved: true, revoked: false, ...over });

describe('parsePolicy', () => {
  it('fills defaults for an empty document', () => {
    expect(parsePolicy({})).toEqual({ version: 1, maxOpenSeverity: {}, requiredScanners: [], scanWindowHours: 168, denyExpiredWaivers: true, signature: null, evidence: 'ci' });
  });
  it('lists every problem with its path', () => {
    try {
      parsePolicy({ maxOpenSeverity: { secrets: 'severe' }, requiredScanners: ['Bad Name'], extra: 1 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      const p = (e as PolicyError).problems.join('\n');
      expect(p).toContain('maxOpenSeverity.secrets');
      expect(p).toContain('requiredScanners.0');
      expect(p).toMatch(/extra|unrecognized/i);
    }
  });
  it('rejects a non-object and a negative window', () => {
    expect(() => parsePolicy('x')).toThrow(PolicyError);
    expect(() => parsePolicy({ scanWindowHours: -1 })).toThrow(/scanWindowHours/);
  });
});

describe('evaluate', () => {
  it('allows when the policy sets nothing', () => {
    const v = evaluate(parsePolicy({}), facts({ openFindings: [finding('sast', 'critical')] }));
    expect(v).toEqual({ allow: true, reasons: [{ code: 'ok', message: 'the policy sets no requirements' }] });
  });

  it('denies open findings above a scanner limit and counts them, * applies to unlisted scanners', () => {
    const p = parsePolicy({ maxOpenSeverity: { secrets: 'none', '*': 'medium' } });
    const v = evaluate(p, facts({
      openFindings: [finding('secrets', 'low', 'a'), finding('secrets', 'low', 'b'), finding('sast', 'high', 'c'), finding('sast', 'medium', 'd'), finding('deps', 'critical', 'e')],
    }));
    expect(v.allow).toBe(false);
    expect(v.reasons).toEqual([
      { code: 'severity', message: '1 open critical deps finding (at most medium may stay open)' },
      { code: 'severity', message: '1 open high sast finding (at most medium may stay open)' },
      { code: 'severity', message: '2 open low secrets findings (none may stay open)' },
    ]);
  });

  it('a scanner limit overrides *, and findings at the limit pass', () => {
    const p = parsePolicy({ maxOpenSeverity: { deps: 'critical', '*': 'low' } });
    expect(evaluate(p, facts({ openFindings: [finding('deps', 'critical'), finding('iac', 'low')] })).allow).toBe(true);
    expect(evaluate(p, facts({ openFindings: [finding('iac', 'medium')] })).allow).toBe(false);
  });

  it('an active approved waiver (fingerprint or rule) excuses a finding; pending, revoked or expired ones do not', () => {
    const p = parsePolicy({ maxOpenSeverity: { '*': 'medium' }, denyExpiredWaivers: false });
    const f = finding('sast', 'high', 'fp1', 'sast/js/sql-injection');
    expect(evaluate(p, facts({ openFindings: [f], waivers: [waiver({ fingerprint: 'fp1' })] })).allow).toBe(true);
    expect(evaluate(p, facts({ openFindings: [f], waivers: [waiver({ ruleId: 'sast/js/sql-injection' })] })).allow).toBe(true);
    expect(evaluate(p, facts({ openFindings: [f], waivers: [waiver({ fingerprint: 'fp1', approved: false })] })).allow).toBe(false);
    expect(evaluate(p, facts({ openFindings: [f], waivers: [waiver({ fingerprint: 'fp1', revoked: true })] })).allow).toBe(false);
    expect(evaluate(p, facts({ openFindings: [f], waivers: [waiver({ fingerprint: 'fp1', expiresAt: hoursAgo(1) })] })).allow).toBe(false);
    expect(evaluate(p, facts({ openFindings: [f], waivers: [waiver({ fingerprint: 'other' })] })).allow).toBe(false);
  });

  it('denies an expired approved waiver that still covers an open finding, not one whose finding is gone', () => {
    const p = parsePolicy({});
    const w = waiver({ id: 'w9', fingerprint: 'fp1', expiresAt: hoursAgo(2) });
    const v = evaluate(p, facts({ openFindings: [finding('sast', 'low', 'fp1')], waivers: [w] }));
    expect(v.allow).toBe(false);
    expect(v.reasons).toEqual([{ code: 'expired-waiver', message: `waiver w9 for finding fp1 expired at ${w.expiresAt}; renew it or fix the finding` }]);
    expect(evaluate(p, facts({ openFindings: [], waivers: [w] })).allow).toBe(true);
    expect(evaluate(parsePolicy({ denyExpiredWaivers: false }), facts({ openFindings: [finding('sast', 'low', 'fp1')], waivers: [w] })).allow).toBe(true);
  });

  it('a renewed waiver (a new active one covering the same findings) ends the expired-waiver deny; a partial renewal does not', () => {
    const p = parsePolicy({ maxOpenSeverity: { '*': 'medium' } });
    const expired = waiver({ id: 'old', ruleId: 'sast/r/x', expiresAt: hoursAgo(2) });
    const high = finding('sast', 'high', 'fp1');
    const other = finding('sast', 'high', 'fp2');
    // Renewed by rule, or by the finding's fingerprint: allowed.
    expect(evaluate(p, facts({ openFindings: [high], waivers: [expired, waiver({ id: 'new', ruleId: 'sast/r/x' })] })).allow).toBe(true);
    expect(evaluate(p, facts({ openFindings: [high], waivers: [expired, waiver({ id: 'new', fingerprint: 'fp1' })] })).allow).toBe(true);
    // The new waiver covers fp1 only; fp2 is still covered by nothing but the expired one.
    const v = evaluate(p, facts({ openFindings: [high, other], waivers: [expired, waiver({ id: 'new', fingerprint: 'fp1' })] }));
    expect(v.allow).toBe(false);
    expect(v.reasons.map((r) => r.code)).toEqual(['severity', 'expired-waiver']);
    // A renewal still pending approval is no renewal.
    expect(evaluate(p, facts({ openFindings: [high], waivers: [expired, waiver({ id: 'new', ruleId: 'sast/r/x', approved: false })] })).allow).toBe(false);
  });

  it('requires each scanner to have scanned this commit or this image within the window', () => {
    const p = parsePolicy({ requiredScanners: ['secrets', 'deps'], scanWindowHours: 24 });
    const onCommit = { scanners: ['secrets'], commit: 'c0ffee', imageDigest: null, createdAt: hoursAgo(1) };
    const onImage = { scanners: ['deps'], commit: null, imageDigest: DIGEST, createdAt: hoursAgo(23) };
    expect(evaluate(p, facts({ scans: [onCommit, onImage] }))).toEqual({ allow: true, reasons: [{ code: 'ok', message: 'required scans present (secrets, deps); only scans uploaded by a CI job of the project counted' }] });

    const stale = { ...onImage, createdAt: hoursAgo(25) };
    const v = evaluate(p, facts({ scans: [onCommit, stale] }));
    expect(v.allow).toBe(false);
    expect(v.reasons).toEqual([{ code: 'missing-scan', message: `no deps scan of commit c0ffee or image ${DIGEST} in the last 24 h` }]);

    const otherCommit = { ...onCommit, commit: 'beef' };
    expect(evaluate(p, facts({ scans: [otherCommit, onImage] })).reasons.map((r) => r.code)).toEqual(['missing-scan']);
    // Without a commit only image scans count.
    expect(evaluate(p, facts({ commit: null, scans: [onCommit, onImage] })).reasons[0]!.message).toBe(`no secrets scan of image ${DIGEST} in the last 24 h`);
    // A scan of another image on the same commit speaks for that image only (H2).
    const otherImage = { scanners: ['secrets', 'deps'], commit: 'c0ffee', imageDigest: 'sha256:' + 'b'.repeat(64), createdAt: hoursAgo(1) };
    expect(evaluate(p, facts({ scans: [otherImage] })).reasons.map((r) => r.code)).toEqual(['missing-scan', 'missing-scan']);
    // A scan dated in the future (clock skew, forged) does not count.
    expect(evaluate(p, facts({ scans: [{ ...onCommit, scanners: ['secrets', 'deps'], createdAt: hoursAgo(-1) }] })).allow).toBe(false);
  });

  it('a required signature: missing and invalid deny alongside the other reasons; verified allows and says by whom', () => {
    const p = parsePolicy({ requireSignature: true, maxOpenSeverity: { '*': 'none' } });
    expect(p.signature).toMatchObject({ required: true, keys: [], identities: [], tlogThreshold: 1, ctlogThreshold: 1, timestampThreshold: 1 });
    let v = evaluate(p, facts({ openFindings: [finding('iac', 'info')] }));
    expect(v.allow).toBe(false);
    expect(v.reasons.map((r) => r.code)).toEqual(['severity', 'signature-missing']);
    expect(v.reasons[1]!.message).toContain(DIGEST);
    v = evaluate(p, facts({ signature: { status: 'invalid', problems: ['request bundle 1: untrusted key', 'stored bundle s1: digest mismatch'] } }));
    expect(v.reasons).toEqual([
      { code: 'signature-invalid', message: 'request bundle 1: untrusted key' },
      { code: 'signature-invalid', message: 'stored bundle s1: digest mismatch' },
    ]);
    v = evaluate(p, facts({ signature: { status: 'verified', signer: 'key release', source: 'request bundle 1' } }));
    expect(v).toEqual({ allow: true, reasons: [{ code: 'ok', message: 'open findings within limits; signature verified: key release (request bundle 1); only scans uploaded by a CI job of the project counted' }] });
    // Not required: the outcome is not consulted.
    const optional = parsePolicy({ signature: { required: false, keys: [] } });
    expect(evaluate(optional, facts({ signature: { status: 'invalid', problems: ['x'] } })).allow).toBe(true);
  });

  it('waiverActive compares expiry with now', () => {
    expect(waiverActive(waiver({ expiresAt: NOW.toISOString() }), NOW)).toBe(false);
    expect(waiverActive(waiver({ expiresAt: hoursAgo(-0.001) }), NOW)).toBe(true);
  });
});

describe('latestScans', () => {
  const scan = (id: string, scanners: string[], image: boolean, h: number) => ({ id, scanners, imageDigest: image ? DIGEST : null, createdAt: hoursAgo(h) });

  it("takes each scanner's newest scan of the image, else the newest commit-only scan", () => {
    const got = latestScans([scan('img-old', ['deps', 'sast'], true, 10), scan('img-new', ['deps'], true, 2), scan('commit-new', ['sast', 'secrets'], false, 1), scan('commit-old', ['secrets'], false, 5)], NOW);
    expect(Object.fromEntries(got)).toEqual({ deps: 'img-new', sast: 'img-old', secrets: 'commit-new' });
  });

  it('leaves out scans dated in the future and breaks time ties by id', () => {
    expect(Object.fromEntries(latestScans([scan('future', ['sast'], true, -1), scan('a', ['sast'], true, 3), scan('b', ['sast'], true, 3)], NOW))).toEqual({ sast: 'b' });
    expect(latestScans([], NOW).size).toBe(0);
  });
});

describe('evidence', () => {
  it("defaults to ci, accepts any, refuses anything else with the field's path", () => {
    expect(parsePolicy({}).evidence).toBe('ci');
    expect(parsePolicy({ evidence: 'any' }).evidence).toBe('any');
    expect(() => parsePolicy({ evidence: 'people' })).toThrow(/^invalid policy: evidence: /);
  });

  it('ignored scans become not-evidence reasons after the others, on a deny and on an allow', () => {
    const p = parsePolicy({ requiredScanners: ['sast'] });
    const ignoredScans = ['scan s1 uploaded by user alice is not CI evidence: …'];
    expect(evaluate(p, facts({ ignoredScans })).reasons.map((r) => r.code)).toEqual(['missing-scan', 'not-evidence']);
    const v = evaluate(p, facts({ ignoredScans, scans: [{ scanners: ['sast'], commit: 'c0ffee', imageDigest: null, createdAt: hoursAgo(1) }] }));
    expect(v).toEqual({ allow: true, reasons: [{ code: 'ok', message: 'required scans present (sast); only scans uploaded by a CI job of the project counted' }, { code: 'not-evidence', message: ignoredScans[0] }] });
    // An `any` policy's allow does not claim the CI-only rule.
    expect(evaluate(parsePolicy({ requiredScanners: ['sast'], evidence: 'any' }), facts({ scans: [{ scanners: ['sast'], commit: 'c0ffee', imageDigest: null, createdAt: hoursAgo(1) }] })).reasons).toEqual([
      { code: 'ok', message: 'required scans present (sast)' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { judgeEvidence, MAX_NAMED_IGNORED, notEvidence, type EvidenceScan } from '../../../src/server/gate/evidence.js';
import { explicitAnyEvidence } from '../../../src/store/migrations/0009_scan_evidence.js';

/** The evidence rule as a pure function (the end-to-end cases are in evidence.test.ts). */

const SHA = 'c'.repeat(40);
const ci = (over: Partial<EvidenceScan> = {}): EvidenceScan => ({
  id: 's1', commit: SHA, uploaderKind: 'oidc_policy', uploaderName: 'gha', uploaderPolicyId: 'pol1', uploaderSha: SHA, policyProject: 'p1', policyDisabled: false, ...over,
});

describe('notEvidence', () => {
  it('counts a scan a CI job of the project uploaded for its own commit', () => {
    expect(notEvidence('ci', ci(), 'p1')).toBeNull();
    expect(notEvidence('ci', ci({ uploaderSha: null, commit: 'd'.repeat(40) }), 'p1')).toBeNull();
  });

  it('refuses each other case with the reason', () => {
    const person = ci({ uploaderKind: 'user', uploaderName: 'alice', uploaderPolicyId: null, uploaderSha: null, policyProject: null });
    expect(notEvidence('ci', person, 'p1')).toBe('scan s1 uploaded by user alice is not CI evidence: this environment counts only scans a CI job of the project uploads (OIDC exchange)');
    expect(notEvidence('ci', { ...person, uploaderKind: 'service_account', uploaderName: 'bot' }, 'p1')).toMatch(/^scan s1 uploaded by service account bot is not CI evidence/);
    expect(notEvidence('ci', ci({ uploaderKind: null, uploaderName: null, uploaderPolicyId: null, uploaderSha: null, policyProject: null }), 'p1')).toMatch(/before Rampart recorded who uploads scans$/);
    expect(notEvidence('ci', ci({ policyProject: 'p2' }), 'p1')).toBe('scan s1 is not CI evidence: it was uploaded under CI trust policy gha, which is not a trust policy of this project');
    expect(notEvidence('ci', ci({ policyProject: null }), 'p1')).toBe('scan s1 is not CI evidence: trust policy pol1 it was uploaded under no longer exists');
    expect(notEvidence('ci', ci({ policyDisabled: true }), 'p1')).toMatch(/gha it was uploaded under is disabled$/);
    expect(notEvidence('ci', ci({ commit: 'e'.repeat(40) }), 'p1')).toBe(`scan s1 is not CI evidence: it names commit ${'e'.repeat(40)}, but the CI job that uploaded it ran for commit ${SHA}`);
  });

  it('any counts every scan', () => {
    expect(notEvidence('any', ci({ uploaderKind: 'user', policyProject: null }), 'p1')).toBeNull();
    expect(notEvidence('any', ci({ uploaderKind: null }), 'p1')).toBeNull();
  });
});

describe('judgeEvidence', () => {
  it('keeps the order of what counts, names the first ignored scans and counts the rest', () => {
    const people = Array.from({ length: MAX_NAMED_IGNORED + 3 }, (_, i) => ci({ id: `u${i}`, uploaderKind: 'user', uploaderName: 'alice' }));
    const { counted, ignored } = judgeEvidence('ci', [ci({ id: 'a' }), ...people, ci({ id: 'b' })], 'p1');
    expect(counted.map((s) => s.id)).toEqual(['a', 'b']);
    expect(ignored).toHaveLength(MAX_NAMED_IGNORED + 1);
    expect(ignored[0]).toMatch(/^scan u0 /);
    expect(ignored.at(-1)).toBe('older scans of this deployment are not counted as CI evidence either (only the newest are named)');
  });
});

describe('migration 0009 on stored policy documents', () => {
  it('writes evidence "any" into documents that have none, and leaves the rest alone', () => {
    expect(JSON.parse(explicitAnyEvidence('{"version":1,"requiredScanners":["sast"]}')!)).toEqual({ version: 1, requiredScanners: ['sast'], evidence: 'any' });
    expect(explicitAnyEvidence('{"evidence":"ci"}')).toBeNull();
    expect(explicitAnyEvidence('not json')).toBeNull();
    expect(explicitAnyEvidence('[1]')).toBeNull();
    expect(explicitAnyEvidence('null')).toBeNull();
  });
});

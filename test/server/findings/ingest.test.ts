import { describe, expect, it } from 'vitest';
import { IngestError, MAX_FINDINGS, parseUpload, severityFromScore } from '../../../src/server/findings/ingest.js';
import { rampartReport, sarifLog } from './fixtures.js';

const COMMIT = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

describe('parseUpload: Rampart JSON reports', () => {
  it('extracts scanners and findings with the fields it stores', () => {
    const u = parseUpload({ commit: COMMIT.toUpperCase(), imageDigest: 'sha256:' + 'b'.repeat(64), report: rampartReport([{ fp: 'f1' }, { fp: 'f2', scanner: 'secrets', severity: 'critical' }]) });
    expect(u.format).toBe('rampart');
    expect(u.commit).toBe(COMMIT);
    expect(u.scanners).toEqual(['sast', 'secrets']);
    expect(u.findings.map((f) => [f.fingerprint, f.scanner, f.severity])).toEqual([['f1', 'sast', 'high'], ['f2', 'secrets', 'critical']]);
    expect(u.findings[0]!.data).toMatchObject({ title: 'title f1', location: { path: 'src/a.js', startLine: 3 }, cwe: [89] });
  });

  it('an explicit scanners list replaces the report\'s', () => {
    expect(parseUpload({ commit: COMMIT, scanners: ['sast'], report: rampartReport([{ fp: 'f1' }]) }).scanners).toEqual(['sast']);
  });

  it.each([
    [{ commit: 'not-hex', report: rampartReport([]) }, /commit: expected a git commit id/],
    [{ commit: COMMIT, imageDigest: 'sha256:short', report: rampartReport([]) }, /imageDigest/],
    [{ commit: COMMIT }, /report: expected/],
    [{ commit: COMMIT, report: { hello: 1 } }, /neither a Rampart JSON report/],
    [{ commit: COMMIT, report: { ...rampartReport([]), schemaVersion: '2.0.0' } }, /schemaVersion/],
    [{ commit: COMMIT, report: rampartReport([{ fp: 'f1', severity: 'severe' }]) }, /report\.findings\[0\]\.severity/],
    [{ commit: COMMIT, report: rampartReport([{ fp: '' }]) }, /report\.findings\[0\]\.fingerprint/],
    [{ commit: COMMIT, report: rampartReport([{ fp: 'f1', scanner: 'deps' }]) }, /scanner "deps" .* not among the scanners that ran/],
    [{ commit: COMMIT, report: rampartReport([], ['Bad Scanner']) }, /report\.scanners\[0\]/],
    [{ commit: COMMIT, report: rampartReport([], []) }, /names no scanner/],
    [{ commit: COMMIT, scanners: 'sast', report: rampartReport([]) }, /scanners: expected an array/],
    [[1, 2], /body: expected an object/],
  ])('rejects %j', (body, msg) => {
    expect(() => parseUpload(body)).toThrow(IngestError);
    expect(() => parseUpload(body)).toThrow(msg);
  });

  it('caps the number of findings', () => {
    const many = { ...rampartReport([]), findings: new Array(MAX_FINDINGS + 1).fill(0) };
    expect(() => parseUpload({ commit: COMMIT, report: many })).toThrow(/more than 20000 findings/);
  });
});

describe('parseUpload: SARIF 2.1.0', () => {
  const rules = [
    { id: 'sast/js/sql-injection', shortDescription: { text: 'SQL injection' }, defaultConfiguration: { level: 'error' }, properties: { 'security-severity': '9.5', tags: ['sast'] } },
    { id: 'secrets/github/classic-pat', defaultConfiguration: { level: 'error' }, properties: { 'security-severity': '8.0' } },
    { id: 'iac/aws/s3-block-public-acls', defaultConfiguration: { level: 'note' } },
  ];

  it("reads Rampart's SARIF: scanners from rule ids, severity from security-severity, the rampart/v1 fingerprint", () => {
    const u = parseUpload({
      commit: COMMIT,
      report: sarifLog(
        [
          { ruleId: 'sast/js/sql-injection', ruleIndex: 0, level: 'error', message: { text: 'tainted query' }, partialFingerprints: { 'rampart/v1': 'fp-sql' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/db.js' }, region: { startLine: 7, startColumn: 2 } } }] },
          { ruleId: 'iac/aws/s3-block-public-acls', partialFingerprints: { 'rampart/v1': 'fp-s3' } },
          { ruleId: 'secrets/github/classic-pat', partialFingerprints: { 'rampart/v1': 'fp-sup' }, suppressions: [{ kind: 'inSource', justification: 'test token' }] },
        ],
        { rules },
      ),
    });
    expect(u.format).toBe('sarif');
    expect(u.scanners).toEqual(['iac', 'sast', 'secrets']);
    expect(u.findings.map((f) => [f.fingerprint, f.ruleId, f.scanner, f.severity])).toEqual([
      ['fp-sql', 'sast/js/sql-injection', 'sast', 'critical'],
      ['fp-s3', 'iac/aws/s3-block-public-acls', 'iac', 'low'],
    ]);
    expect(u.findings[0]!.data).toEqual({ message: 'tainted query', title: 'SQL injection', location: { path: 'src/db.js', startLine: 7, startColumn: 2, endLine: 7, endColumn: 0 } });
  });

  it("another tool's SARIF is one scanner named after it; other fingerprints are digested; level maps to severity", () => {
    const u = parseUpload({
      commit: COMMIT,
      report: sarifLog(
        [
          { ruleId: 'py.eval', level: 'warning', partialFingerprints: { primaryLocationLineHash: 'abc:1' } },
          { rule: { id: 'py.exec' }, partialFingerprints: { primaryLocationLineHash: 'def:1' }, properties: { 'security-severity': 7.1 } },
          { ruleId: 'py.none', level: 'none', fingerprints: { 'matchBased/v1': 'x' } },
        ],
        { tool: 'Semgrep OSS' },
      ),
    });
    expect(u.scanners).toEqual(['semgrep-oss']);
    expect(u.findings.map((f) => [f.scanner, f.severity])).toEqual([['semgrep-oss', 'medium'], ['semgrep-oss', 'high'], ['semgrep-oss', 'info']]);
    expect(u.findings[0]!.fingerprint).toMatch(/^sarif:[0-9a-f]{64}$/);
    expect(u.findings[0]!.fingerprint).not.toBe(u.findings[1]!.fingerprint);
  });

  it.each([
    [sarifLog([{ ruleId: 'x', level: 'error' }]), /results\[0\]: no partialFingerprints/],
    [sarifLog([{ level: 'error', partialFingerprints: { a: 'b' } }]), /results\[0\]\.ruleId/],
    [{ version: '2.1.0', runs: [{}] }, /runs\[0\]\.tool\.driver/],
    [{ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: {} }] }, /results: expected an array/],
  ])('rejects a broken log %#', (report, msg) => {
    expect(() => parseUpload({ commit: COMMIT, report })).toThrow(msg);
  });

  it('maps security-severity bands', () => {
    expect([9, 8.9, 7, 6.9, 4, 3.9, 0.1, 0].map(severityFromScore)).toEqual(['critical', 'high', 'high', 'medium', 'medium', 'low', 'low', 'info']);
  });
});

import { describe, expect, it } from 'vitest';
import { historyTable, type Decision } from '../../src/cli/deploy.js';
import { findingsTable, type TrackedFinding } from '../../src/cli/findings.js';
import { policiesTable, summary } from '../../src/cli/policies.js';

// The tables of `rampart findings list`, `deploy history` and `gate-policies list`: times without
// milliseconds, principals by name, long text cut, and server-given text escaped.

const finding = (over: Partial<TrackedFinding> = {}): TrackedFinding => ({
  fingerprint: 'fp-1',
  ruleId: 'secrets/github/pat',
  scanner: 'secrets',
  severity: 'high',
  state: 'open',
  firstSeen: '2026-11-27T10:00:00.123Z',
  lastSeen: '2026-11-27T11:00:00.456Z',
  fixedAt: null,
  reintroducedAt: null,
  title: 'GitHub token',
  location: { path: 'src/app.js', startLine: 3 },
  ...over,
});

describe('findingsTable', () => {
  it('one row per finding: times without milliseconds, where and what, waived by fingerprint or rule', () => {
    const out = findingsTable(
      [finding(), finding({ fingerprint: 'fp-2', ruleId: 'deps/GHSA-1', scanner: 'deps', state: 'reintroduced', fixedAt: '2026-11-27T12:00:00.000Z', reintroducedAt: '2026-11-27T13:00:00.000Z', location: undefined, title: undefined, message: 'lodash 4.17.0' }), finding({ fingerprint: 'fp-3', state: 'fixed', fixedAt: '2026-11-27T12:00:00.000Z' })],
      [{ fingerprint: null, ruleId: 'deps/GHSA-1' }, { fingerprint: 'fp-3', ruleId: null }],
    ).split('\n');
    expect(out[0]).toMatch(/^SEVERITY +STATE +SCANNER +RULE +FIRST SEEN +FIXED +REINTRODUCED +WAIVED +FINGERPRINT +WHERE \/ WHAT$/);
    expect(out[1]).toMatch(/^high +open +secrets +secrets\/github\/pat +2026-11-27T10:00:00Z +- +- +- +fp-1 +src\/app\.js:3 GitHub token$/);
    expect(out[2]).toMatch(/^high +reintroduced +deps +deps\/GHSA-1 +2026-11-27T10:00:00Z +2026-11-27T12:00:00Z +2026-11-27T13:00:00Z +yes +fp-2 +lodash 4\.17\.0$/);
    expect(out[3]).toMatch(/ fixed .* 2026-11-27T12:00:00Z +- +yes +fp-3 /);
    expect(out.join('\n')).not.toMatch(/\.\d{3}Z/);
  });

  it('WAIVED is ? when waivers could not be read; a long title is cut; a forged newline is escaped', () => {
    const out = findingsTable([finding({ title: `x\n${'y'.repeat(100)}` })], undefined);
    expect(out.split('\n')).toHaveLength(3); // head, one row, the final newline
    expect(out).toMatch(/ \? +fp-1 +src\/app\.js:3 x\\ny+…$/m);
    const cell = out.split('\n')[1]!.split('fp-1')[1]!.trim();
    expect(cell.replace('\\n', '\n').length).toBe(60);
  });

  it('no findings', () => {
    expect(findingsTable([], [])).toBe('no findings\n');
  });
});

describe('historyTable', () => {
  const d = (over: Partial<Decision> = {}): Decision => ({
    id: 'd1',
    env: 'prod',
    imageDigest: `sha256:${'ab'.repeat(32)}`,
    commit: 'abcdef1234567890',
    decision: 'deny',
    reasons: [{ code: 'missing-scan', message: 'no secrets scan of this image or commit in the last 168 hours' }, { code: 'severity', message: '2 open high sast findings (at most medium may stay open)' }],
    actor: 'service_account:9b2c',
    actorName: 'deploy-bot',
    ts: '2026-11-27T10:00:00.789Z',
    ...over,
  });

  it('when, env, decision, short digest and commit, who by name, the reasons joined and cut', () => {
    const out = historyTable([d(), d({ decision: 'allow', reasons: [{ code: 'ok', message: 'all checks passed' }], actor: 'user:u1', actorName: null, commit: null })]).split('\n');
    expect(out[0]).toMatch(/^WHEN +ENV +DECISION +IMAGE +COMMIT +ASKED BY +REASONS$/);
    expect(out[1]).toMatch(/^2026-11-27T10:00:00Z +prod +deny +sha256:abababababab… +abcdef123456 +service account deploy-bot +no secrets scan of this image or commit in the last 168 hours; 2 open high sast…$/);
    expect(out[1]!.split('deploy-bot')[1]!.trim()).toHaveLength(80);
    // A principal deleted since has no name: its id is shown.
    expect(out[2]).toMatch(/ allow +sha256:abababababab… +- +user:u1 +all checks passed$/);
  });

  it('no decisions', () => {
    expect(historyTable([])).toBe('no deployment decisions\n');
  });
});

describe('policiesTable', () => {
  const p = (name: string, document: Record<string, unknown>) => ({ name, document, createdAt: '2026-11-27T09:00:00.000Z', updatedAt: '2026-11-27T10:00:00.001Z' });

  it('each policy, the environments using it and a one-line summary of its rules', () => {
    const out = policiesTable(
      [p('open', { version: 1, maxOpenSeverity: {}, requiredScanners: [], evidence: 'any', signature: null }), p('strict', { version: 1, maxOpenSeverity: { '*': 'medium', secrets: 'none' }, requiredScanners: ['secrets', 'deps'], scanWindowHours: 168, evidence: 'ci', signature: { required: true } })],
      [{ name: 'staging', policy: 'strict' }, { name: 'prod', policy: 'strict' }, { name: 'dev', policy: null }],
    ).split('\n');
    expect(out[0]).toMatch(/^NAME +USED BY +UPDATED +RULES$/);
    expect(out[1]).toMatch(/^open +- +2026-11-27T10:00:00Z +evidence any$/);
    expect(out[2]).toMatch(/^strict +staging, prod +2026-11-27T10:00:00Z +max open \*=medium secrets=none; requires secrets, deps; 168h window; evidence ci; signature required$/);
  });

  it('summary: a signature section that is not required; an empty document', () => {
    expect(summary({ signature: { required: false } })).toBe('signature checked if present');
    expect(summary({})).toBe('-');
    expect(policiesTable([], [])).toBe('no gate policies\n');
  });
});

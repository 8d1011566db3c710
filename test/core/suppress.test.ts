import { describe, expect, it } from 'vitest';
import { applySuppressions } from '../../src/core/suppress.js';
import type { Finding } from '../../src/core/finding.js';

const f = (ruleId: string, path: string, line: number, fp: string): Finding => ({
  ruleId,
  scanner: ruleId.split('/')[0]!,
  severity: 'high',
  title: 't',
  message: 'm',
  location: { path, startLine: line, startColumn: 1, endLine: line, endColumn: 5 },
  cwe: [798],
  fingerprint: fp,
});

describe('applySuppressions', () => {
  const findings = [
    f('secrets/github/classic-pat', 'a.env', 3, 'fp1'),
    f('secrets/aws/access-key-id', 'docs/x.md', 7, 'fp2'),
    f('secrets/slack/bot-token', 'b.js', 1, 'fp3'),
    f('secrets/stripe/live-secret-key', 'c.js', 9, 'fp4'),
  ];

  it('applies inline, waiver and baseline, counting each with its reason', () => {
    const r = applySuppressions({
      findings,
      directives: new Map([
        ['a.env', [{ line: 2, ruleId: 'secrets/github/classic-pat', reason: 'revoked' }]],
        ['c.js', [{ line: 1, ruleId: 'secrets/*', reason: 'unused one' }]],
      ]),
      waivers: [{ path: 'docs/**', reason: 'docs samples', expires: '2030-01-01' }],
      baseline: new Set(['fp3']),
      today: '2026-11-26',
    });
    expect(r.kept.map((x) => x.fingerprint)).toEqual(['fp4']);
    expect(r.suppressed.map((s) => [s.finding.fingerprint, s.kind, s.reason])).toEqual([
      ['fp1', 'inline', 'revoked'],
      ['fp2', 'waiver', 'docs samples'],
      ['fp3', 'baseline', 'in baseline'],
    ]);
    expect(r.unusedDirectives).toEqual([{ path: 'c.js', line: 1, ruleId: 'secrets/*' }]);
  });

  it('an expired waiver stops suppressing and is listed; one expiring today still holds', () => {
    const r = applySuppressions({
      findings,
      directives: new Map(),
      waivers: [
        { rule: 'secrets/aws/access-key-id', reason: 'old', expires: '2026-11-25' },
        { fingerprint: 'fp3', reason: 'today', expires: '2026-11-26' },
      ],
      baseline: new Set(),
      today: '2026-11-26',
    });
    expect(r.expiredWaivers).toEqual([expect.objectContaining({ rule: 'secrets/aws/access-key-id', expires: '2026-11-25' })]);
    expect(r.kept.map((x) => x.fingerprint)).toEqual(['fp1', 'fp2', 'fp4']);
    expect(r.suppressed.map((s) => s.finding.fingerprint)).toEqual(['fp3']);
  });

  it('an inline directive past its "until" date suppresses nothing and is listed as expired', () => {
    const r = applySuppressions({
      findings: [f('iac/aws/x', 'main.tf', 5, 'fpa'), f('iac/aws/y', 'main.tf', 9, 'fpb')],
      directives: new Map([
        ['main.tf', [
          { line: 4, ruleId: 'iac/aws/x', reason: 'temporary', expires: '2026-11-25' },
          { line: 8, ruleId: 'iac/aws/y', reason: 'still valid', expires: '2026-11-26' },
        ]],
      ]),
      waivers: [],
      baseline: new Set(),
      today: '2026-11-26',
    });
    expect(r.kept.map((x) => x.fingerprint)).toEqual(['fpa']);
    expect(r.suppressed.map((s) => [s.finding.fingerprint, s.reason])).toEqual([['fpb', 'still valid']]);
    expect(r.expiredWaivers).toEqual([{ rule: 'iac/aws/x', path: 'main.tf:4', reason: 'temporary', expires: '2026-11-25' }]);
    expect(r.unusedDirectives).toEqual([]);
  });

  it('an expired directive does not hide a valid one for the same finding', () => {
    const r = applySuppressions({
      findings: [f('iac/aws/x', 'main.tf', 5, 'fpa')],
      directives: new Map([['main.tf', [
        { line: 4, ruleId: 'iac/aws/*', reason: 'old', expires: '2026-01-01' },
        { line: 5, ruleId: 'iac/aws/x', reason: 'current' },
      ]]]),
      waivers: [],
      baseline: new Set(),
      today: '2026-11-26',
    });
    expect(r.kept).toEqual([]);
    expect(r.suppressed.map((s) => s.reason)).toEqual(['current']);
    expect(r.expiredWaivers.map((w) => w.path)).toEqual(['main.tf:4']);
  });
});

import { describe, expect, it } from 'vitest';
import { formatTable, TABLE_LIST_CAP } from '../../src/report/table.js';
import { emptyResult, makeResult, nastyResult } from './fixtures.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/;

describe('table formatter', () => {
  it('renders the realistic result (colour off)', () => {
    const out = formatTable(makeResult(), { color: false });
    expect(out).not.toMatch(ANSI);
    expect(out).toMatchSnapshot();
  });

  it('groups by file sorted by path then line, rows file:line:col style', () => {
    const out = formatTable(makeResult(), { color: false });
    const files = out.split('\n').filter((l) => /^[a-z]/.test(l) && !l.includes(':'));
    expect(files).toEqual(['deploy/.env', 'src/config.ts', 'src/routes/users.ts']);
    expect(out).toContain('12:5  high      secrets/github/classic-pat  GitHub personal access token (classic) found: ghp_…(40)');
    expect(out.indexOf('3:10')).toBeLessThan(out.indexOf('12:1 '));
    expect(out.indexOf('12:1 ')).toBeLessThan(out.indexOf('12:5 '));
  });

  it('shows commit info for history findings', () => {
    const out = formatTable(makeResult(), { color: false });
    expect(out).toContain('commit 9f8e7d6 by Alice Example <alice@example.com> on 2024-03-14T09:26:53Z');
  });

  it('summarises severities, scanners, suppressions, waivers, directives, issues, stats and policy', () => {
    const out = formatTable(makeResult(), { color: false });
    expect(out).toContain('✖ 5 findings (2 critical, 1 high, 0 medium, 1 low, 1 info)');
    expect(out).toContain('by scanner: sast 3, secrets 2');
    expect(out).toContain('Suppressed: 3 (1 inline, 1 waiver, 1 baseline, 0 vex)');
    expect(out).toContain('Expired waivers: 1');
    expect(out).toContain('Unused rampart:ignore directives: 1');
    expect(out).toContain('src/server.ts:27  secrets/aws/access-key');
    expect(out).toContain('Scan issues: 3 (1 skipped-binary, 1 skipped-size, 1 unparsable)');
    expect(out).toContain('infra/main.tf:14 [sast]');
    expect(out).toContain('Scanned 128 files (1.5 MiB) in 1.23s');
    expect(out).toContain('Policy: 3 findings at or above high: policy failed');
  });

  it('policy line passes when nothing reaches fail-on, and says so for none', () => {
    expect(formatTable(makeResult({ failOn: 'none' }), { color: false })).toContain('Policy: fail-on none: policy passed');
    const r = makeResult();
    r.findings = r.findings.filter((f) => f.severity === 'low' || f.severity === 'info');
    expect(formatTable(r, { color: false })).toContain('Policy: 0 findings at or above high: policy passed');
  });

  it('says clearly when there are no findings, and still shows suppressed counts', () => {
    const out = formatTable(emptyResult(), { color: false });
    expect(out).toContain('✔ No findings.');
    expect(out).toContain('Suppressed: 0 (0 inline, 0 waiver, 0 baseline, 0 vex)');
    expect(out).toMatchSnapshot();
  });

  it('caps long lists and says how many more', () => {
    const r = makeResult();
    r.issues = Array.from({ length: TABLE_LIST_CAP + 5 }, (_, i) => ({
      path: `bin/file${String(i).padStart(2, '0')}.exe`,
      kind: 'skipped-binary' as const,
      message: 'binary',
    }));
    const out = formatTable(r, { color: false });
    expect(out).toContain('Scan issues: 15 (15 skipped-binary)');
    expect(out).toContain('…and 5 more');
    expect(out).not.toContain('file14.exe');
  });

  it('uses ANSI colour only when asked', () => {
    const out = formatTable(makeResult(), { color: true });
    expect(out).toMatch(ANSI);
    expect(out).toContain('\u001b[31m'); // red for high/critical
  });

  it('strips control characters and escape sequences from scanned text', () => {
    const out = formatTable(nastyResult(), { color: false });
    expect(out).not.toMatch(ANSI);
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(out).toContain('Use of <script> & "quotes"');
  });

  it('is deterministic whatever the input order', () => {
    const a = makeResult();
    const b = makeResult();
    b.findings.reverse();
    b.suppressed.reverse();
    b.issues.reverse();
    expect(formatTable(b, { color: false })).toBe(formatTable(a, { color: false }));
  });
});

import { describe, expect, it } from 'vitest';
import { formatMarkdown, MD_MAX_ROWS, MD_OPEN_ROWS, mdEscape } from '../../src/report/markdown.js';
import { emptyResult, makeFinding, makeResult, nastyResult } from './fixtures.js';

describe('markdown formatter', () => {
  it('renders the realistic result', () => {
    const out = formatMarkdown(makeResult(), { color: false });
    expect(out).toMatchSnapshot();
    expect(out).toContain('## Rampart scan results');
    expect(out).toContain('| 🟥 critical | 2 |');
    expect(out).toContain('| **Total** | **5** |');
    expect(out).toContain('**Suppressed:** 3 (1 inline, 1 waiver, 1 baseline, 0 vex)');
    expect(out).toContain('**3 findings at or above high: policy failed**');
  });

  it('findings table is severity first with path:line locations', () => {
    const out = formatMarkdown(makeResult(), { color: false });
    const rows = out.split('\n').filter((l) => /^\| (🟥|🟧|🟨|🟦|⬜) \w+ \| [^0-9]/.test(l));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toBe('| 🟥 critical | secrets/aws/access-key | deploy/.env:3 | AWS access key ID found: AKIA…(20) (commit 9f8e7d6) |');
    expect(rows[2]).toContain('| 🟧 high | secrets/github/classic-pat | src/config.ts:12 |');
  });

  it('collapses long lists and caps rows', () => {
    const r = makeResult();
    r.findings = Array.from({ length: MD_MAX_ROWS + 7 }, (_, i) =>
      makeFinding({ ruleId: 'sast/js/weak-hash', location: { path: `src/f${i}.ts`, startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } }),
    );
    const out = formatMarkdown(r, { color: false });
    expect(out).toContain(`<summary><b>Findings (${MD_MAX_ROWS + 7})</b></summary>`);
    expect(out).toContain('…and 7 more; see the SARIF or JSON report for all findings.');
    expect(out.split('\n').filter((l) => l.startsWith('| 🟦 low | sast/'))).toHaveLength(MD_MAX_ROWS);
    const short = formatMarkdown(makeResult(), { color: false });
    expect(makeResult().findings.length).toBeLessThanOrEqual(MD_OPEN_ROWS);
    expect(short).toContain('### Findings');
    expect(short).not.toContain('<summary><b>Findings');
  });

  it('lists suppressed, expired waivers, unused directives and issues', () => {
    const out = formatMarkdown(makeResult(), { color: false });
    expect(out).toContain('<summary>Suppressed findings (3)</summary>');
    expect(out).toContain('- waiver: sast/js/weak-hash at src/legacy/etag.ts:15 — ETag only, not security relevant (until 2099-12-31)');
    expect(out).toContain('**Expired waivers:** 1');
    expect(out).toContain('**Unused `rampart:ignore` directives:** 1');
    expect(out).toContain('<summary>⚠️ Scan issues (3): files skipped or not parsed</summary>');
    expect(out).toContain('- unparsable: infra/main.tf:14 [sast] — unexpected token "}"');
  });

  it('says so when there are no findings', () => {
    const out = formatMarkdown(emptyResult(), { color: false });
    expect(out).toContain('No findings.');
    expect(out).toContain('**Suppressed:** 0 (0 inline, 0 waiver, 0 baseline, 0 vex)');
    expect(out).toMatchSnapshot();
  });

  it('escapes pipes, backticks, markdown and HTML in cells', () => {
    const out = formatMarkdown(nastyResult(), { color: false });
    const row = out.split('\n').find((l) => l.startsWith('| 🟥 critical | sast/'))!;
    // Exactly the five pipes of a four-column row remain unescaped.
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6);
    expect(row).toContain('\\`tick\\`');
    expect(row).toContain('&lt;script&gt; &amp;');
    expect(row).toContain('src/we\\|ird \\`name\\` &lt;&amp;&gt;.ts:1');
    expect(row).not.toContain('<script>');
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(mdEscape('a|b`c*d_e[f]g\nh')).toBe('a\\|b\\`c\\*d\\_e\\[f\\]g h');
  });
});

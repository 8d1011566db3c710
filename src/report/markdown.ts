import type { Finding } from '../core/finding.js';
import type { ScanResult } from '../core/result.js';
import { SEVERITIES, type Severity } from '../core/severity.js';
import type { Formatter } from './formatter.js';
import {
  compareBySeverity,
  formatBytes,
  formatDuration,
  plural,
  policyLine,
  shortSha,
  sortExpiredWaivers,
  sortIssues,
  sortSuppressed,
  sortUnusedDirectives,
  summarize,
  SUPPRESSION_KINDS,
} from './summary.js';

/** Up to this many findings show openly; more go inside a collapsed <details>. */
export const MD_OPEN_ROWS = 10;
/** Hard cap on table rows: a PR comment has a size limit (65,536 characters on GitHub). */
export const MD_MAX_ROWS = 100;

const ICON: Record<Severity, string> = {
  critical: '🟥',
  high: '🟧',
  medium: '🟨',
  low: '🟦',
  info: '⬜',
};

/**
 * Text for a table cell or a line: no line breaks, pipes and backticks escaped so the table holds,
 * markdown emphasis/link characters escaped, and HTML neutralised.
 */
export function mdEscape(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .replace(/\r?\n/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/([\\`*_[\]|~#])/g, '\\$1')
  );
}

function loc(f: Finding): string {
  return `${f.location.path}:${f.location.startLine}`;
}

function findingsTable(findings: Finding[]): string[] {
  const rows = findings.slice(0, MD_MAX_ROWS).map((f) => {
    const commit = f.commit ? ` (commit ${shortSha(f.commit.sha)})` : '';
    return `| ${ICON[f.severity]} ${f.severity} | ${mdEscape(f.ruleId)} | ${mdEscape(loc(f))} | ${mdEscape(f.message + commit)} |`;
  });
  const out = ['| Severity | Rule | Location | Message |', '| --- | --- | --- | --- |', ...rows];
  if (findings.length > MD_MAX_ROWS) {
    out.push('', `…and ${findings.length - MD_MAX_ROWS} more; see the SARIF or JSON report for all findings.`);
  }
  return out;
}

function details(summary: string, body: string[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>'];
}

/** Capped bullet list for the smaller sections. */
function bullets(items: string[]): string[] {
  const out = items.slice(0, MD_MAX_ROWS).map((t) => `- ${t}`);
  if (items.length > MD_MAX_ROWS) out.push(`- …and ${items.length - MD_MAX_ROWS} more`);
  return out;
}

/** For PR comments: a heading, a severity table, the findings (collapsed when long), then the rest. */
export const formatMarkdown: Formatter = (r: ScanResult) => {
  const s = summarize(r);
  const out: string[] = ['## Rampart scan results', ''];

  const verdict = s.policy.failed ? '❌' : '✅';
  out.push(`${verdict} **${mdEscape(policyLine(s))}** (${plural(s.total, 'finding')}, ${s.suppressed.total} suppressed)`, '');

  out.push('| Severity | Findings |', '| --- | ---: |');
  for (const v of SEVERITIES) out.push(`| ${ICON[v]} ${v} | ${s.bySeverity[v]} |`);
  out.push(`| **Total** | **${s.total}** |`, '');

  if (s.total === 0) {
    out.push('No findings. 🎉', '');
  } else {
    const byScanner = Object.entries(s.byScanner).map(([k, n]) => `${mdEscape(k)} ${n}`).join(', ');
    out.push(`By scanner: ${byScanner}`, '');
    // Most severe first: reviewers read the top of the list.
    const table = findingsTable([...r.findings].sort(compareBySeverity));
    if (r.findings.length <= MD_OPEN_ROWS) out.push('### Findings', '', ...table, '');
    else out.push(...details(`<b>Findings (${r.findings.length})</b>`, table), '');
  }

  const kinds = SUPPRESSION_KINDS.map((k) => `${s.suppressed[k]} ${k}`).join(', ');
  const supLine = `**Suppressed:** ${s.suppressed.total} (${kinds})`;
  if (r.suppressed.length === 0) out.push(supLine, '');
  else {
    out.push(supLine, '');
    const items = sortSuppressed(r.suppressed).map(
      (x) =>
        `${x.kind}: ${mdEscape(x.finding.ruleId)} at ${mdEscape(loc(x.finding))} — ${mdEscape(x.reason)}` +
        (x.expires ? ` (until ${mdEscape(x.expires)})` : ''),
    );
    out.push(...details(`Suppressed findings (${r.suppressed.length})`, bullets(items)), '');
  }

  if (r.expiredWaivers.length) {
    const items = sortExpiredWaivers(r.expiredWaivers).map((w) => {
      const what = [w.rule, w.path, w.fingerprint].filter(Boolean).map((t) => mdEscape(t!)).join(' ');
      return `${what} expired ${mdEscape(w.expires)} — ${mdEscape(w.reason)}`;
    });
    out.push(`⚠️ **Expired waivers:** ${r.expiredWaivers.length} (no longer suppressing)`, '', ...bullets(items), '');
  }

  if (r.unusedDirectives.length) {
    const items = sortUnusedDirectives(r.unusedDirectives).map((d) => `${mdEscape(`${d.path}:${d.line}`)} ${mdEscape(d.ruleId)}`);
    out.push(`**Unused \`rampart:ignore\` directives:** ${r.unusedDirectives.length}`, '', ...bullets(items), '');
  }

  if (r.issues.length) {
    const items = sortIssues(r.issues).map(
      (i) =>
        `${i.kind}: ${mdEscape(i.path + (i.line ? `:${i.line}` : ''))}${i.scanner ? ` [${mdEscape(i.scanner)}]` : ''} — ${mdEscape(i.message)}`,
    );
    out.push(...details(`⚠️ Scan issues (${r.issues.length}): files skipped or not parsed`, bullets(items)), '');
  }

  const st = r.stats;
  out.push(
    `<sub>rampart ${mdEscape(r.tool.version)} · ${plural(st.filesScanned, 'file')} (${formatBytes(st.bytesScanned)}) in ${formatDuration(st.durationMs)} · scanners: ${mdEscape(r.scanners.join(', ') || 'none')}</sub>`,
  );
  return out.join('\n') + '\n';
};

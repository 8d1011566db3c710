import pc from 'picocolors';
import type { CodeFlowStep, Finding } from '../core/finding.js';
import type { ScanResult } from '../core/result.js';
import type { ScanIssue } from '../core/scanner.js';
import { SEVERITIES, type Severity } from '../core/severity.js';
import type { Formatter } from './formatter.js';
import {
  formatBytes,
  formatDuration,
  plural,
  policyLine,
  shortSha,
  sortFindings,
  sortIssues,
  sortExpiredWaivers,
  sortSuppressed,
  sortUnusedDirectives,
  summarize,
  SUPPRESSION_KINDS,
} from './summary.js';

/** Lists longer than this are cut with "…and N more" so a noisy repo stays readable. */
export const TABLE_LIST_CAP = 10;

type Colors = ReturnType<typeof pc.createColors>;

function severityColor(c: Colors, s: Severity): (t: string) => string {
  switch (s) {
    case 'critical':
      return (t) => c.bold(c.red(t));
    case 'high':
      return c.red;
    case 'medium':
      return c.yellow;
    case 'low':
      return c.cyan;
    case 'info':
      return c.dim;
  }
}

/** Terminal output must not carry the scanned file's escape sequences or line breaks. */
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\r?\n/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

function capped<T>(list: readonly T[], line: (t: T) => string, indent: string): string[] {
  const out = list.slice(0, TABLE_LIST_CAP).map((t) => indent + line(t));
  if (list.length > TABLE_LIST_CAP) out.push(`${indent}…and ${list.length - TABLE_LIST_CAP} more`);
  return out;
}

function findingRows(c: Colors, findings: Finding[]): string[] {
  const out: string[] = [];
  const pos = (f: Finding) => `${f.location.startLine}:${f.location.startColumn}`;
  // Align within the whole report so the columns line up across files.
  const posW = Math.max(...findings.map((f) => pos(f).length));
  const sevW = Math.max(...findings.map((f) => f.severity.length));
  const ruleW = Math.max(...findings.map((f) => f.ruleId.length));
  let file: string | undefined;
  for (const f of findings) {
    if (f.location.path !== file) {
      if (file !== undefined) out.push('');
      file = f.location.path;
      out.push(c.underline(clean(file)));
    }
    const sev = severityColor(c, f.severity)(f.severity.padEnd(sevW));
    out.push(`  ${c.dim(pos(f).padStart(posW))}  ${sev}  ${f.ruleId.padEnd(ruleW)}  ${clean(f.message)}`);
    if (f.commit) {
      const who = clean(f.commit.author) + (f.commit.email ? ` <${clean(f.commit.email)}>` : '');
      const indent = ' '.repeat(2 + posW + 2);
      out.push(`${indent}${c.dim(`commit ${shortSha(f.commit.sha)} by ${who} on ${clean(f.commit.date)}`)}`);
    }
    if (f.codeFlow?.length) out.push(...flowLines(c, f.codeFlow, ' '.repeat(2 + posW + 2)));
  }
  return out;
}

/** Taint paths longer than this show their first and last steps around a count of the rest. */
export const TABLE_FLOW_CAP = 12;

/** A taint path under its finding, one step a line: `1. src/routes.ts:12  user input from req.query`. */
function flowLines(c: Colors, flow: CodeFlowStep[], indent: string): string[] {
  const numW = String(flow.length).length;
  const step = (s: CodeFlowStep, i: number) =>
    `${indent}${c.dim(`${String(i + 1).padStart(numW)}. ${clean(s.location.path)}:${s.location.startLine}  ${clean(s.message)}`)}`;
  if (flow.length <= TABLE_FLOW_CAP) return flow.map(step);
  const keep = Math.floor(TABLE_FLOW_CAP / 2);
  const tail = flow.length - keep;
  return [
    ...flow.slice(0, keep).map(step),
    `${indent}${c.dim(`${' '.repeat(numW)}  …${tail - keep} more steps…`)}`,
    ...flow.slice(tail).map((s, i) => step(s, tail + i)),
  ];
}

function issueLines(issues: ScanIssue[]): string[] {
  const out: string[] = [];
  const byKind = new Map<string, ScanIssue[]>();
  for (const i of sortIssues(issues)) byKind.set(i.kind, [...(byKind.get(i.kind) ?? []), i]);
  const counts = [...byKind].map(([k, l]) => `${l.length} ${k}`).join(', ');
  out.push(`Scan issues: ${issues.length} (${counts})`);
  for (const [kind, list] of byKind) {
    out.push(`  ${kind}:`);
    out.push(
      ...capped(
        list,
        (i) => `${clean(i.path)}${i.line ? `:${i.line}` : ''}${i.scanner ? ` [${i.scanner}]` : ''}  ${clean(i.message)}`,
        '    ',
      ),
    );
  }
  return out;
}

/** Human output: findings grouped by file (oxc/eslint style), then a summary a reader can act on. */
export const formatTable: Formatter = (r: ScanResult, o) => {
  const c = pc.createColors(o.color);
  const s = summarize(r);
  const out: string[] = [];

  if (r.findings.length > 0) {
    out.push(...findingRows(c, sortFindings(r.findings)), '');
  }

  if (s.total === 0) {
    out.push(c.green(c.bold('✔ No findings.')));
  } else {
    const sev = SEVERITIES.map((v) => severityColor(c, v)(`${s.bySeverity[v]} ${v}`)).join(', ');
    out.push(c.bold(`✖ ${plural(s.total, 'finding')}`) + ` (${sev})`);
    out.push(`  by scanner: ${Object.entries(s.byScanner).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }

  // Suppressed findings are always counted, even when zero, so nothing is silently hidden.
  const kinds = SUPPRESSION_KINDS.map((k) => `${s.suppressed[k]} ${k}`).join(', ');
  out.push(`Suppressed: ${s.suppressed.total} (${kinds})`);
  out.push(
    ...capped(
      sortSuppressed(r.suppressed),
      (x) =>
        `${x.kind.padEnd(8)} ${clean(x.finding.location.path)}:${x.finding.location.startLine}  ${x.finding.ruleId}  — ${clean(x.reason)}` +
        (x.expires ? ` (until ${x.expires})` : ''),
      '  ',
    ),
  );

  if (r.expiredWaivers.length > 0) {
    out.push(c.yellow(`Expired waivers: ${r.expiredWaivers.length} (no longer suppressing)`));
    const sorted = sortExpiredWaivers(r.expiredWaivers);
    out.push(
      ...capped(
        sorted,
        (w) => {
          const what = [w.rule, w.path && clean(w.path), w.fingerprint].filter(Boolean).join(' ');
          return `${what}  expired ${w.expires}  — ${clean(w.reason)}`;
        },
        '  ',
      ),
    );
  }

  if (r.unusedDirectives.length > 0) {
    out.push(c.yellow(`Unused rampart:ignore directives: ${r.unusedDirectives.length}`));
    const sorted = sortUnusedDirectives(r.unusedDirectives);
    out.push(...capped(sorted, (d) => `${clean(d.path)}:${d.line}  ${d.ruleId}`, '  '));
  }

  if (r.issues.length > 0) out.push(...issueLines(r.issues).map((l, i) => (i === 0 ? c.yellow(l) : l)));

  const st = r.stats;
  const skipped = [
    st.filesSkippedBinary ? `${st.filesSkippedBinary} binary` : '',
    st.filesSkippedSize ? `${st.filesSkippedSize} too large` : '',
    st.filesExcluded ? `${st.filesExcluded} excluded` : '',
  ].filter(Boolean);
  const history =
    st.commitsScanned !== undefined
      ? `, ${plural(st.commitsScanned, 'commit')}${st.blobsScanned !== undefined ? ` / ${plural(st.blobsScanned, 'blob')}` : ''}`
      : '';
  out.push(
    c.dim(
      `Scanned ${plural(st.filesScanned, 'file')} (${formatBytes(st.bytesScanned)})${history} in ${formatDuration(st.durationMs)}` +
        (skipped.length ? `; skipped ${skipped.join(', ')}` : '') +
        ` — scanners: ${r.scanners.join(', ') || 'none'}`,
    ),
  );

  const pl = `Policy: ${policyLine(s)}`;
  out.push(s.policy.failed ? c.red(c.bold(pl)) : c.green(pl));
  return out.join('\n') + '\n';
};

import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { Finding } from '../core/finding.js';
import type { ScanResult, SuppressedFinding } from '../core/result.js';
import { severityRank } from '../core/severity.js';
import type { Formatter } from './formatter.js';
import {
  plural,
  policyLine,
  scannerNames,
  shortSha,
  sortExpiredWaivers,
  sortFindings,
  sortIssues,
  sortSuppressed,
  sortUnusedDirectives,
  summarize,
  SUPPRESSION_KINDS,
} from './summary.js';

/** Suite that carries the scan summary, issues, expired waivers and unused directives. */
export const JUNIT_SUMMARY_SUITE = 'rampart';

/**
 * XML 1.0 forbids most control characters even escaped; a scanned file can put them in a message,
 * so they are dropped (lone surrogates too).
 */
export function xmlSafe(s: string): string {
  return s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

/** Attribute values: parsers turn newlines and tabs into spaces anyway, so make that explicit. */
function attr(s: string): string {
  return xmlSafe(s).replace(/[\t\n\r]+/g, ' ');
}

function pos(f: Finding): string {
  return `${f.location.startLine}:${f.location.startColumn}`;
}

function findingLine(f: Finding): string {
  const commit = f.commit ? ` (commit ${shortSha(f.commit.sha)} by ${f.commit.author} on ${f.commit.date})` : '';
  return `${pos(f)} ${f.severity} ${f.message}${commit}`;
}

interface Group {
  ruleId: string;
  path: string;
  findings: Finding[];
}

/** One failing testcase per (rule, file): that is what a CI dashboard can track across runs. */
function groups(findings: Finding[]): Group[] {
  const map = new Map<string, Group>();
  for (const f of sortFindings(findings)) {
    const key = `${f.location.path}\u0000${f.ruleId}`;
    const g = map.get(key) ?? { ruleId: f.ruleId, path: f.location.path, findings: [] };
    g.findings.push(f);
    map.set(key, g);
  }
  return [...map.values()].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0,
  );
}

function addFailure(suite: XMLBuilder, g: Group): void {
  const worst = g.findings.reduce((w, f) => (severityRank(f.severity) > severityRank(w.severity) ? f : w));
  const message =
    g.findings.length === 1 ? `${pos(worst)} ${worst.message}` : `${g.findings.length} findings, worst ${worst.severity}`;
  suite
    .ele('testcase', { name: attr(g.ruleId), classname: attr(g.path) })
    .ele('failure', { type: worst.severity, message: attr(message) })
    .txt(xmlSafe(g.findings.map(findingLine).join('\n')));
}

function addSkipped(suite: XMLBuilder, s: SuppressedFinding): void {
  const f = s.finding;
  suite
    .ele('testcase', { name: attr(f.ruleId), classname: attr(f.location.path) })
    .ele('skipped', { message: attr(`suppressed: ${s.reason}`) })
    .txt(xmlSafe(`${s.kind}${s.expires ? ` until ${s.expires}` : ''}: ${findingLine(f)}`));
}

function summaryText(r: ScanResult): string {
  const s = summarize(r);
  const lines: string[] = [
    `${plural(s.total, 'finding')}: ${Object.entries(s.bySeverity).map(([k, n]) => `${n} ${k}`).join(', ')}`,
    `Suppressed: ${s.suppressed.total} (${SUPPRESSION_KINDS.map((k) => `${s.suppressed[k]} ${k}`).join(', ')})`,
    `Policy: ${policyLine(s)}`,
    `Scanned ${plural(r.stats.filesScanned, 'file')}, ${r.stats.bytesScanned} bytes in ${r.stats.durationMs}ms`,
  ];
  if (r.expiredWaivers.length) {
    lines.push(`Expired waivers: ${r.expiredWaivers.length}`);
    for (const w of sortExpiredWaivers(r.expiredWaivers))
      lines.push(`  ${[w.rule, w.path, w.fingerprint].filter(Boolean).join(' ')} expired ${w.expires}: ${w.reason}`);
  }
  if (r.unusedDirectives.length) {
    lines.push(`Unused rampart:ignore directives: ${r.unusedDirectives.length}`);
    for (const d of sortUnusedDirectives(r.unusedDirectives)) lines.push(`  ${d.path}:${d.line} ${d.ruleId}`);
  }
  if (r.issues.length) {
    lines.push(`Scan issues: ${r.issues.length}`);
    for (const i of sortIssues(r.issues))
      lines.push(`  ${i.kind} ${i.path}${i.line ? `:${i.line}` : ''}${i.scanner ? ` [${i.scanner}]` : ''}: ${i.message}`);
  }
  return lines.join('\n');
}

/**
 * JUnit XML: a testsuite per scanner; a failing testcase per (rule, file) listing every finding;
 * a skipped testcase per suppressed finding; a passing testcase for a scanner with no findings so
 * dashboards show it ran; and a summary suite carrying counts, issues and stale suppressions.
 */
export const formatJunit: Formatter = (r) => {
  const s = summarize(r);
  const suites = scannerNames(r).map((name) => {
    const failing = groups(r.findings.filter((f) => f.scanner === name));
    const skipped = sortSuppressed(r.suppressed.filter((x) => x.finding.scanner === name));
    return { name, failing, skipped, tests: failing.length + skipped.length + (failing.length ? 0 : 1) };
  });
  const totalTests = suites.reduce((n, x) => n + x.tests, 0) + 1;
  const totalFailures = suites.reduce((n, x) => n + x.failing.length, 0);

  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: 'rampart',
    tests: String(totalTests),
    failures: String(totalFailures),
    errors: '0',
    skipped: String(s.suppressed.total),
    time: (r.stats.durationMs / 1000).toFixed(3),
  });

  for (const x of suites) {
    const suite = root.ele('testsuite', {
      name: attr(x.name),
      tests: String(x.tests),
      failures: String(x.failing.length),
      errors: '0',
      skipped: String(x.skipped.length),
    });
    for (const g of x.failing) addFailure(suite, g);
    if (x.failing.length === 0) suite.ele('testcase', { name: 'no findings', classname: attr(`rampart.${x.name}`) });
    for (const sup of x.skipped) addSkipped(suite, sup);
  }

  const summary = root.ele('testsuite', { name: JUNIT_SUMMARY_SUITE, tests: '1', failures: '0', errors: '0', skipped: '0' });
  summary.ele('testcase', { name: 'scan summary', classname: 'rampart' });
  summary.ele('system-out').txt(xmlSafe(summaryText(r)));

  return root.end({ prettyPrint: true }) + '\n';
};

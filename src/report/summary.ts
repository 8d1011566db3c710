import type { Finding } from '../core/finding.js';
import type { ExpiredWaiver, ScanResult, SuppressedFinding, SuppressionKind, UnusedDirective } from '../core/result.js';
import type { ScanIssue } from '../core/scanner.js';
import { atLeast, SEVERITIES, severityRank, type Severity } from '../core/severity.js';

/** Counts every report format shows; computed once so the formats agree. */
export interface ReportSummary {
  total: number;
  bySeverity: Record<Severity, number>;
  /** Sorted by scanner name. */
  byScanner: Record<string, number>;
  suppressed: { total: number } & Record<SuppressionKind, number>;
  expiredWaivers: number;
  unusedDirectives: number;
  issues: number;
  /** Display only: the CLI decides the exit code. */
  policy: { failOn: Severity | 'none'; atOrAbove: number; failed: boolean };
}

export const SUPPRESSION_KINDS: readonly SuppressionKind[] = ['inline', 'waiver', 'baseline', 'vex'];

function cmp(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Path, then position, then rule, then fingerprint: a total order so output is deterministic. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.location.path, b.location.path) ||
    a.location.startLine - b.location.startLine ||
    a.location.startColumn - b.location.startColumn ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.fingerprint, b.fingerprint) ||
    cmp(a.message, b.message)
  );
}

/** Most severe first, then by location: the order a reader wants in short lists. */
export function compareBySeverity(a: Finding, b: Finding): number {
  return severityRank(b.severity) - severityRank(a.severity) || compareFindings(a, b);
}

export function sortFindings(list: readonly Finding[]): Finding[] {
  return [...list].sort(compareFindings);
}

export function sortSuppressed(list: readonly SuppressedFinding[]): SuppressedFinding[] {
  return [...list].sort(
    (a, b) => compareFindings(a.finding, b.finding) || cmp(a.kind, b.kind) || cmp(a.reason, b.reason),
  );
}

export function sortIssues(list: readonly ScanIssue[]): ScanIssue[] {
  return [...list].sort(
    (a, b) =>
      cmp(a.kind, b.kind) ||
      cmp(a.path, b.path) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      cmp(a.scanner ?? '', b.scanner ?? '') ||
      cmp(a.message, b.message),
  );
}

export function summarize(r: ScanResult): ReportSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const scannerCounts = new Map<string, number>();
  for (const f of r.findings) {
    bySeverity[f.severity] += 1;
    scannerCounts.set(f.scanner, (scannerCounts.get(f.scanner) ?? 0) + 1);
  }
  const byScanner: Record<string, number> = {};
  for (const name of [...scannerCounts.keys()].sort()) byScanner[name] = scannerCounts.get(name)!;

  const suppressed = { total: r.suppressed.length, inline: 0, waiver: 0, baseline: 0, vex: 0 };
  for (const s of r.suppressed) suppressed[s.kind] += 1;

  const failOn = r.failOn;
  const atOrAbove = failOn === 'none' ? 0 : r.findings.filter((f) => atLeast(f.severity, failOn)).length;
  return {
    total: r.findings.length,
    bySeverity,
    byScanner,
    suppressed,
    expiredWaivers: r.expiredWaivers.length,
    unusedDirectives: r.unusedDirectives.length,
    issues: r.issues.length,
    policy: { failOn, atOrAbove, failed: atOrAbove > 0 },
  };
}

/** One sentence about the policy gate, the same in table and markdown. */
export function policyLine(s: ReportSummary): string {
  const { failOn, atOrAbove, failed } = s.policy;
  if (failOn === 'none') return 'fail-on none: policy passed';
  const n = `${atOrAbove} finding${atOrAbove === 1 ? '' : 's'} at or above ${failOn}`;
  return `${n}: policy ${failed ? 'failed' : 'passed'}`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${m}m${String(s).padStart(2, '0')}s`;
}

/** Short commit id as git shows it. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** Scanners that ran plus any that reported without being listed, sorted. */
export function scannerNames(r: ScanResult): string[] {
  const names = new Set(r.scanners);
  for (const f of r.findings) names.add(f.scanner);
  for (const s of r.suppressed) names.add(s.finding.scanner);
  return [...names].sort();
}

export function sortExpiredWaivers(list: readonly ExpiredWaiver[]): ExpiredWaiver[] {
  return [...list].sort(
    (a, b) =>
      cmp(a.expires, b.expires) ||
      cmp(a.rule ?? '', b.rule ?? '') ||
      cmp(a.path ?? '', b.path ?? '') ||
      cmp(a.fingerprint ?? '', b.fingerprint ?? '') ||
      cmp(a.reason, b.reason),
  );
}

export function sortUnusedDirectives(list: readonly UnusedDirective[]): UnusedDirective[] {
  return [...list].sort((a, b) => cmp(a.path, b.path) || a.line - b.line || cmp(a.ruleId, b.ruleId));
}

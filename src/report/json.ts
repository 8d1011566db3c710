import type { Finding } from '../core/finding.js';
import type { RuleMeta } from '../core/rule.js';
import { REPORT_SCHEMA_VERSION, type ScanResult } from '../core/result.js';
import type { Formatter } from './formatter.js';
import {
  sortExpiredWaivers,
  sortFindings,
  sortIssues,
  sortSuppressed,
  sortUnusedDirectives,
  summarize,
} from './summary.js';

/** Drops undefined so optional fields are absent rather than null (the schema says "absent"). */
function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

function sortedKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

/**
 * Fixed key order whatever order the scanner built the object in, so two runs over the same
 * tree give byte-identical reports.
 */
export function normalizeFinding(f: Finding): Finding {
  return compact({
    ruleId: f.ruleId,
    scanner: f.scanner,
    severity: f.severity,
    title: f.title,
    message: f.message,
    location: { ...f.location },
    cwe: [...f.cwe],
    fingerprint: f.fingerprint,
    fix: f.fix,
    codeFlow: f.codeFlow?.map((s) => ({ location: { ...s.location }, message: s.message })),
    package: f.package && compact({ ...f.package }),
    evidence: f.evidence && (sortedKeys(f.evidence) as Finding['evidence']),
    commit: f.commit && compact({ ...f.commit }),
  });
}

function normalizeRule(r: RuleMeta): RuleMeta {
  return compact({
    id: r.id,
    title: r.title,
    severity: r.severity,
    cwe: [...r.cwe],
    description: r.description,
    remediation: r.remediation,
    references: r.references && [...r.references],
    tags: r.tags && [...r.tags],
  });
}

/** The whole ScanResult plus summary counts, versioned by schemas/report.schema.json. */
export function toJsonReport(r: ScanResult) {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: r.tool.name, version: r.tool.version },
    root: r.root,
    scanners: [...r.scanners],
    startedAt: r.startedAt,
    failOn: r.failOn,
    summary: summarize(r),
    findings: sortFindings(r.findings).map(normalizeFinding),
    suppressed: sortSuppressed(r.suppressed).map((s) =>
      compact({ kind: s.kind, reason: s.reason, expires: s.expires, finding: normalizeFinding(s.finding) }),
    ),
    expiredWaivers: sortExpiredWaivers(r.expiredWaivers).map((w) => compact({ rule: w.rule, path: w.path, fingerprint: w.fingerprint, reason: w.reason, expires: w.expires })),
    unusedDirectives: sortUnusedDirectives(r.unusedDirectives).map((d) => ({ path: d.path, line: d.line, ruleId: d.ruleId })),
    issues: sortIssues(r.issues).map((i) =>
      compact({ path: i.path, line: i.line, kind: i.kind, message: i.message, scanner: i.scanner }),
    ),
    stats: compact({ ...r.stats }),
    rules: [...r.rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(normalizeRule),
  };
}

export type JsonReport = ReturnType<typeof toJsonReport>;

export const formatJson: Formatter = (r) => JSON.stringify(toJsonReport(r), null, 2) + '\n';

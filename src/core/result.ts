import type { Finding } from './finding.js';
import type { RuleMeta } from './rule.js';
import type { ScanIssue } from './scanner.js';
import type { Severity } from './severity.js';
import type { Package } from '../scanners/deps/package.js';

/** Version of the JSON report schema (schemas/report.schema.json). Bump on breaking change. */
export const REPORT_SCHEMA_VERSION = '1.0.0';

export type SuppressionKind = 'inline' | 'waiver' | 'baseline' | 'vex';

export interface SuppressedFinding {
  finding: Finding;
  kind: SuppressionKind;
  reason: string;
  /** For waivers: the expiry date (YYYY-MM-DD). */
  expires?: string;
}

export interface ExpiredWaiver {
  rule?: string;
  path?: string;
  fingerprint?: string;
  reason: string;
  expires: string;
}

/** An inline `rampart:ignore` that matched nothing (accountable directives). */
export interface UnusedDirective {
  path: string;
  line: number;
  ruleId: string;
}

export interface ScanStats {
  filesScanned: number;
  bytesScanned: number;
  filesSkippedBinary: number;
  filesSkippedSize: number;
  filesExcluded: number;
  durationMs: number;
  commitsScanned?: number;
  blobsScanned?: number;
}

/** Everything a formatter needs; formatters never decide policy. */
export interface ScanResult {
  tool: { name: 'rampart'; version: string };
  root: string;
  scanners: string[];
  startedAt: string;
  findings: Finding[];
  suppressed: SuppressedFinding[];
  expiredWaivers: ExpiredWaiver[];
  unusedDirectives: UnusedDirective[];
  issues: ScanIssue[];
  stats: ScanStats;
  /** Rules of the scanners that ran (SARIF tool.driver.rules). */
  rules: RuleMeta[];
  failOn: Severity | 'none';
  /** Dependency inventory (deps scanner), for SBOM formats. */
  packages?: Package[];
}

import type { Severity } from './severity.js';

/** 1-based lines and columns; path relative to the scan root, POSIX separators. */
export interface Location {
  path: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** Where a finding was introduced in git history (secrets --history). */
export interface CommitInfo {
  sha: string;
  author: string;
  email: string;
  date: string; // ISO 8601
  message?: string;
}

export interface PackageRef {
  ecosystem: string;
  name: string;
  version: string;
  purl?: string;
  fixedVersions?: string[];
  advisoryIds?: string[];
  aliases?: string[];
}

export interface CodeFlowStep {
  location: Location;
  message: string;
}

export type VerificationStatus = 'verified' | 'invalid' | 'unknown';

export interface Evidence {
  /** Always redacted unless the user asked for --show-secrets. */
  snippet?: string;
  /** e.g. 'high' when a checksum validated the token. */
  confidence?: 'high' | 'medium' | 'low';
  /** Outcome of the opt-in live check (--verify). */
  verification?: VerificationStatus;
  verificationDetail?: string;
  /** How the value was found: 'plain', 'base64', 'url'. */
  encoding?: 'plain' | 'base64' | 'url';
  [key: string]: unknown;
}

export interface Finding {
  ruleId: string;
  scanner: string;
  severity: Severity;
  title: string;
  message: string;
  location: Location;
  cwe: number[];
  fingerprint: string;
  fix?: string;
  codeFlow?: CodeFlowStep[];
  package?: PackageRef;
  evidence?: Evidence;
  commit?: CommitInfo;
}

import calculator from 'ae-cvss-calculator';
import type { Severity } from '../core/severity.js';
import type { OsvSeverity } from './osv.js';

export type SeveritySource =
  | 'CVSS_V4'
  | 'CVSS_V3'
  | 'CVSS_V2'
  | 'Ubuntu'
  | 'database_specific'
  | 'ecosystem_specific';

export interface SeverityInfo {
  /** CVSS base score when a vector (or a bare score in the record) gives one. */
  score?: number;
  bucket: Severity;
  vector?: string;
  source: SeveritySource;
}

/** critical >= 9, high >= 7, medium >= 4, low > 0, info = 0. */
export function bucketOf(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

interface Scored {
  calculateScores(): { base?: number };
}

const BASE_METRICS: Array<[RegExp, string[]]> = [
  [/^CVSS:4\.0\//, ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA']],
  [/^CVSS:3\.[01]\//, ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A']],
  [/^(\(?AV:)/, ['AV', 'AC', 'Au', 'C', 'I', 'A']],
];

/** Every base metric present once (the calculator fills gaps with defaults instead of failing). */
function complete(vector: string): boolean {
  const spec = BASE_METRICS.find(([re]) => re.test(vector));
  if (!spec) return false;
  const seen = new Map<string, number>();
  for (const part of vector.replace(/^\(|\)$/g, '').split('/')) {
    const m = /^([A-Za-z]+):/.exec(part);
    if (m) seen.set(m[1]!, (seen.get(m[1]!) ?? 0) + 1);
  }
  return spec[1].every((k) => seen.get(k) === 1);
}

/** Base score of a CVSS v2, v3.0, v3.1 or v4.0 vector; undefined for anything incomplete or invalid. */
export function cvssBaseScore(vector: string): number | undefined {
  if (!complete(vector.trim())) return undefined;
  try {
    const v = (calculator as { fromVector(s: string): Scored | null }).fromVector(vector.trim());
    const base = v?.calculateScores().base;
    return typeof base === 'number' && Number.isFinite(base) ? base : undefined;
  } catch {
    return undefined;
  }
}

const WORDS: Record<string, Severity> = {
  critical: 'critical',
  high: 'high',
  important: 'high',
  moderate: 'medium',
  medium: 'medium',
  low: 'low',
  minor: 'low',
  negligible: 'low',
  none: 'info',
};

/** GHSA `MODERATE`, Red Hat `Important`, Ubuntu `negligible` ... -> bucket. */
export function bucketOfWord(word: string): Severity | undefined {
  return WORDS[word.trim().toLowerCase()];
}

const ORDER: Record<string, number> = { CVSS_V4: 0, CVSS_V3: 1, CVSS_V2: 2, Ubuntu: 3 };

/** From an OSV `severity[]`: the newest CVSS version that scores, else an Ubuntu priority word. */
export function severityFromEntries(entries: readonly OsvSeverity[] | null | undefined): SeverityInfo | undefined {
  if (!entries?.length) return undefined;
  const sorted = [...entries].sort((a, b) => (ORDER[a.type] ?? 9) - (ORDER[b.type] ?? 9));
  for (const e of sorted) {
    if (e.type === 'CVSS_V4' || e.type === 'CVSS_V3' || e.type === 'CVSS_V2') {
      const score = cvssBaseScore(e.score);
      if (score !== undefined) return { score, bucket: bucketOf(score), vector: e.score, source: e.type };
    } else if (e.type === 'Ubuntu') {
      const bucket = bucketOfWord(e.score);
      if (bucket) return { bucket, source: 'Ubuntu' };
    }
  }
  return undefined;
}

/**
 * Fallbacks when there is no usable vector: a `severity` word (GHSA LOW/MODERATE/HIGH/CRITICAL) or a
 * bare CVSS score (`cvss_v4`, `cvss_v3`, `cvss_v2`, `cvss_score`, as converted feeds keep them).
 */
export function severityFromSpecific(
  obj: Record<string, unknown> | undefined,
  source: 'database_specific' | 'ecosystem_specific',
): SeverityInfo | undefined {
  if (!obj) return undefined;
  const word = obj['severity'];
  if (typeof word === 'string') {
    const bucket = bucketOfWord(word);
    if (bucket) return { bucket, source };
  }
  for (const key of ['cvss_v4', 'cvss_v3', 'cvss_score', 'cvss_v2']) {
    const raw = obj[key];
    const score = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
    if (Number.isFinite(score) && score >= 0 && score <= 10) return { score, bucket: bucketOf(score), source };
  }
  return undefined;
}

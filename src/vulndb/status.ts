import { statSync } from 'node:fs';
import { getMeta, getSources, openDbReadOnly, SCHEMA_VERSION } from './store.js';

export interface EcosystemStatus {
  ecosystem: string;
  records: number;
  withdrawn: number;
  skipped: number;
  /** Affected-package rows (what matching searches). */
  affected: number;
  source: string | null;
  etag: string | null;
  lastModified: string | null;
  importedAt: string;
  /** Last time the source was checked (an update that got 304 refreshes this, not importedAt). */
  checkedAt: string | null;
}

export interface DbStatus {
  path: string;
  sizeBytes: number;
  schemaVersion: number;
  createdAt?: string;
  updatedAt?: string;
  /** The least recently checked ecosystem's time: the age of the database as a whole. */
  oldestCheck?: string;
  records: number;
  ecosystems: EcosystemStatus[];
}

/** Reads a database's state (read-only). Throws the store's typed errors for a missing/bad file. */
export function dbStatus(dbPath: string): DbStatus {
  const db = openDbReadOnly(dbPath);
  try {
    const ecosystems: EcosystemStatus[] = getSources(db).map((s) => ({
      ecosystem: s.ecosystem,
      records: s.records,
      withdrawn: s.withdrawn,
      skipped: s.skipped,
      affected: s.affected,
      source: s.url,
      etag: s.etag,
      lastModified: s.last_modified,
      importedAt: s.imported_at,
      checkedAt: s.checked_at,
    }));
    const checks = ecosystems.map((e) => e.checkedAt ?? e.importedAt).sort();
    const createdAt = getMeta(db, 'created_at');
    const updatedAt = getMeta(db, 'updated_at');
    return {
      path: dbPath,
      sizeBytes: statSync(dbPath).size,
      schemaVersion: SCHEMA_VERSION,
      ...(createdAt ? { createdAt } : {}),
      ...(updatedAt ? { updatedAt } : {}),
      ...(checks[0] ? { oldestCheck: checks[0] } : {}),
      records: ecosystems.reduce((n, e) => n + e.records, 0),
      ecosystems,
    };
  } finally {
    db.close();
  }
}

export interface StalenessOptions {
  /** Default 7. */
  maxAgeDays?: number;
  now?: Date;
  /** Only these ecosystems count (the ones the scan needs); default all. */
  ecosystems?: string[];
}

/**
 * A warning when the database (or one of the wanted ecosystems) is older than the allowed age, or
 * a wanted ecosystem is missing; undefined when it is fresh.
 */
export function staleness(status: DbStatus, opts: StalenessOptions = {}): string | undefined {
  const maxDays = opts.maxAgeDays ?? 7;
  const now = opts.now ?? new Date();
  const wanted = opts.ecosystems ?? status.ecosystems.map((e) => e.ecosystem);
  const missing = wanted.filter((w) => !status.ecosystems.some((e) => e.ecosystem === w));
  const problems: string[] = [];
  if (missing.length) problems.push(`no data for ${missing.join(', ')}`);
  const old: string[] = [];
  for (const e of status.ecosystems) {
    if (!wanted.includes(e.ecosystem)) continue;
    const at = Date.parse(e.checkedAt ?? e.importedAt);
    const days = (now.getTime() - at) / 86_400_000;
    if (!(days <= maxDays)) old.push(`${e.ecosystem} (${Math.floor(days)} days)`);
  }
  if (old.length) problems.push(`older than ${maxDays} days: ${old.join(', ')}`);
  if (!problems.length) return undefined;
  return `vulnerability database ${status.path}: ${problems.join('; ')}; run \`rampart db update\``;
}

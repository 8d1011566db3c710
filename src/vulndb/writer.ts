import { deflateRawSync } from 'node:zlib';
import type { Statement } from 'better-sqlite3';
import { severityFromEntries, severityFromSpecific, type SeverityInfo } from './cvss.js';
import { baseEcosystem, ecosystemRelease, normalizeName } from './names.js';
import type { OsvAffected, OsvRecord } from './osv.js';
import type { Db } from './store.js';

/** A range as stored: type initial (S/E/G) and events as [kind initial, version] pairs, in record order. */
export interface StoredRange {
  t: 'S' | 'E' | 'G';
  e: Array<['i' | 'f' | 'l' | 'x', string]>;
}

export interface EcosystemCounts {
  records: number;
  withdrawn: number;
  affected: number;
}

/** Base ecosystems a record's affected packages belong to. */
export function recordEcosystems(record: OsvRecord): string[] {
  const set = new Set<string>();
  for (const a of record.affected ?? []) if (a.package) set.add(baseEcosystem(a.package.ecosystem));
  return [...set];
}

function storeRanges(a: OsvAffected): StoredRange[] {
  return (a.ranges ?? []).map((r) => ({
    t: r.type === 'SEMVER' ? 'S' : r.type === 'ECOSYSTEM' ? 'E' : 'G',
    e: r.events.map((ev): ['i' | 'f' | 'l' | 'x', string] =>
      'introduced' in ev ? ['i', ev.introduced] : 'fixed' in ev ? ['f', ev.fixed] : 'last_affected' in ev ? ['l', ev.last_affected] : ['x', ev.limit],
    ),
  }));
}

function advisorySeverity(record: OsvRecord): SeverityInfo | undefined {
  return severityFromEntries(record.severity) ?? severityFromSpecific(record.database_specific, 'database_specific');
}

function affectedSeverity(a: OsvAffected): SeverityInfo | undefined {
  return (
    severityFromEntries(a.severity) ??
    severityFromSpecific(a.ecosystem_specific, 'ecosystem_specific') ??
    severityFromSpecific(a.database_specific, 'database_specific')
  );
}

/** Inserts and deletes records; all statements prepared once per import. */
export class RecordWriter {
  private readonly insAdvisory: Statement;
  private readonly insAffected: Statement;
  private readonly insAlias: Statement;
  private readonly findRid: Statement;
  private readonly delAffectedByRid: Statement;
  private readonly delAdvisoryByRid: Statement;
  private readonly delAliasesById: Statement;

  constructor(private readonly db: Db) {
    this.insAdvisory = db.prepare(
      `INSERT INTO advisories (ecosystem, id, modified, published, withdrawn, summary, details,
         severity_score, severity_bucket, severity_vector, severity_source, aliases, related, raw)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insAffected = db.prepare(
      `INSERT INTO affected (rid, ecosystem, release, name, package, purl, ranges, versions,
         severity_score, severity_bucket, severity_vector, severity_source, ecosystem_specific)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insAlias = db.prepare('INSERT OR IGNORE INTO aliases (ecosystem, alias, id) VALUES (?, ?, ?)');
    this.findRid = db.prepare('SELECT rid FROM advisories WHERE ecosystem = ? AND id = ?').pluck();
    this.delAffectedByRid = db.prepare('DELETE FROM affected WHERE rid = ?');
    this.delAdvisoryByRid = db.prepare('DELETE FROM advisories WHERE rid = ?');
    this.delAliasesById = db.prepare('DELETE FROM aliases WHERE ecosystem = ? AND id = ?');
  }

  /** Drops every advisory stored under `ecosystem` (inside the caller's transaction). */
  clearEcosystem(ecosystem: string): void {
    this.db.prepare('DELETE FROM affected WHERE ecosystem = ?').run(ecosystem);
    this.db.prepare('DELETE FROM aliases WHERE ecosystem = ?').run(ecosystem);
    this.db.prepare('DELETE FROM advisories WHERE ecosystem = ?').run(ecosystem);
  }

  /** Removes one stored record (merge imports replace a record by id). */
  removeRecord(ecosystem: string, id: string): void {
    const rid = this.findRid.get(ecosystem, id) as number | undefined;
    if (rid === undefined) return;
    this.delAffectedByRid.run(rid);
    this.delAdvisoryByRid.run(rid);
    this.delAliasesById.run(ecosystem, id);
  }

  /**
   * Stores the part of `record` that belongs to `ecosystem`: the advisory row and one affected
   * row per package of that ecosystem (none when withdrawn: a withdrawn record is kept for
   * status and lookups, never matched).
   */
  insert(ecosystem: string, record: OsvRecord, raw: Buffer, counts: EcosystemCounts): void {
    const sev = advisorySeverity(record);
    const aliases = [...new Set((record.aliases ?? []).filter((a) => a !== record.id))];
    const info = this.insAdvisory.run(
      ecosystem,
      record.id,
      record.modified,
      record.published ?? null,
      record.withdrawn ?? null,
      record.summary ?? null,
      record.details ?? null,
      sev?.score ?? null,
      sev?.bucket ?? null,
      sev?.vector ?? null,
      sev?.source ?? null,
      JSON.stringify(aliases),
      JSON.stringify(record.related ?? []),
      deflateRawSync(raw, { level: 1 }),
    );
    const rid = info.lastInsertRowid;
    this.insAlias.run(ecosystem, record.id, record.id);
    for (const a of aliases) this.insAlias.run(ecosystem, a, record.id);
    counts.records++;
    if (record.withdrawn) {
      counts.withdrawn++;
      return;
    }
    for (const a of record.affected ?? []) {
      if (!a.package || baseEcosystem(a.package.ecosystem) !== ecosystem) continue;
      const s = affectedSeverity(a);
      this.insAffected.run(
        rid,
        ecosystem,
        ecosystemRelease(a.package.ecosystem) ?? null,
        normalizeName(ecosystem, a.package.name),
        a.package.name,
        a.package.purl ?? null,
        JSON.stringify(storeRanges(a)),
        a.versions?.length ? JSON.stringify(a.versions) : null,
        s?.score ?? null,
        s?.bucket ?? null,
        s?.vector ?? null,
        s?.source ?? null,
        a.ecosystem_specific ? JSON.stringify(a.ecosystem_specific) : null,
      );
      counts.affected++;
    }
  }
}

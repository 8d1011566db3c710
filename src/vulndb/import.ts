import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import type { ScanIssue } from '../core/scanner.js';
import { parseOsvRecord, type OsvRecord } from './osv.js';
import type { Db } from './store.js';
import { RecordWriter, recordEcosystems, type EcosystemCounts } from './writer.js';
import { readZipJsonEntries, zipIssue } from './zip.js';

export interface SourceInfo {
  /** Where the data came from (download URL or local path). */
  url: string;
  etag?: string | null;
  lastModified?: string | null;
}

export interface ImportOptions {
  /** Directory layouts (`<Ecosystem>/all.zip`): import only these ecosystems. */
  ecosystems?: string[];
  /** A single zip: the ecosystem it exports. Default: the one most of its records name (see zipEcosystems). */
  ecosystem?: string;
  /** Recorded in the sources table instead of the input path (update.ts passes the URL). */
  source?: SourceInfo;
  /** Called every 500 records and at the end of each file. */
  onProgress?: (p: { path: string; records: number }) => void;
  now?: () => Date;
}

export interface EcosystemImport extends EcosystemCounts {
  ecosystem: string;
  /** replace: the ecosystem's data was swapped for this input's; merge: records were upserted by id. */
  mode: 'replace' | 'merge';
  /** Records of this input rejected (bad JSON, schema) — counted per file, not per ecosystem, for zips. */
  skipped: number;
}

export interface ImportResult {
  ecosystems: EcosystemImport[];
  /** Valid records read (withdrawn included). */
  records: number;
  /** Entries or files skipped with an issue. */
  skipped: number;
  issues: ScanIssue[];
}

const PROGRESS_EVERY = 500;

function isZip(path: string): boolean {
  if (path.toLowerCase().endsWith('.zip')) return true;
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && head.readUInt32LE(0) === 0x04034b50;
  } finally {
    closeSync(fd);
  }
}

/**
 * The ecosystem a zip exports when nobody says: those named by more than half of its records
 * (an osv.dev `<Ecosystem>/all.zip` also holds records that name other ecosystems too, and must
 * not replace those); for a mixed zip (the all-ecosystems export), every ecosystem named.
 */
async function zipEcosystems(path: string): Promise<string[]> {
  const counts = new Map<string, number>();
  let valid = 0;
  for await (const entry of readZipJsonEntries(path, () => {})) {
    let value: unknown;
    try {
      value = JSON.parse(entry.data.toString('utf8'));
    } catch {
      continue;
    }
    const r = parseOsvRecord(value);
    if (!r.ok) continue;
    valid++;
    for (const e of recordEcosystems(r.record)) counts.set(e, (counts.get(e) ?? 0) + 1);
  }
  const primary = [...counts].filter(([, n]) => n * 2 > valid).map(([e]) => e);
  return primary.length ? primary : [...counts.keys()];
}

/** `<Ecosystem>/all.zip` directories of an osv.dev-shaped mirror, or [] when `dir` is not one. */
function layoutEcosystems(dir: string): string[] {
  const listed = join(dir, 'ecosystems.txt');
  if (existsSync(listed)) {
    return readFileSync(listed, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#') && existsSync(join(dir, l, 'all.zip')));
  }
  return readdirSync(dir, { withFileTypes: true })
    // A mirror may be assembled from symlinked ecosystem folders; existsSync follows the link.
    .filter((d) => (d.isDirectory() || d.isSymbolicLink()) && existsSync(join(dir, d.name, 'all.zip')))
    .map((d) => d.name)
    .sort();
}

function* jsonFiles(dir: string): Generator<string> {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* jsonFiles(p);
    else if (e.isFile() && e.name.toLowerCase().endsWith('.json')) yield p;
  }
}

class Importer {
  readonly issues: ScanIssue[] = [];
  readonly results = new Map<string, EcosystemImport>();
  records = 0;
  skipped = 0;
  private readonly writer: RecordWriter;

  constructor(
    private readonly db: Db,
    private readonly opts: ImportOptions,
  ) {
    this.writer = new RecordWriter(db);
  }

  private now(): string {
    return (this.opts.now?.() ?? new Date()).toISOString();
  }

  private counts(ecosystem: string, mode: 'replace' | 'merge'): EcosystemImport {
    let c = this.results.get(ecosystem);
    if (!c) {
      c = { ecosystem, mode, records: 0, withdrawn: 0, affected: 0, skipped: 0 };
      this.results.set(ecosystem, c);
    }
    return c;
  }

  /** JSON text -> valid record, or an issue naming `where`. */
  private parse(data: Buffer, issuePath: (problem: string) => ScanIssue): OsvRecord | undefined {
    let value: unknown;
    try {
      value = JSON.parse(data.toString('utf8'));
    } catch (err) {
      this.issues.push(issuePath(`not JSON (${(err as Error).message})`));
      this.skipped++;
      return undefined;
    }
    const r = parseOsvRecord(value);
    if (!r.ok) {
      this.issues.push(issuePath(r.problem));
      this.skipped++;
      return undefined;
    }
    return r.record;
  }

  /**
   * One zip = one transaction. With a known ecosystem, that ecosystem's data is replaced by the
   * zip's; otherwise every ecosystem the zip's records name is replaced. No valid record at all
   * means the zip is not an OSV export: rolled back, InputError naming the file.
   */
  async zip(path: string, ecosystems: string[]): Promise<void> {
    const cleared = new Set<string>();
    const seen = new Set<string>();
    let valid = 0;
    let entries = 0;
    let rejected = 0;
    this.db.exec('BEGIN');
    try {
      for await (const entry of readZipJsonEntries(path, (i) => {
        this.issues.push(i);
        this.skipped++;
        rejected++;
      })) {
        entries++;
        const record = this.parse(entry.data, (problem) => zipIssue(path, entry.name, problem));
        if (!record) {
          rejected++;
          continue;
        }
        valid++;
        this.records++;
        const named = recordEcosystems(record);
        for (const eco of ecosystems.length ? ecosystems.filter((e) => named.includes(e)) : named) {
          if (!cleared.has(eco)) {
            this.writer.clearEcosystem(eco);
            cleared.add(eco);
          }
          seen.add(eco);
          this.writer.insert(eco, record, entry.data, this.counts(eco, 'replace'));
        }
        if (valid % PROGRESS_EVERY === 0) this.opts.onProgress?.({ path, records: valid });
      }
      if (valid === 0) {
        throw new InputError(
          path,
          `not an OSV export: no valid OSV record among ${entries + rejected} entries${rejected ? ` (${rejected} rejected)` : ''}`,
          undefined,
          'E_VULNDB_NOT_OSV',
        );
      }
      for (const eco of ecosystems) {
        if (!cleared.has(eco)) {
          throw new InputError(path, `not an OSV export for ${eco}: none of its ${valid} valid records affects a ${eco} package`, undefined, 'E_VULNDB_NOT_OSV');
        }
        seen.add(eco);
        this.counts(eco, 'replace').skipped += rejected;
      }
      for (const eco of seen) this.writeSource(eco, this.opts.source ?? { url: resolve(path) });
      this.db.exec('COMMIT');
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const eco of cleared) this.results.delete(eco);
      throw err;
    }
    this.opts.onProgress?.({ path, records: valid });
  }

  /** Loose JSON files are upserted by (ecosystem, id): they add to what is there. */
  jsonFiles(paths: string[], label: string): void {
    const touched = new Set<string>();
    let valid = 0;
    this.db.transaction(() => {
      for (const p of paths) {
        let data: Buffer;
        try {
          data = readFileSync(p);
        } catch (err) {
          this.issues.push({ path: p, kind: 'unreadable', message: (err as Error).message, scanner: 'vulndb' });
          this.skipped++;
          continue;
        }
        const record = this.parse(data, (problem) => ({ path: p, kind: 'unparsable', message: problem, scanner: 'vulndb' }));
        if (!record) continue;
        valid++;
        this.records++;
        for (const eco of recordEcosystems(record)) {
          this.writer.removeRecord(eco, record.id);
          this.writer.insert(eco, record, data, this.counts(eco, 'merge'));
          touched.add(eco);
        }
      }
      for (const eco of touched) this.writeSource(eco, this.opts.source ?? { url: resolve(label) }, true);
    })();
    if (paths.length === 0) throw new InputError(label, 'no .json files found', undefined, 'E_VULNDB_NOT_OSV');
    if (valid === 0) {
      const why = paths.length === 1 ? (this.issues[this.issues.length - 1]?.message ?? 'invalid') : `none of ${paths.length} .json files is one`;
      throw new InputError(label, `not an OSV record: ${why}`, undefined, 'E_VULNDB_NOT_OSV');
    }
  }

  private writeSource(ecosystem: string, src: SourceInfo, recount = false): void {
    const c = this.counts(ecosystem, recount ? 'merge' : 'replace');
    let { records, withdrawn, affected } = c;
    if (recount) {
      records = this.db.prepare('SELECT COUNT(*) FROM advisories WHERE ecosystem = ?').pluck().get(ecosystem) as number;
      withdrawn = this.db.prepare('SELECT COUNT(*) FROM advisories WHERE ecosystem = ? AND withdrawn IS NOT NULL').pluck().get(ecosystem) as number;
      affected = this.db.prepare('SELECT COUNT(*) FROM affected WHERE ecosystem = ?').pluck().get(ecosystem) as number;
    }
    const now = this.now();
    this.db
      .prepare(
        `INSERT INTO sources (ecosystem, url, etag, last_modified, imported_at, checked_at, records, withdrawn, skipped, affected)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (ecosystem) DO UPDATE SET url = excluded.url, etag = excluded.etag, last_modified = excluded.last_modified,
           imported_at = excluded.imported_at, checked_at = excluded.checked_at, records = excluded.records,
           withdrawn = excluded.withdrawn, skipped = excluded.skipped, affected = excluded.affected`,
      )
      .run(ecosystem, src.url, src.etag ?? null, src.lastModified ?? null, now, now, records, withdrawn, c.skipped, affected);
  }
}

/**
 * Imports OSV data into an open (writable) database. `input` is one of:
 * - an osv.dev-shaped mirror directory (`ecosystems.txt`, `<Ecosystem>/all.zip`): each ecosystem
 *   replaced in its own transaction;
 * - a zip of `<ID>.json` records (streamed, never extracted): replaces the ecosystem(s) it holds;
 * - a directory of `.json` records (recursive) or one `.json` record: upserted by id.
 * Bad records are skipped with an issue naming the entry or file; the import goes on. Input that
 * holds no valid record at all throws an InputError naming it, and the database is left as it was.
 */
export async function importOsv(db: Db, input: string, opts: ImportOptions = {}): Promise<ImportResult> {
  if (!existsSync(input)) throw new InputError(input, 'no such file or directory', undefined, 'E_INPUT');
  const imp = new Importer(db, opts);
  const st = statSync(input);
  if (st.isDirectory()) {
    const layout = layoutEcosystems(input);
    if (layout.length > 0) {
      // Per-release folders (`Debian:12`) are skipped: their base ecosystem's zip holds them all.
      const bases = layout.filter((e) => !e.includes(':'));
      const wanted = opts.ecosystems ? bases.filter((e) => opts.ecosystems!.includes(e)) : bases;
      for (const eco of wanted) await imp.zip(join(input, eco, 'all.zip'), [eco]);
    } else {
      imp.jsonFiles([...jsonFiles(input)], input);
    }
  } else if (isZip(input)) {
    await imp.zip(input, opts.ecosystem ? [opts.ecosystem] : await zipEcosystems(input));
  } else {
    imp.jsonFiles([input], input);
  }
  return {
    ecosystems: [...imp.results.values()].sort((a, b) => (a.ecosystem < b.ecosystem ? -1 : 1)),
    records: imp.records,
    skipped: imp.skipped,
    issues: imp.issues,
  };
}

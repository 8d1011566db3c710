import type { Statement } from 'better-sqlite3';
import type { Package } from '../scanners/deps/package.js';
import type { VersionScheme } from '../scanners/deps/version.js';
import { versionScheme } from '../scanners/deps/versions.js';
import type { Severity } from '../core/severity.js';
import type { SeverityInfo, SeveritySource } from './cvss.js';
import { baseEcosystem, normalizeName, releaseMatches } from './names.js';
import { compileRange, inRange, rangeText, schemeOrder, type CompiledRange, type Order } from './ranges.js';
import { dbError, type Db } from './store.js';
import type { StoredRange } from './writer.js';

/** One vulnerability affecting one package: a CVE and its GHSA (and any other alias) are one Match. */
export interface Match {
  package: Package;
  /** Canonical id: the merged record with the most information. */
  id: string;
  /** Every other id and alias of the vulnerability, sorted. */
  aliases: string[];
  /** Ids of the records merged into this match, canonical first. */
  records: string[];
  summary?: string;
  details?: string;
  severity?: SeverityInfo;
  /** e.g. `<1.21.9 || >=1.22.0-0 <1.22.2`, or `versions: 0.8.4, 0.9` for explicit lists. */
  affectedRanges: string;
  /** Every `fixed` version above the package's version, ascending; empty when unfixed. */
  fixedVersions: string[];
  /** The smallest fixed version that is itself unaffected: same major first, else the smallest. */
  smallestFix?: string;
  published?: string;
  modified?: string;
  /** `affected[].ecosystem_specific` of the canonical record (Go: imports/symbols; platforms...). */
  ecosystemSpecific?: Record<string, unknown>;
}

export type SchemeLookup = (ecosystem: string) => VersionScheme | undefined;

export interface MatchOptions {
  /** A package whose version cannot be ordered for a record's ranges: unknown, not "not affected". */
  onUnresolved?: (pkg: Package, advisoryId: string, reason: string) => void;
  /**
   * The distribution release a package belongs to (image scans: `12` for Debian 12, `v3.19` for
   * Alpine). When it returns a release, only advisory rows of that release apply; undefined (the
   * default, and every language package) matches rows of any release, as the deps scanner does.
   */
  releaseOf?: (pkg: Package) => string | undefined;
}

interface AdvisoryRow {
  rid: number;
  id: string;
  modified: string | null;
  published: string | null;
  withdrawn: string | null;
  summary: string | null;
  details: string | null;
  severity_score: number | null;
  severity_bucket: string | null;
  severity_vector: string | null;
  severity_source: string | null;
  aliases: string;
}

interface Advisory {
  rid: number;
  id: string;
  aliases: string[];
  row: AdvisoryRow;
}

interface AffectedRow {
  rid: number;
  release: string | null;
  ranges: string;
  versions: string | null;
  severity_score: number | null;
  severity_bucket: string | null;
  severity_vector: string | null;
  severity_source: string | null;
  ecosystem_specific: string | null;
}

interface Affected {
  rid: number;
  release: string | null;
  stored: StoredRange[];
  versions: Set<string> | undefined;
  severity?: SeverityInfo;
  ecosystemSpecific?: Record<string, unknown>;
  /** Compiled for `compiledWith` (the scheme in use when compiled). */
  compiled?: (CompiledRange | undefined)[];
  compiledWith?: VersionScheme | undefined;
}

interface State {
  names: Map<string, Set<string>>;
  rows: Map<string, Affected[]>;
  advisories: Map<number, Advisory>;
  namesStmt: Statement;
  rowsStmt: Statement;
  advStmt: Statement;
}

const states = new WeakMap<Db, State>();

function state(db: Db): State {
  let s = states.get(db);
  if (!s) {
    s = {
      names: new Map(),
      rows: new Map(),
      advisories: new Map(),
      namesStmt: db.prepare('SELECT DISTINCT name FROM affected WHERE ecosystem = ?').pluck(),
      rowsStmt: db.prepare(
        `SELECT rid, release, ranges, versions, severity_score, severity_bucket, severity_vector, severity_source, ecosystem_specific
         FROM affected WHERE ecosystem = ? AND name = ?`,
      ),
      advStmt: db.prepare(
        `SELECT rid, id, modified, published, withdrawn, summary, details, severity_score, severity_bucket,
           severity_vector, severity_source, aliases FROM advisories WHERE rid = ?`,
      ),
    };
    states.set(db, s);
  }
  return s;
}

/** Forget cached rows (after the database behind `db` changed). */
export function clearMatchCache(db: Db): void {
  states.delete(db);
}

function severityOf(r: Pick<AdvisoryRow, 'severity_score' | 'severity_bucket' | 'severity_vector' | 'severity_source'>): SeverityInfo | undefined {
  if (!r.severity_bucket || !r.severity_source) return undefined;
  return {
    ...(r.severity_score !== null ? { score: r.severity_score } : {}),
    bucket: r.severity_bucket as Severity,
    ...(r.severity_vector ? { vector: r.severity_vector } : {}),
    source: r.severity_source as SeveritySource,
  };
}

function names(s: State, eco: string): Set<string> {
  let set = s.names.get(eco);
  if (!set) {
    set = new Set(s.namesStmt.all(eco) as string[]);
    s.names.set(eco, set);
  }
  return set;
}

function rows(s: State, eco: string, name: string): Affected[] {
  const k = `${eco}\u0000${name}`;
  let list = s.rows.get(k);
  if (!list) {
    list = (s.rowsStmt.all(eco, name) as AffectedRow[]).map((r) => {
      const sev = severityOf(r);
      return {
        rid: r.rid,
        release: r.release,
        stored: JSON.parse(r.ranges) as StoredRange[],
        versions: r.versions ? new Set(JSON.parse(r.versions) as string[]) : undefined,
        ...(sev ? { severity: sev } : {}),
        ...(r.ecosystem_specific ? { ecosystemSpecific: JSON.parse(r.ecosystem_specific) as Record<string, unknown> } : {}),
      };
    });
    s.rows.set(k, list);
  }
  return list;
}

function advisory(s: State, rid: number): Advisory {
  let a = s.advisories.get(rid);
  if (!a) {
    const row = s.advStmt.get(rid) as AdvisoryRow;
    a = { rid, id: row.id, aliases: JSON.parse(row.aliases) as string[], row };
    s.advisories.set(rid, a);
  }
  return a;
}

function compiled(row: Affected, scheme: VersionScheme | undefined, ord: Order<string> | undefined): (CompiledRange | undefined)[] {
  if (!row.compiled || row.compiledWith !== scheme) {
    row.compiled = row.stored.map((r) => compileRange(r, ord));
    row.compiledWith = scheme;
  }
  return row.compiled;
}

/** Parses a version once per ordering. */
class KeyCache {
  private readonly keys = new Map<Order<unknown>, unknown>();
  constructor(readonly version: string) {}
  get<K>(order: Order<K>): K | undefined {
    if (this.keys.has(order as Order<unknown>)) return this.keys.get(order as Order<unknown>) as K | undefined;
    const k = order.parse(this.version);
    this.keys.set(order as Order<unknown>, k);
    return k;
  }
}

interface Hit {
  adv: Advisory;
  row: Affected;
  ranges: CompiledRange[];
}

/** Whether `row` affects `version`; undefined when it cannot tell (no ordering, unparsable version). */
function affects(row: Affected, ranges: (CompiledRange | undefined)[], keys: KeyCache, alt?: string): boolean | undefined {
  if (row.versions && (row.versions.has(keys.version) || (alt !== undefined && row.versions.has(alt)))) return true;
  let unknown = false;
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i];
    if (!r) {
      if (row.stored[i]?.t !== 'G') unknown = true;
      continue;
    }
    const key = keys.get(r.order);
    if (key === undefined) {
      unknown = true;
      continue;
    }
    if (inRange(r, key)) return true;
  }
  return unknown ? undefined : false;
}

function infoScore(h: Hit): number {
  const r = h.adv.row;
  const sev = h.row.severity ?? severityOf(r);
  return (sev?.vector ? 8 : sev ? 4 : 0) + (r.summary ? 2 : 0) + (r.details ? 1 : 0) + Math.min(h.adv.aliases.length, 9) * 0.01;
}

function canonicalFirst(a: Hit, b: Hit): number {
  const d = infoScore(b) - infoScore(a);
  if (d !== 0) return d;
  const cveA = a.adv.id.startsWith('CVE-') ? 1 : 0;
  const cveB = b.adv.id.startsWith('CVE-') ? 1 : 0;
  if (cveA !== cveB) return cveA - cveB;
  const ma = a.adv.row.modified ?? '';
  const mb = b.adv.row.modified ?? '';
  if (ma !== mb) return ma < mb ? 1 : -1;
  return a.adv.id < b.adv.id ? -1 : a.adv.id > b.adv.id ? 1 : 0;
}

/** Groups hits that share an id or alias (union-find over identifiers). */
function groupByAlias(hits: Hit[]): Hit[][] {
  const parent = hits.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const owner = new Map<string, number>();
  hits.forEach((h, i) => {
    for (const ident of [h.adv.id, ...h.adv.aliases]) {
      const o = owner.get(ident);
      if (o === undefined) owner.set(ident, i);
      else parent[find(i)] = find(o);
    }
  });
  const groups = new Map<number, Hit[]>();
  hits.forEach((h, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(h);
    else groups.set(root, [h]);
  });
  return [...groups.values()];
}

function major(v: string): string | undefined {
  return /^\D*?(\d+)/.exec(v)?.[1]?.replace(/^0+(?=\d)/, '');
}

function fixes(group: Hit[], pkgKeys: KeyCache): { fixed: string[]; smallest?: string } {
  const cands = new Map<string, { order: Order<unknown>; key: unknown }>();
  for (const h of group) {
    for (const r of h.ranges) {
      const mine = pkgKeys.get(r.order);
      if (mine === undefined) continue;
      for (const e of r.events) {
        if (e.kind === 'f' && e.key !== undefined && r.order.compare(e.key, mine) > 0 && !cands.has(e.text)) {
          cands.set(e.text, { order: r.order as Order<unknown>, key: e.key });
        }
      }
    }
  }
  if (cands.size === 0) return { fixed: [] };
  const list = [...cands];
  const primary = list[0]![1].order;
  const keyOf = (text: string, c: { order: Order<unknown>; key: unknown }): unknown => (c.order === primary ? c.key : primary.parse(text));
  list.sort(([ta, a], [tb, b]) => {
    const ka = keyOf(ta, a);
    const kb = keyOf(tb, b);
    if (ka === undefined || kb === undefined) return ka === kb ? (ta < tb ? -1 : 1) : ka === undefined ? 1 : -1;
    return primary.compare(ka, kb);
  });
  const fixed = list.map(([t]) => t);
  const unaffected = fixed.filter((t) => {
    const keys = new KeyCache(t);
    return group.every((h) => affects(h.row, h.row.compiled ?? [], keys) !== true);
  });
  const m = major(pkgKeys.version);
  const smallest = unaffected.find((t) => major(t) === m) ?? unaffected[0];
  return smallest === undefined ? { fixed } : { fixed, smallest };
}

function versionsText(row: Affected): string | undefined {
  if (!row.versions?.size) return undefined;
  const all = [...row.versions];
  const shown = all.slice(0, 10).join(', ');
  return `versions: ${shown}${all.length > 10 ? ` (+${all.length - 10} more)` : ''}`;
}

function toMatch(pkg: Package, group: Hit[], pkgKeys: KeyCache): Match {
  const sorted = [...group].sort(canonicalFirst);
  const canon = sorted[0]!;
  const ids = new Set<string>();
  for (const h of sorted) {
    ids.add(h.adv.id);
    for (const a of h.adv.aliases) ids.add(a);
  }
  ids.delete(canon.adv.id);
  const records = [...new Set(sorted.map((h) => h.adv.id))];
  let severity = canon.row.severity ?? severityOf(canon.adv.row);
  if (!severity) {
    for (const h of sorted.slice(1)) {
      const s = h.row.severity ?? severityOf(h.adv.row);
      if (s && (!severity || (s.score ?? 0) > (severity.score ?? 0))) severity = s;
    }
  }
  // Intervals of every merged record, each once, canonical record's first.
  const texts = new Set<string>();
  for (const h of sorted) {
    const intervals = h.ranges.map(rangeText).filter(Boolean).flatMap((t) => t.split(' || '));
    if (intervals.length) for (const t of intervals) texts.add(t);
    else {
      const v = versionsText(h.row);
      if (v) texts.add(v);
    }
  }
  const { fixed, smallest } = fixes(group, pkgKeys);
  const r = canon.adv.row;
  return {
    package: pkg,
    id: canon.adv.id,
    aliases: [...ids].sort(),
    records,
    ...(r.summary ? { summary: r.summary } : {}),
    ...(r.details ? { details: r.details } : {}),
    ...(severity ? { severity } : {}),
    affectedRanges: [...texts].join(' || '),
    fixedVersions: fixed,
    ...(smallest !== undefined ? { smallestFix: smallest } : {}),
    ...(r.published ? { published: r.published } : {}),
    ...(r.modified ? { modified: r.modified } : {}),
    ...(canon.row.ecosystemSpecific ? { ecosystemSpecific: canon.row.ecosystemSpecific } : {}),
  };
}

/**
 * The known vulnerabilities of each pinned package (unpinned requirements are never matched as
 * versions). Withdrawn records are never reported; records that alias each other are one Match.
 * Lookups go by (ecosystem, normalised name) with one prepared statement; rows and compiled
 * ranges are cached on the connection, so repeated calls are cheap.
 */
export function matchPackages(db: Db, packages: readonly Package[], lookup: SchemeLookup = versionScheme, opts: MatchOptions = {}): Match[] {
  try {
    return matchAll(db, packages, lookup, opts);
  } catch (err) {
    throw dbError(db.name, err);
  }
}

function matchAll(db: Db, packages: readonly Package[], lookup: SchemeLookup, opts: MatchOptions): Match[] {
  const s = state(db);
  const schemes = new Map<string, { scheme: VersionScheme | undefined; order: Order<string> | undefined }>();
  const out: Match[] = [];
  // The same package version in many lockfiles is evaluated once.
  const done = new Map<string, Match[]>();
  for (const pkg of packages) {
    if (!pkg.pinned) continue;
    const eco = baseEcosystem(pkg.ecosystem);
    const name = normalizeName(eco, pkg.name);
    if (!names(s, eco).has(name)) continue;
    const release = opts.releaseOf?.(pkg);
    const memo = `${eco}\u0000${name}\u0000${pkg.version}\u0000${release ?? ''}`;
    const prior = done.get(memo);
    if (prior) {
      for (const m of prior) out.push({ ...m, package: pkg });
      continue;
    }
    const mine: Match[] = [];
    done.set(memo, mine);
    let sch = schemes.get(eco);
    if (!sch) {
      const scheme = lookup(eco);
      sch = { scheme, order: scheme ? schemeOrder(scheme) : undefined };
      schemes.set(eco, sch);
    }
    const keys = new KeyCache(pkg.version);
    // Go module versions carry a `v` that OSV versions lists leave out.
    const alt = eco === 'Go' && pkg.version.startsWith('v') ? pkg.version.slice(1) : undefined;
    const hits: Hit[] = [];
    const seen = new Set<number>();
    for (const row of rows(s, eco, name)) {
      if (release !== undefined && !releaseMatches(release, row.release)) continue;
      const adv = advisory(s, row.rid);
      if (adv.row.withdrawn) continue;
      const ranges = compiled(row, sch.scheme, sch.order);
      const a = affects(row, ranges, keys, alt);
      if (a === undefined) {
        opts.onUnresolved?.(pkg, adv.id, sch.scheme ? `version ${pkg.version} cannot be ordered` : `no version ordering for ecosystem ${eco}`);
        continue;
      }
      if (!a) continue;
      if (seen.has(row.rid)) {
        // Same record, another affected entry (another release or range set): merge its ranges.
        const h = hits.find((x) => x.adv.rid === row.rid)!;
        h.ranges.push(...ranges.filter((r): r is CompiledRange => r !== undefined));
        continue;
      }
      seen.add(row.rid);
      hits.push({ adv, row, ranges: ranges.filter((r): r is CompiledRange => r !== undefined) });
    }
    if (hits.length === 0) continue;
    for (const group of groupByAlias(hits)) mine.push(toMatch(pkg, group, keys));
    out.push(...mine);
  }
  return out;
}

/**
 * Whether the database holds any advisory row for `ecosystem` (base name), and when `release` is
 * given, for that release: lets the image scanner say "no advisories for Debian 13 here" instead
 * of reporting a clean system.
 */
export function hasAdvisories(db: Db, ecosystem: string, release?: string): boolean {
  try {
    if (release === undefined) return db.prepare('SELECT 1 FROM affected WHERE ecosystem = ? LIMIT 1').get(ecosystem) !== undefined;
    const releases = db.prepare('SELECT DISTINCT release FROM affected WHERE ecosystem = ?').pluck().all(ecosystem) as (string | null)[];
    return releases.some((r) => releaseMatches(release, r));
  } catch (err) {
    throw dbError(db.name, err);
  }
}

import type { ScanIssue } from '../../../../core/scanner.js';
import type { Analyzer, AnalyzerOutput, ImagePackage } from '../../types.js';
import { osPurl } from '../purl.js';
import { parseRpmHeader, splitSourceRpm, type RpmRecord } from './header.js';
import { sqliteRecords } from './sqlite.js';
import { ndbRecords } from './ndb.js';
import { bdbRecords } from './bdb.js';

/**
 * The rpm database in its three formats. The database sits in `var/lib/rpm/` or, on newer
 * distributions (Fedora 36+, openSUSE), in `usr/lib/sysimage/rpm/` with `var/lib/rpm` a symlink
 * to it; both paths are read.
 *
 * Ecosystem: an rpm header does not say which distribution built it (Vendor is free text), so
 * every package comes out as 'Red Hat', a neutral placeholder. The merge replaces it (and the
 * release, and the purl via osPurl) with the OsInfo's ecosystem: 'AlmaLinux', 'Rocky Linux' ...
 * Version: `[epoch:]version-release`, as OSV's AlmaLinux and Rocky Linux records spell it.
 */

const DIRS = ['var/lib/rpm/', 'usr/lib/sysimage/rpm/'];
/** Real databases run to tens of MB (a full Fedora: ~100 MB). */
const MAX_BYTES = 256 * 1024 * 1024;
/** One bad database should not flood the report: past this, problems are counted. */
const MAX_ISSUES = 20;

function dbAnalyzer(id: string, file: string, read: (content: Buffer) => Iterable<RpmRecord>): Analyzer {
  const paths = new Set(DIRS.map((d) => d + file));
  return {
    id,
    maxBytes: MAX_BYTES,
    wants: (e) => (e.type === 'file' || e.type === 'hardlink') && paths.has(e.path),
    analyze: ({ path, content }) => packagesFromRecords(path, read(content)),
  };
}

export const rpmSqliteAnalyzer = dbAnalyzer('os/rpm-sqlite', 'rpmdb.sqlite', sqliteRecords);
export const rpmNdbAnalyzer = dbAnalyzer('os/rpm-ndb', 'Packages.db', ndbRecords);
export const rpmBdbAnalyzer = dbAnalyzer('os/rpm-bdb', 'Packages', bdbRecords);

export const RPM_ANALYZERS: Analyzer[] = [rpmSqliteAnalyzer, rpmNdbAnalyzer, rpmBdbAnalyzer];

/** Header blobs -> packages and their files; bad records become issues. Never throws. */
export function packagesFromRecords(path: string, records: Iterable<RpmRecord>): AnalyzerOutput {
  const packages: ImagePackage[] = [];
  const ownedFiles: { owner: string; files: string[] }[] = [];
  const issues: ScanIssue[] = [];
  let dropped = 0;
  const problem = (message: string): void => {
    if (issues.length < MAX_ISSUES) issues.push({ path, kind: 'unparsable', message, scanner: 'image' });
    else dropped++;
  };
  try {
    for (const rec of records) {
      if ('error' in rec) {
        problem(`${path}: ${rec.error}`);
        continue;
      }
      const parsed = parseRpmHeader(rec.blob);
      if (!parsed.ok) {
        problem(`${path}: package record ${rec.key}: ${parsed.error}; skipped`);
        continue;
      }
      const h = parsed.header;
      const epoch = h.epoch !== undefined ? `${h.epoch}:` : '';
      const pkg: ImagePackage = {
        ecosystem: 'Red Hat',
        name: h.name,
        version: `${epoch}${h.version}-${h.release}`,
        purl: '',
        direct: false,
        dev: false,
        pinned: true,
        source: path,
        sourceName: h.name,
        sourceVersion: `${epoch}${h.version}-${h.release}`,
      };
      const src = h.sourceRpm ? splitSourceRpm(h.sourceRpm) : undefined;
      if (src) {
        // The source rpm's file name has no epoch; binary and source packages share it.
        pkg.sourceName = src.name;
        pkg.sourceVersion = `${epoch}${src.version}-${src.release}`;
      }
      if (h.arch) pkg.arch = h.arch;
      if (h.license) pkg.license = h.license;
      pkg.purl = osPurl(pkg, undefined);
      packages.push(pkg);
      if (h.files.length) ownedFiles.push({ owner: h.name, files: h.files });
    }
  } catch (e) {
    // The readers report problems as records; this only keeps "never throws" true.
    problem(`${path}: cannot read the rpm database: ${(e as Error).message}`);
  }
  if (dropped) issues.push({ path, kind: 'unparsable', message: `${path}: ${dropped} more unreadable records`, scanner: 'image' });
  const out: AnalyzerOutput = { packages };
  if (ownedFiles.length) out.ownedFiles = ownedFiles;
  if (issues.length) out.issues = issues;
  return out;
}

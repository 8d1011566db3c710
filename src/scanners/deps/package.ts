import type { ScanIssue } from '../../core/scanner.js';

/**
 * Ecosystem names as OSV spells them (`affected[].package.ecosystem`), so a package and an
 * advisory meet without translation. OS ecosystems are for the image scanner.
 */
export type Ecosystem =
  | 'npm'
  | 'PyPI'
  | 'Go'
  | 'crates.io'
  | 'RubyGems'
  | 'Packagist'
  | 'Maven'
  | 'NuGet'
  | 'Debian'
  | 'Ubuntu'
  | 'Alpine'
  | 'AlmaLinux'
  | 'Rocky Linux'
  | 'Red Hat';

/** One resolved package as a lockfile records it. */
export interface Package {
  ecosystem: Ecosystem;
  /** As the ecosystem spells it (npm scope included: `@babel/core`; Maven `group:artifact`). */
  name: string;
  /** The exact resolved version. For an unpinned requirement: the declared range (pinned=false). */
  version: string;
  /** Package URL (packageurl-js). */
  purl: string;
  /** Declared by the project itself (not only pulled in by another package). */
  direct: boolean;
  /** Only needed for development (devDependencies, dev groups, test scope). */
  dev: boolean;
  /** False when the file gives a range, not a version (requirements `foo>=1.2`): never matched as a version. */
  pinned: boolean;
  /** Lockfile path, relative to the scan root, POSIX. */
  source: string;
  /** 1-based line of the package's entry in the lockfile, when known. */
  line?: number;
  /** Keys (`packageKey`) of the packages this one depends on, when the lockfile records them. */
  dependsOn?: string[];
  /** SPDX license expression when the lockfile or installed metadata records it. */
  license?: string;
}

/** Identity of a package inside one lockfile's graph. */
export function packageKey(p: Pick<Package, 'name' | 'version'>): string {
  return `${p.name}@${p.version}`;
}

export interface ExtractResult {
  packages: Package[];
  /** Bad entries and unsupported versions: the good entries are still returned. */
  issues: ScanIssue[];
}

/**
 * One lockfile or manifest format. `accepts` is a cheap test on the path; `extract` is pure
 * (content in, packages out) and never throws for bad input: it returns what it could read plus
 * issues naming the file (and line) of each problem.
 */
export interface Extractor {
  /** e.g. 'npm/package-lock' */
  id: string;
  ecosystem: Ecosystem;
  accepts(path: string): boolean;
  extract(file: { path: string; content: string }): ExtractResult;
}

import type { Finding } from './finding.js';
import type { RuleMeta } from './rule.js';
import type { Directive } from './directives.js';
import type { Package } from '../scanners/deps/package.js';

/** A file the walker found; scanners never walk or open files themselves. */
export interface SourceFile {
  /** Path relative to the scan root, POSIX separators. */
  path: string;
  /** Absolute path on disk (or a synthetic one for git blobs). */
  absPath: string;
  size: number;
  /**
   * What the walk's stat saw (absent for synthetic files): a scanner that keys a cache on it need
   * not stat every file a second time.
   */
  stat?: FileStat;
}

export interface FileStat {
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** A non-fatal problem: a file that could not be read or parsed. Carried in every report. */
export interface ScanIssue {
  path: string;
  line?: number;
  kind: 'unreadable' | 'unparsable' | 'skipped-binary' | 'skipped-size' | 'symlink' | 'config' | 'network' | 'unresolved' | 'other';
  message: string;
  scanner?: string;
}

export interface ScanContext {
  root: string;
  /** Opt-in: print secrets unredacted (local use only). */
  showSecrets: boolean;
  /** Emit a non-fatal issue. */
  issue(i: ScanIssue): void;
  /** Scanner-specific options from rampart.yaml and flags (validated by the scanner). */
  options: Record<string, unknown>;
  /** Worker threads the scanner may use. */
  threads: number;
  /** Inline `rampart:ignore` directives seen while reading a file (scanners read, core applies). */
  directives(path: string, list: Directive[]): void;
  /**
   * A file was read: its bytes, or it was skipped as binary. Drives stats and progress; a path
   * read by two scanners counts once.
   */
  fileRead(bytes: number, binary: boolean, path?: string): void;
  /**
   * A finding the scanned file itself suppresses in a way only the scanner can read (Kubernetes
   * `rampart.io/ignore` annotations); counted with the inline suppressions.
   */
  suppressed?(finding: Finding, reason: string): void;
  /** The dependency inventory a scanner found (SBOM formats read it). */
  inventory?(packages: Package[]): void;
  /** History scans: commits and blobs done (progress and stats). */
  historyProgress?(commits: number, blobs: number, bytes: number): void;
}

export interface Scanner {
  id: string;
  /** Every rule this scanner can report, for `rampart rules` and SARIF. */
  rules(): RuleMeta[];
  /**
   * Rules that depend on the scanner's options (custom policies), when it has such; defaults to
   * rules(). May be async, so the code that reads custom rules loads only when some are configured.
   */
  rulesFor?(options: Record<string, unknown>): RuleMeta[] | Promise<RuleMeta[]>;
  /** Cheap test on path and size only. */
  accepts(file: SourceFile): boolean;
  /**
   * Gets all accepted files at once so it can resolve across files. The scanner reads the
   * files it needs (in workers when it parallelises), once each, and reports each read via
   * ctx.fileRead.
   */
  scan(files: SourceFile[], ctx: ScanContext): AsyncIterable<Finding>;
}

/**
 * A scanner as the registry knows it before it is needed: its id at once, its implementation
 * (rules, parsers, detectors: most of the start-up cost) only when `load` is called. `load`
 * imports the module once; later calls return the same scanner.
 */
export interface ScannerEntry {
  readonly id: string;
  load(): Promise<Scanner>;
}

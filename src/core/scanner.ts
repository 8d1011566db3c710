import type { Finding } from './finding.js';
import type { RuleMeta } from './rule.js';

/** A file the walker found; scanners never walk or open files themselves. */
export interface SourceFile {
  /** Path relative to the scan root, POSIX separators. */
  path: string;
  /** Absolute path on disk (or a synthetic one for git blobs). */
  absPath: string;
  size: number;
}

/** A file that was read once; content is decoded as UTF-8 (invalid bytes become U+FFFD). */
export interface LoadedFile extends SourceFile {
  content: string;
}

/** A non-fatal problem: a file that could not be read or parsed. Carried in every report. */
export interface ScanIssue {
  path: string;
  line?: number;
  kind: 'unreadable' | 'unparsable' | 'skipped-binary' | 'skipped-size' | 'symlink' | 'config' | 'network' | 'other';
  message: string;
  scanner?: string;
}

export interface ScanContext {
  root: string;
  /** Opt-in: print secrets unredacted (local use only). */
  showSecrets: boolean;
  /** Emit a non-fatal issue. */
  issue(i: ScanIssue): void;
  /** Scanner-specific options from rampart.yaml (validated by the scanner). */
  options: Record<string, unknown>;
}

export interface Scanner {
  id: string;
  /** Every rule this scanner can report, for `rampart rules` and SARIF. */
  rules(): RuleMeta[];
  /** Cheap test on path and size only. */
  accepts(file: SourceFile): boolean;
  /** Gets all accepted files at once so it can resolve across files. */
  scan(files: LoadedFile[], ctx: ScanContext): AsyncIterable<Finding>;
}

/** What the taint engine gives the scanner: one hit per source-to-sink path. */
import type { SinkKind, SourceLabel, TaintModel } from '../models/types.js';
import type { ScanIssue } from '../../../core/scanner.js';

export interface FlowStep {
  /** Path relative to the scan root. */
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** What happens here: "user input from req.query", "passed to buildQuery(q)", "reaches pg query". */
  message: string;
  /** Steps left out just before this one (a path longer than MAX_STEPS keeps its two ends). */
  omittedBefore?: number;
}

export interface TaintHit {
  kind: SinkKind;
  /** The sink model's id, e.g. `child_process.exec`. */
  sinkId: string;
  label: SourceLabel;
  /** Source first, sink last; steps in other files are included (cross-file flows). */
  steps: FlowStep[];
}

export interface TaintFileInput {
  /** Relative path (scan root), POSIX. */
  path: string;
  /** Absolute path, for reading. */
  absPath: string;
  /** The walk's stat of the file, when it has one: the cache check then needs no second stat. */
  stat?: { size: number; mtimeMs: number; ctimeMs: number; ino: number };
}

export interface TaintOptions {
  models: TaintModel[];
  /** Source labels in effect (env/argv only when the user turns them on). */
  labels: ReadonlySet<SourceLabel>;
  /** Directory for the per-file summary cache (keyed by content hash); none disables caching. */
  cacheDir?: string;
  /** Parse minified/generated files too. */
  includeMinified?: boolean;
  issue(i: ScanIssue): void;
  /** Each file read: bytes (stats and progress). */
  fileRead?(path: string, bytes: number): void;
}

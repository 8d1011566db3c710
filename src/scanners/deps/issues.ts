import type { ScanIssue } from '../../core/scanner.js';

/** A lockfile (or an entry of one) that could not be read as its format: named with its line. */
export function unparsable(path: string, message: string, line?: number): ScanIssue {
  const i: ScanIssue = { path, kind: 'unparsable', message, scanner: 'deps' };
  if (line !== undefined) i.line = line;
  return i;
}

/** Not an error: an entry deliberately not reported (a local path, URL or VCS source). */
export function skipped(path: string, message: string, line?: number): ScanIssue {
  const i: ScanIssue = { path, kind: 'other', message, scanner: 'deps' };
  if (line !== undefined) i.line = line;
  return i;
}

/** Last path segment, POSIX or Windows separators. */
export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? path : path.slice(i + 1);
}

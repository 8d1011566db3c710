import type { ScanIssue } from '../../../core/scanner.js';
import type { LayerEntry } from '../types.js';

/** Helpers shared by the language analyzers (lang/*.ts); nothing here reads a file. */

/** A problem with one file in the image, reported under the image scanner. */
export function langIssue(path: string, message: string, kind: ScanIssue['kind'] = 'unparsable', line?: number): ScanIssue {
  const i: ScanIssue = { path, kind, message, scanner: 'image' };
  if (line !== undefined) i.line = line;
  return i;
}

/** Issues from the dependency scanner's parsers, re-tagged: inside an image they are the image scanner's. */
export function asImageIssues(issues: readonly ScanIssue[]): ScanIssue[] {
  return issues.map((i) => ({ ...i, scanner: 'image' }));
}

/** Smallest executable worth opening: a real Go or Rust program is far larger; scripts and stubs are smaller. */
export const MIN_BINARY_BYTES = 4096;

/** Cheap test for "a compiled program": a regular file with an execute bit, larger than a stub. */
export function isExecutableCandidate(entry: Pick<LayerEntry, 'type' | 'size' | 'mode'>): boolean {
  return entry.type === 'file' && (entry.mode & 0o111) !== 0 && entry.size >= MIN_BINARY_BYTES;
}

/** ELF, Mach-O (both byte orders, 32/64-bit) or PE (`MZ`), from the first four bytes. */
export function executableFormat(buf: Buffer): 'elf' | 'macho' | 'pe' | undefined {
  if (buf.length < 4) return undefined;
  const be = buf.readUInt32BE(0);
  if (be === 0x7f454c46) return 'elf';
  if (be === 0xfeedface || be === 0xfeedfacf || be === 0xcefaedfe || be === 0xcffaedfe) return 'macho';
  if (buf[0] === 0x4d && buf[1] === 0x5a) return 'pe';
  return undefined;
}

/** Last path segment. */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

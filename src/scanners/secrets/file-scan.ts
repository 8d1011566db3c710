import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { RawMatch } from './engine.js';
import { SecretEngine } from './engine.js';
import { LineMap } from './to-finding.js';
import { parseDirectives, type Directive } from '../../core/directives.js';

/** A match with its position resolved, as it crosses from a worker to the main thread. */
export interface PositionedMatch extends RawMatch {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  context: string;
}

export interface FileScanResult {
  path: string;
  bytes: number;
  binary: boolean;
  error?: string;
  matches: PositionedMatch[];
  directives: Directive[];
  malformedDirectives: { line: number; message: string }[];
}

/** Files up to this size are read in one piece; larger ones stream in chunks of this size. */
const CHUNK = 8 * 1024 * 1024;
const BINARY_SNIFF = 8000;

/**
 * Reads one file (once) and scans it. Big files stream in chunks that overlap by the longest
 * detector match, so memory stays bounded and nothing straddling a boundary is lost.
 * Synchronous on purpose: it runs in worker threads, where blocking costs nothing, and each
 * async fs call would be a round trip through libuv's small thread pool (measured: half the
 * wall time idle on a corpus of small files).
 */
export function scanFile(engine: SecretEngine, absPath: string, path: string): FileScanResult {
  const res: FileScanResult = { path, bytes: 0, binary: false, matches: [], directives: [], malformedDirectives: [] };
  let fd: number;
  try {
    fd = openSync(absPath, 'r');
  } catch (e) {
    res.error = describe(e);
    return res;
  }
  try {
    const overlap = Math.min(engine.maxLength, 64 * 1024);
    let carry: Buffer = Buffer.alloc(0);
    let carryLine = 1; // line of carry[0]
    let carryCol = 0; // characters before carry[0] on that line
    let already = 0; // matches starting before this offset in buf were reported with the last chunk
    let fileOffset = 0; // file offset of buf[0]
    let first = true;
    // Size the read buffer to the file (one byte more, to see the end): small files must not
    // pay for a chunk-sized allocation each.
    let remaining = fstatSync(fd).size;
    for (;;) {
      const want = Math.min(CHUNK, first ? remaining + 1 : Math.max(remaining + 1, 64 * 1024));
      const fresh = Buffer.allocUnsafe(want);
      const bytesRead = readSync(fd, fresh, 0, want, null);
      remaining = Math.max(0, remaining - bytesRead);
      const eof = bytesRead < want;
      const data = fresh.subarray(0, bytesRead);
      if (first) {
        first = false;
        if (data.subarray(0, BINARY_SNIFF).includes(0)) {
          res.binary = true;
          return res;
        }
      }
      res.bytes += bytesRead;
      const buf = carry.length ? Buffer.concat([carry, data]) : data;
      const lines = new LineMap(buf, carryLine, carryCol);
      // Matches starting at or after `limit` are left to the next chunk, which holds them whole.
      const limit = eof ? buf.length : Math.max(already, buf.length - overlap);
      scanChunk(engine, buf, lines, already, limit, fileOffset, res);
      if (eof) break;
      // Carry the last `overlap` bytes (from a char boundary) into the next chunk.
      let cut = buf.length - overlap;
      while (cut > 0 && (buf[cut]! & 0xc0) === 0x80) cut--;
      const pos = lines.position(cut);
      carryLine = pos.line;
      carryCol = pos.column - 1;
      already = limit - cut;
      carry = Buffer.from(buf.subarray(cut));
      fileOffset += cut;
    }
    return res;
  } catch (e) {
    res.error = describe(e);
    return res;
  } finally {
    try {
      closeSync(fd);
    } catch {
      /* already closed or gone: nothing to release */
    }
  }
}

/** Scans content already in memory (a staged blob): same rules as a file of one chunk. */
export function scanBuffer(engine: SecretEngine, buf: Buffer, path: string): FileScanResult {
  const res: FileScanResult = { path, bytes: buf.length, binary: false, matches: [], directives: [], malformedDirectives: [] };
  if (buf.subarray(0, BINARY_SNIFF).includes(0)) {
    res.binary = true;
    res.bytes = 0;
    return res;
  }
  scanChunk(engine, buf, new LineMap(buf), 0, buf.length, 0, res);
  return res;
}

/** Reports matches and directives that start in [from, limit) of buf. */
function scanChunk(
  engine: SecretEngine,
  buf: Buffer,
  lines: LineMap,
  from: number,
  limit: number,
  fileOffset: number,
  res: FileScanResult,
): void {
  for (const m of engine.scan(buf)) {
    if (m.start < from || m.start >= limit) continue;
    const a = lines.position(m.start);
    const b = lines.position(m.end);
    res.matches.push({
      ...m,
      start: m.start + fileOffset,
      end: m.end + fileOffset,
      startLine: a.line,
      startColumn: a.column,
      endLine: b.line,
      endColumn: b.column,
      context: contextAround(buf, m.start, m.end),
    });
  }
  if (buf.includes('rampart:ignore')) {
    const text = buf.toString('utf8', from, limit);
    const firstLine = lines.position(from).line;
    const parsed = parseDirectives(text);
    for (const d of parsed.directives) res.directives.push({ ...d, line: d.line + firstLine - 1 });
    for (const d of parsed.malformed) res.malformedDirectives.push({ ...d, line: d.line + firstLine - 1 });
  }
}

/** Up to 3 lines before and after; for verifiers that need a paired value. Capped in size. */
function contextAround(buf: Buffer, start: number, end: number): string {
  let a = start;
  for (let n = 0; n < 4 && a > 0; n++) a = buf.lastIndexOf(10, a - 1) === -1 ? 0 : buf.lastIndexOf(10, a - 1);
  let b = end;
  for (let n = 0; n < 4 && b < buf.length; n++) {
    const nx = buf.indexOf(10, b + 1);
    b = nx === -1 ? buf.length : nx;
  }
  a = Math.max(a, start - 1024);
  b = Math.min(b, end + 1024);
  return buf.toString('utf8', a, b);
}

function describe(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENOENT') return 'file disappeared during the scan';
  return e instanceof Error ? e.message : String(e);
}

import type { Finding } from '../../core/finding.js';
import { fingerprint, sha256Hex } from '../../core/fingerprint.js';
import type { Detector } from './detector.js';
import type { RawMatch } from './engine.js';
import { redact } from './redact.js';

/** Maps byte offsets in a buffer to 1-based line and column (columns count UTF-16 units). */
export class LineMap {
  private starts: number[] | null = null;
  private lastLine = -1;
  private lastOffset = 0;
  private lastChars = 0;
  constructor(
    private readonly buf: Buffer,
    /** Line number of buf[0] (for chunks of a larger file). */
    private readonly firstLine = 1,
    /** Characters before buf[0] on its line (a chunk may start mid-line). */
    private readonly firstColumn = 0,
  ) {}

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const s = [0];
    let i = -1;
    while ((i = this.buf.indexOf(10, i + 1)) !== -1) s.push(i + 1);
    this.starts = s;
    return s;
  }

  position(offset: number): { line: number; column: number } {
    const s = this.lineStarts();
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = s[lo]!;
    // Column in characters: decode only the line prefix, and continue from the last position on
    // the same line, so many matches on one long (minified) line stay cheap.
    let from = lineStart;
    let chars = 0;
    if (this.lastLine === lo && this.lastOffset <= offset) {
      from = this.lastOffset;
      chars = this.lastChars;
    }
    chars += this.buf.toString('utf8', from, offset).length;
    this.lastLine = lo;
    this.lastOffset = offset;
    this.lastChars = chars;
    return { line: this.firstLine + lo, column: chars + 1 + (lo === 0 ? this.firstColumn : 0) };
  }
}

export interface Span {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

/** Builds the Finding for one raw match: location, redacted evidence, fingerprint by secret hash. */
export function toFinding(det: Detector, m: RawMatch, path: string, lines: LineMap, showSecrets: boolean): Finding {
  return findingAt(det, m, path, { start: lines.position(m.start), end: lines.position(m.end) }, showSecrets);
}

export function findingAt(det: Detector, m: RawMatch, path: string, span: Span, showSecrets: boolean): Finding {
  const shown = showSecrets ? m.secret : redact(m.secret);
  const how = m.encoding === 'plain' ? '' : ` (inside a ${m.encoding === 'base64' ? 'base64' : 'URL'}-encoded string)`;
  return {
    ruleId: det.id,
    scanner: 'secrets',
    severity: det.severity,
    title: det.title,
    message: `${det.title} found${how}: ${shown}`,
    location: {
      path,
      startLine: span.start.line,
      startColumn: span.start.column,
      endLine: span.end.line,
      endColumn: span.end.column,
    },
    cwe: det.cwe,
    fingerprint: fingerprint(det.id, path, sha256Hex(m.secret)),
    fix: det.remediation,
    evidence: { snippet: shown, confidence: m.confidence, encoding: m.encoding, secretLength: m.secret.length },
  };
}

import type { Finding } from '../../core/finding.js';
import { fingerprint, sha256Hex } from '../../core/fingerprint.js';
import type { Detector } from './detector.js';
import type { RawMatch } from './engine.js';
import { redact } from './redact.js';

/** Maps byte offsets in a buffer to 1-based line and column (columns count UTF-16 units). */
export class LineMap {
  private starts: number[] | null = null;
  constructor(
    private readonly buf: Buffer,
    /** Line number of buf[0] (for chunks of a larger file). */
    private readonly firstLine = 1,
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
    // Column in characters: decode only the line prefix, never the whole buffer.
    const column = this.buf.toString('utf8', lineStart, offset).length + 1;
    return { line: this.firstLine + lo, column };
  }

  /** The full text of the (0-based within buffer) line holding offset, capped for safety. */
  lineText(offset: number, cap = 4096): string {
    const s = this.lineStarts();
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const start = s[lo]!;
    const end = lo + 1 < s.length ? s[lo + 1]! - 1 : this.buf.length;
    return this.buf.toString('utf8', start, Math.min(end, start + cap));
  }
}

/** Builds the Finding for one raw match: location, redacted evidence, fingerprint by secret hash. */
export function toFinding(
  det: Detector,
  m: RawMatch,
  path: string,
  lines: LineMap,
  showSecrets: boolean,
): Finding {
  const a = lines.position(m.start);
  const b = lines.position(m.end);
  const shown = showSecrets ? m.secret : redact(m.secret);
  const how = m.encoding === 'plain' ? '' : ` (inside a ${m.encoding === 'base64' ? 'base64' : 'URL'}-encoded string)`;
  return {
    ruleId: det.id,
    scanner: 'secrets',
    severity: det.severity,
    title: det.title,
    message: `${det.title} found${how}: ${shown}`,
    location: { path, startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column },
    cwe: det.cwe,
    fingerprint: fingerprint(det.id, path, sha256Hex(m.secret)),
    fix: det.remediation,
    evidence: { snippet: shown, confidence: m.confidence, encoding: m.encoding, secretLength: m.secret.length },
  };
}

import RE2 from 're2';
import type { Detector } from './detector.js';
import { KeywordIndex } from './keyword-index.js';
import { isPlaceholder, shannonEntropy } from './filters.js';

/** A match inside one buffer, before it becomes a Finding. Offsets are byte offsets. */
export interface RawMatch {
  detectorId: string;
  secret: string;
  start: number;
  end: number;
  encoding: 'plain' | 'base64' | 'url';
  confidence: 'high' | 'medium' | 'low';
}

interface Compiled {
  det: Detector;
  re: RE2;
}

// Strings that may hide a secret one level down. Bounded so a huge blob is not decoded whole.
const BASE64_RUN = new RE2('[A-Za-z0-9+/_-]{32,1000}={0,2}', 'g');
const URL_ENCODED_RUN = new RE2("[A-Za-z0-9._~+!*'()%-]{12,1000}", 'g');

/**
 * Keyword-prefiltered RE2 matching over raw bytes. Compiled once per worker; scan() is reentrant.
 */
export class SecretEngine {
  private readonly compiled: Compiled[];
  private readonly index: KeywordIndex;
  /** keyword id -> detector indices that use it. */
  private readonly byKeyword: number[][];
  readonly maxLength: number;

  constructor(detectors: Detector[]) {
    this.compiled = detectors.map((det) => {
      // 'd' (match indices) gives the capture group's own offset; searching for its bytes inside
      // the match would find an earlier copy (postgres://app:app@... reports the user).
      const flags = 'gd' + (det.flags ?? '').replace(/[gd]/g, '');
      return { det, re: new RE2(det.pattern, flags) };
    });
    const kwIds = new Map<string, number>();
    this.byKeyword = [];
    detectors.forEach((d, di) => {
      if (d.keywords.length === 0) throw new Error(`detector ${d.id} has no keywords`);
      for (const raw of d.keywords) {
        const kw = raw.toLowerCase();
        let id = kwIds.get(kw);
        if (id === undefined) {
          id = kwIds.size;
          kwIds.set(kw, id);
          this.byKeyword.push([]);
        }
        this.byKeyword[id]!.push(di);
      }
    });
    this.index = new KeywordIndex([...kwIds.keys()]);
    this.maxLength = Math.max(64, ...detectors.map((d) => d.maxLength));
  }

  /** Every detector match in buf, plain and one level inside base64 / URL-encoded strings. */
  scan(buf: Buffer, decode = true): RawMatch[] {
    const out = this.scanPlain(buf, 'plain', 0, buf.length);
    if (decode) this.scanDecoded(buf, out);
    return dropShadowedGeneric(out);
  }

  private candidates(buf: Buffer, start: number, end: number): number[] {
    const found = new Uint8Array(this.index.size);
    if (this.index.scan(buf, found, start, end) === 0) return [];
    const dets = new Set<number>();
    for (let k = 0; k < found.length; k++) if (found[k]) for (const d of this.byKeyword[k]!) dets.add(d);
    return [...dets].sort((a, b) => a - b);
  }

  private scanPlain(buf: Buffer, encoding: RawMatch['encoding'], start: number, end: number): RawMatch[] {
    const out: RawMatch[] = [];
    const dets = this.candidates(buf, start, end);
    if (dets.length === 0) return out;
    const view = start === 0 && end === buf.length ? buf : buf.subarray(start, end);
    for (const di of dets) {
      const { det, re } = this.compiled[di]!;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(view as unknown as string)) !== null) {
        const whole = m[0] as unknown as Buffer;
        if (whole.length === 0) {
          re.lastIndex++;
          continue;
        }
        const group = m[1] as unknown as Buffer | undefined;
        const secretBuf = group && group.length > 0 ? group : whole;
        const secret = secretBuf.toString('utf8');
        const matchText = whole.toString('utf8');
        // Offset of the secret inside the match (byte offsets on Buffer input).
        const gi = (m as RegExpExecArray & { indices?: ([number, number] | undefined)[] }).indices?.[1];
        const rel = secretBuf === whole ? 0 : gi ? gi[0] - m.index : Math.max(0, whole.indexOf(secretBuf));
        const accepted = this.accept(det, secret, matchText);
        if (accepted === null) continue;
        const s = start + m.index + rel;
        out.push({ detectorId: det.id, secret, start: s, end: s + secretBuf.length, encoding, confidence: accepted });
      }
    }
    return out;
  }

  private accept(det: Detector, secret: string, match: string): RawMatch['confidence'] | null {
    if (!det.noPlaceholderFilter && isPlaceholder(secret)) return null;
    if (det.minEntropy !== undefined && shannonEntropy(secret) < det.minEntropy) return null;
    if (det.check) {
      let ok = false;
      try {
        ok = det.check(secret, match);
      } catch {
        ok = false;
      }
      if (!ok) return null;
      return det.checksum ? 'high' : 'medium';
    }
    return 'medium';
  }

  /** One level inside encodings; matches are placed on the encoded string. */
  private scanDecoded(buf: Buffer, out: RawMatch[]): void {
    const seen = new Set(out.map((m) => `${m.detectorId}\0${m.secret}`));
    const push = (matches: RawMatch[], at: number, len: number, enc: RawMatch['encoding']) => {
      for (const m of matches) {
        const key = `${m.detectorId}\0${m.secret}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ ...m, start: at, end: at + len, encoding: enc });
      }
    };
    BASE64_RUN.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = BASE64_RUN.exec(buf as unknown as string)) !== null) {
      const enc = m[0] as unknown as Buffer;
      const decoded = decodeBase64(enc.toString('latin1'));
      if (decoded) push(this.scanPlain(decoded, 'base64', 0, decoded.length), m.index, enc.length, 'base64');
    }
    if (buf.indexOf(37 /* % */) < 0) return;
    URL_ENCODED_RUN.lastIndex = 0;
    while ((m = URL_ENCODED_RUN.exec(buf as unknown as string)) !== null) {
      const enc = m[0] as unknown as Buffer;
      if (enc.indexOf(37) < 0) continue;
      let text: string;
      try {
        text = decodeURIComponent(enc.toString('latin1').replace(/\+/g, ' '));
      } catch {
        continue;
      }
      const decoded = Buffer.from(text, 'utf8');
      push(this.scanPlain(decoded, 'url', 0, decoded.length), m.index, enc.length, 'url');
    }
  }
}

/**
 * A generic detector (`secrets/generic/...`) that fires on the same bytes as a provider detector
 * says less about the same secret: keep the specific finding only.
 */
export function dropShadowedGeneric(ms: RawMatch[]): RawMatch[] {
  const specific = ms.filter((m) => !m.detectorId.startsWith('secrets/generic/'));
  if (specific.length === 0 || specific.length === ms.length) return ms;
  return ms.filter(
    (m) => !m.detectorId.startsWith('secrets/generic/') || !specific.some((s) => s.start < m.end && m.start < s.end),
  );
}

/** Decodes standard or URL-safe base64 when the result is mostly printable text, else null. */
export function decodeBase64(s: string): Buffer | null {
  if (s.length % 4 === 1) return null;
  const b = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (b.length < 16) return null;
  let printable = 0;
  for (const c of b) if ((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13) printable++;
  return printable / b.length >= 0.9 ? b : null;
}

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
  flags: string;
  /** Compiled on first use: most detectors never pass the prefilter in a given scan. */
  re?: RE2;
}

// Byte classes for finding strings that may hide a secret one level down. Plain loops, not
// regexes: a regex call per identifier-like run cost a third of the engine's time.
const B64 = new Uint8Array(256);
const URLC = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-') B64[c.charCodeAt(0)] = 1;
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~+!*'()%-") URLC[c.charCodeAt(0)] = 1;
const B64_MIN = 32;
/** Longest encoded string decoded; longer runs are cut, so a huge blob is never decoded whole. */
const ENC_MAX = 4096;

/** [start, end) of runs of base64 characters (plus trailing '=') at least B64_MIN long. */
export function base64Runs(buf: Buffer): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  const n = buf.length;
  while (i < n) {
    if (B64[buf[i]!] === 0) {
      i++;
      continue;
    }
    const a = i;
    while (i < n && B64[buf[i]!] === 1) i++;
    let b = i;
    while (b < n && b - i < 2 && buf[b] === 61 /* = */) b++;
    if (b - a >= B64_MIN) out.push([a, Math.min(b, a + ENC_MAX)]);
    i = b;
  }
  return out;
}

/** [start, end) of URL-safe runs around '%XX' escapes. */
export function urlEncodedRuns(buf: Buffer): [number, number][] {
  const out: [number, number][] = [];
  let from = 0;
  let p: number;
  while ((p = buf.indexOf(37 /* % */, from)) !== -1) {
    let a = p;
    while (a > 0 && URLC[buf[a - 1]!] === 1) a--;
    let b = p;
    while (b < buf.length && URLC[buf[b]!] === 1) b++;
    from = b + 1;
    if (b - a < 12) continue;
    let esc = false;
    for (let q = p; q < b && !esc; q++) esc = buf[q] === 37 && isHexEscape(buf, q);
    if (esc) out.push([a, Math.min(b, a + ENC_MAX)]);
  }
  return out;
}

function isHexEscape(buf: Buffer, p: number): boolean {
  const hex = (c: number | undefined) =>
    c !== undefined && ((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102));
  return hex(buf[p + 1]) && hex(buf[p + 2]);
}

/**
 * Keyword-prefiltered RE2 matching over raw bytes. Compiled once per worker; scan() is reentrant.
 */
export class SecretEngine {
  private readonly compiled: Compiled[];
  private readonly index: KeywordIndex;
  /** keyword id -> detector indices that use it. */
  private readonly byKeyword: number[][];
  /** detector index -> its keyword ids (for line-scoped detectors' windows). */
  private readonly keywordsOf: number[][];
  private readonly anyPositional: boolean;
  readonly maxLength: number;

  constructor(detectors: Detector[]) {
    this.compiled = detectors.map((det) => {
      // 'd' (match indices) gives the capture group's own offset; searching for its bytes inside
      // the match would find an earlier copy (a URL whose user and password are equal would
      // report the user).
      return { det, flags: 'gd' + (det.flags ?? '').replace(/[gd]/g, '') };
    });
    const kwIds = new Map<string, number>();
    this.byKeyword = [];
    this.keywordsOf = [];
    const positional: boolean[] = [];
    detectors.forEach((d, di) => {
      if (d.keywords.length === 0) throw new Error(`detector ${d.id} has no keywords`);
      this.keywordsOf.push([]);
      for (const raw of d.keywords) {
        const kw = raw.toLowerCase();
        let id = kwIds.get(kw);
        if (id === undefined) {
          id = kwIds.size;
          kwIds.set(kw, id);
          this.byKeyword.push([]);
        }
        this.byKeyword[id]!.push(di);
        this.keywordsOf[di]!.push(id);
        if (!d.spansLines) positional[id] = true;
      }
    });
    this.anyPositional = positional.some(Boolean);
    this.index = new KeywordIndex([...kwIds.keys()], positional);
    this.maxLength = Math.max(64, ...detectors.map((d) => d.maxLength));
  }

  /** Every detector match in buf, plain and one level inside base64 / URL-encoded strings. */
  scan(buf: Buffer, decode = true): RawMatch[] {
    const out = this.scanPlain(buf, 'plain', 0, buf.length);
    if (decode) this.scanDecoded(buf, out);
    return dropShadowedGeneric(out);
  }

  private candidates(buf: Buffer, start: number, end: number): { dets: number[]; positions: Map<number, number[]> } {
    const found = new Uint8Array(this.index.size);
    const pairs: number[] | undefined = this.anyPositional ? [] : undefined;
    const positions = new Map<number, number[]>();
    if (this.index.scan(buf, found, start, end, pairs) === 0) return { dets: [], positions };
    if (pairs) {
      for (let i = 0; i < pairs.length; i += 2) {
        const list = positions.get(pairs[i]!);
        if (list) list.push(pairs[i + 1]!);
        else positions.set(pairs[i]!, [pairs[i + 1]!]);
      }
    }
    const dets = new Set<number>();
    for (let k = 0; k < found.length; k++) if (found[k]) for (const d of this.byKeyword[k]!) dets.add(d);
    return { dets: [...dets].sort((a, b) => a - b), positions };
  }

  /** Merged [start, end) byte ranges of the lines holding one of detector di's keywords. */
  private lineWindows(buf: Buffer, di: number, positions: Map<number, number[]>, start: number, end: number): [number, number][] {
    const ends: number[] = [];
    for (const k of this.keywordsOf[di]!) for (const p of positions.get(k) ?? []) ends.push(p);
    ends.sort((a, b) => a - b);
    const out: [number, number][] = [];
    for (const p of ends) {
      const last = out[out.length - 1];
      if (last && p <= last[1]) continue; // same line as the previous window
      const ls = Math.max(start, buf.lastIndexOf(10, p - 1) + 1);
      let le = buf.indexOf(10, p);
      if (le === -1 || le > end) le = end;
      if (last && ls <= last[1] + 1) last[1] = le;
      else out.push([ls, le]);
    }
    return out;
  }

  private scanPlain(buf: Buffer, encoding: RawMatch['encoding'], start: number, end: number): RawMatch[] {
    const out: RawMatch[] = [];
    const { dets, positions } = this.candidates(buf, start, end);
    if (dets.length === 0) return out;
    for (const di of dets) {
      const windows: [number, number][] =
        !this.compiled[di]!.det.spansLines ? this.lineWindows(buf, di, positions, start, end) : [[start, end]];
      for (const [ws, we] of windows) this.runDetector(di, buf, ws, we, encoding, out);
    }
    return out;
  }

  private runDetector(di: number, buf: Buffer, start: number, end: number, encoding: RawMatch['encoding'], out: RawMatch[]): void {
    {
      const view = start === 0 && end === buf.length ? buf : buf.subarray(start, end);
      const c = this.compiled[di]!;
      const det = c.det;
      const re = (c.re ??= new RE2(det.pattern, c.flags));
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
        // Resume right after the secret, not after trailing context: a detector's right edge (one
        // delimiter character) is also the left edge of a token that follows it ("tokA\ntokB").
        if (gi && gi[1] > m.index && gi[1] < m.index + whole.length) re.lastIndex = gi[1];
        const rel = secretBuf === whole ? 0 : gi ? gi[0] - m.index : Math.max(0, whole.indexOf(secretBuf));
        const accepted = this.accept(det, secret, matchText);
        if (accepted === null) continue;
        const s = start + m.index + rel;
        out.push({ detectorId: det.id, secret, start: s, end: s + secretBuf.length, encoding, confidence: accepted });
      }
    }
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
    for (const [a, b] of base64Runs(buf)) {
      const enc = buf.subarray(a, b);
      if (!looksLikeBase64(enc)) continue;
      const decoded = decodeBase64(enc.toString('latin1'));
      if (decoded) push(this.scanPlain(decoded, 'base64', 0, decoded.length), a, b - a, 'base64');
    }
    for (const [a, b] of urlEncodedRuns(buf)) {
      let text: string;
      try {
        text = decodeURIComponent(buf.toString('latin1', a, b).replace(/\+/g, ' '));
      } catch {
        continue;
      }
      const decoded = Buffer.from(text, 'utf8');
      push(this.scanPlain(decoded, 'url', 0, decoded.length), a, b - a, 'url');
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

/**
 * Cheap test before decoding: base64 of text mixes upper and lower case and has digits or +/;
 * long snake_case or camelCase identifiers, which also fill the run pattern, do not.
 */
function looksLikeBase64(b: Buffer): boolean {
  let upper = false;
  let lower = false;
  let other = false;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c >= 65 && c <= 90) upper = true;
    else if (c >= 97 && c <= 122) lower = true;
    else if ((c >= 48 && c <= 57) || c === 43 || c === 47) other = true;
    if (upper && lower && other) return true;
  }
  return false;
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

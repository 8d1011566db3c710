import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { KeywordIndex } from '../../../src/scanners/secrets/keyword-index.js';
import { SecretEngine, decodeBase64 } from '../../../src/scanners/secrets/engine.js';
import { scanFile } from '../../../src/scanners/secrets/file-scan.js';
import { base62 } from '../../../src/scanners/secrets/checksum.js';
import type { Detector } from '../../../src/scanners/secrets/detector.js';
import { rmTree, tmpTree } from '../../helpers/tmp.js';

const body = 'Kq7Rm2Vx9Lp4Tz8Wb3Nc6Yd1Hf5Gj0';
const PAT = `ghp_${body}${base62(crc32(body), 6)}`;

const det: Detector = {
  id: 'secrets/test/pat',
  title: 'Test PAT',
  severity: 'high',
  cwe: [798],
  description: 'd',
  remediation: 'r',
  keywords: ['ghp_'],
  pattern: '\\b(ghp_[0-9A-Za-z]{36})\\b',
  maxLength: 40,
};
const engine = new SecretEngine([det]);

let dir = '';
afterEach(() => dir && rmTree(dir));

describe('KeywordIndex', () => {
  it('finds every keyword case-insensitively in one pass, including overlaps', () => {
    const idx = new KeywordIndex(['ghp_', 'hp_x', 'secret', 'SK_LIVE']);
    const found = new Uint8Array(4);
    expect(idx.scan(Buffer.from('xx GHP_XY my Secret'), found)).toBe(3);
    expect([...found]).toEqual([1, 1, 1, 0]);
  });
  it('finds nothing in unrelated text', () => {
    const idx = new KeywordIndex(['ghp_']);
    const found = new Uint8Array(1);
    expect(idx.scan(Buffer.from('gh p_ g hp_'), found)).toBe(0);
  });
});

describe('SecretEngine', () => {
  it('reports byte offsets of the secret (capture group) in the buffer', () => {
    const text = `héllo token="${PAT}"`;
    const [m] = engine.scan(Buffer.from(text));
    expect(m).toMatchObject({ detectorId: 'secrets/test/pat', secret: PAT, encoding: 'plain' });
    expect(Buffer.from(text).subarray(m!.start, m!.end).toString()).toBe(PAT);
  });
  it('skips text without the keyword without running the regex', () => {
    expect(engine.scan(Buffer.from('nothing to see here'))).toEqual([]);
  });
  it('finds a secret one level inside base64', () => {
    const b64 = Buffer.from(`{"token":"${PAT}"}`).toString('base64');
    const [m] = engine.scan(Buffer.from(`data: ${b64}\n`));
    expect(m).toMatchObject({ secret: PAT, encoding: 'base64', start: 6, end: 6 + b64.length });
  });
  it('finds a secret inside a URL-encoded string', () => {
    const enc = encodeURIComponent(`x=${PAT}&y=1`);
    const found = engine.scan(Buffer.from(`q=${enc}`));
    expect(found.map((m) => m.encoding)).toContain('url');
  });
  it('drops placeholders', () => {
    expect(engine.scan(Buffer.from(`ghp_${'x'.repeat(36)}`))).toEqual([]);
  });
  it('decodeBase64 refuses binary garbage', () => {
    expect(decodeBase64(Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37) % 256)).toString('base64'))).toBeNull();
  });
});

describe('scanFile', () => {
  it('finds secrets with 1-based line and column', async () => {
    dir = tmpTree({ 'a.env': `A=1\nB=2\n  TOKEN=${PAT}\n` });
    const r = scanFile(engine, join(dir, 'a.env'), 'a.env');
    expect(r.matches).toHaveLength(1);
    expect(r.matches[0]).toMatchObject({ startLine: 3, startColumn: 9, endLine: 3, endColumn: 49 });
  });

  it('finds secrets across the chunk boundary of a big file exactly once, with right lines', async () => {
    // 8 MB chunks: put secrets just before, across and after the first boundary.
    const CH = 8 * 1024 * 1024;
    const line = 'const value = compute(alpha, beta, gamma); // filler line\n';
    let text = '';
    while (text.length < CH - 30) text += line;
    const lineNo = text.split('\n').length; // line the next text lands on
    text += `k=${PAT}\n`; // straddles the boundary
    while (text.length < CH + 4000) text += line;
    text += `z=${PAT}\n`;
    dir = tmpTree({ 'big.js': text });
    const r = scanFile(engine, join(dir, 'big.js'), 'big.js');
    expect(r.matches.map((m) => m.startLine)).toEqual([lineNo, text.split('\n').length - 1]);
    expect(r.bytes).toBe(Buffer.byteLength(text));
  });

  it('handles a single huge line (minified) with the right columns', async () => {
    const filler = 'a=1;'.repeat(3 * 1024 * 1024); // 12 MB, one line
    dir = tmpTree({ 'min.js': `${filler}t="${PAT}";${filler}` });
    const r = scanFile(engine, join(dir, 'min.js'), 'min.js');
    expect(r.matches).toHaveLength(1);
    expect(r.matches[0]).toMatchObject({ startLine: 1, startColumn: filler.length + 4 });
  });

  it('marks binary files and does not scan them', async () => {
    dir = tmpTree({ 'x.bin': Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(PAT)]) });
    const r = scanFile(engine, join(dir, 'x.bin'), 'x.bin');
    expect(r).toMatchObject({ binary: true, matches: [] });
  });

  it('scans invalid UTF-8 without crashing', async () => {
    dir = tmpTree({ 'bad.txt': Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(`\nt=${PAT}\n`)]) });
    const r = scanFile(engine, join(dir, 'bad.txt'), 'bad.txt');
    expect(r.matches).toHaveLength(1);
    expect(r.matches[0]!.startLine).toBe(2);
  });

  it('reports a missing file as an error, not a throw', async () => {
    const r = scanFile(engine, '/nonexistent/file', 'file');
    expect(r.error).toMatch(/disappeared/);
  });

  it('collects inline directives with their lines', async () => {
    dir = tmpTree({ 'a.js': `x\n// rampart:ignore secrets/test/pat -- fixture\nt="${PAT}"\n` });
    const r = scanFile(engine, join(dir, 'a.js'), 'a.js');
    expect(r.directives).toEqual([{ line: 2, ruleId: 'secrets/test/pat', reason: 'fixture' }]);
  });
});

describe('dropShadowedGeneric', () => {
  it('drops a generic match overlapping a provider match, keeps lone generics', async () => {
    const { dropShadowedGeneric } = await import('../../../src/scanners/secrets/engine.js');
    const m = (detectorId: string, start: number, end: number) =>
      ({ detectorId, secret: 's', start, end, encoding: 'plain', confidence: 'medium' }) as const;
    const out = dropShadowedGeneric([m('secrets/github/classic-pat', 10, 50), m('secrets/generic/x', 10, 50), m('secrets/generic/x', 60, 80)]);
    expect(out.map((x) => `${x.detectorId}@${x.start}`)).toEqual(['secrets/github/classic-pat@10', 'secrets/generic/x@60']);
  });
});

describe('encoded-run finders', () => {
  it('base64Runs finds long runs with trailing padding and skips short ones', async () => {
    const { base64Runs } = await import('../../../src/scanners/secrets/engine.js');
    const b64 = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=';
    const buf = Buffer.from(`x = "${b64}"; short = "abc123";`);
    expect(base64Runs(buf).map(([a, b]) => buf.toString('latin1', a, b))).toEqual([b64]);
  });
  it('urlEncodedRuns needs a real %XX escape', async () => {
    const { urlEncodedRuns } = await import('../../../src/scanners/secrets/engine.js');
    const buf = Buffer.from('a=some%20value%3Dhere b=100%_of_the_time c=ab%');
    expect(urlEncodedRuns(buf).map(([a, b]) => buf.toString('latin1', a, b))).toEqual(['some%20value%3Dhere']);
  });
});

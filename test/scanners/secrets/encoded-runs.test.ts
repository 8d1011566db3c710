import { describe, expect, it } from 'vitest';
import RE2 from 're2';
import { base64Runs, urlEncodedRuns } from '../../../src/scanners/secrets/encoded-runs.js';
import { synth } from './synthetic-tokens.js';

const compiled = new Map<string, RE2>();
function viaRe2(buf: Buffer, pattern: string, needPct: boolean): [number, number][] {
  const re = compiled.get(pattern) ?? new RE2(pattern, 'g');
  compiled.set(pattern, re);
  re.lastIndex = 0;
  const out: [number, number][] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(buf as unknown as string)) !== null) {
    const len = (m[0] as unknown as Buffer).length;
    if (!needPct || (m[0] as unknown as Buffer).indexOf(37) >= 0) out.push([m.index, m.index + len]);
  }
  return out;
}

const B64_RE = '[A-Za-z0-9+/_-]{32,1000}={0,2}';
const URL_RE = "[A-Za-z0-9._~+!*'()%-]{12,1000}";

describe('encoded runs', () => {
  it('finds the same base64 and URL-encoded runs as the RE2 patterns', () => {
    const g = synth(99);
    const alphabet = 'AZaz09+/_-=%.~ \n"\'():;,{}';
    const texts = [
      'token: "dXNlcjpwYXNzd29yZDEyMzQ1Njc4OTAxMjM0NTY3ODkw==" and more',
      `${'A'.repeat(2500)}==`,
      `x=${'Qk'.repeat(600)}=;y=${'%2F'.repeat(400)}`,
      'https://h/p?redirect=https%3A%2F%2Fexample.org%2Fcallback%3Fx%3D1&y=2',
      '%%%%%%%%%%%% a%20b %41%42%43%44%45%46',
    ];
    for (let k = 0; k < 30; k++) {
      let s = '';
      for (let i = 0; i < 4000; i++) s += g.next() < 0.97 ? alphabet[Math.floor(g.next() * 10)] : alphabet[Math.floor(g.next() * alphabet.length)];
      texts.push(s);
    }
    for (const t of texts) {
      const buf = Buffer.from(t, 'latin1');
      expect(base64Runs(buf)).toEqual(viaRe2(buf, B64_RE, false));
      expect(urlEncodedRuns(buf)).toEqual(viaRe2(buf, URL_RE, true));
    }
  });
});

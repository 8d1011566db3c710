import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { SegIndex, segsMatch } from '../../../src/scanners/sast/models/compile.js';
import { splitApi } from '../../../src/scanners/sast/ir/api-names.js';

/** Every pattern compared with the path, in the order they were added: what the index must return. */
function bruteForce(patterns: string[], path: string[]): number[] {
  const out: number[] = [];
  patterns.forEach((p, i) => {
    if (segsMatch(splitApi(p), path)) out.push(i);
  });
  return out;
}

/** Paths a pattern stands for: `*` as some name, each `{a,b}` alternative, and a near miss. */
function pathsFor(pattern: string): string[][] {
  const segs = splitApi(pattern);
  const pick = (alt: number) => segs.map((s) => (s === '*' ? 'someName' : s.startsWith('{') && s.endsWith('}') ? s.slice(1, -1).split(',')[alt] ?? s.slice(1, -1).split(',')[0]! : s));
  const a = pick(0);
  const b = pick(1);
  return [a, b, ['other', ...a.slice(1)], ['x', ...a], a.slice(0, -1).concat(['()'])];
}

describe('model index: matches by last and first segment exactly as a scan of every pattern would', () => {
  it('agrees with comparing every pattern, in the same order, over the built-in models', () => {
    const patterns: string[] = [];
    for (const m of MODELS) {
      for (const s of m.sources ?? []) patterns.push(s.api);
      for (const s of m.sinks ?? []) if (s.call) patterns.push(s.call);
      for (const s of m.sanitizers ?? []) if (s.call) patterns.push(s.call);
      for (const h of m.handlers ?? []) if (h.register) patterns.push(h.register);
    }
    patterns.push('*.innerHTML', '{a,b}.c', 'solo', '{p,q}', 'x.*', '*.{get,post}');
    const index = new SegIndex<number>();
    patterns.forEach((p, i) => index.add(p, i));
    let compared = 0;
    let matched = 0;
    for (const p of patterns) {
      for (const path of pathsFor(p)) {
        const want = bruteForce(patterns, path);
        expect(index.match(path), `${p} → ${path.join('.')}`).toEqual(want);
        compared++;
        if (want.length > 0) matched++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(matched).toBeGreaterThan(500);
  });

  it('finds a leading-* pattern on any receiver, alternatives at either end, and one-segment patterns', () => {
    const index = new SegIndex<string>();
    index.add('*.innerHTML', 'dom');
    index.add('{fs,fsp}.readFile', 'read');
    index.add('express().{get,post}', 'route');
    index.add('{eval,execScript}', 'eval');
    expect(index.match(['?', 'el', 'innerHTML'])).toEqual(['dom']);
    expect(index.match(['fsp', 'readFile'])).toEqual(['read']);
    expect(index.match(['express', '()', 'post'])).toEqual(['route']);
    expect(index.match(['execScript'])).toEqual(['eval']);
    expect(index.match(['other', 'readFile'])).toEqual([]);
  });
});

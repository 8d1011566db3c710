import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeResults, encodeResults, type ChainLink, type JobResult } from '../../../src/server/writer/protocol.js';

/** The writer thread's answers: entry-only results travel as one string, everything else as JSON. */

const h = (n: number) => createHash('sha256').update(`entry ${n}`).digest('hex');
/** `count` links from `seq`, each chained to the one before. */
const chain = (seq: number, count: number): ChainLink[] => Array.from({ length: count }, (_, i) => ({ seq: seq + i, prevHash: h(seq + i - 1), hash: h(seq + i) }));

describe('encodeResults / decodeResults', () => {
  it('round-trips every kind of result, in order', () => {
    const results: JobResult[] = [
      { ok: true, entries: chain(10, 1) },
      { ok: true, entries: chain(11, 3) },
      { ok: true, entries: [] },
      { ok: false, error: { code: 'E_VAULT_CONFLICT', message: 'check-and-set failed', expected: 2, current: 3 } },
      { ok: true, entries: chain(14, 1), put: { version: 4, destroyed: [1] } },
      { ok: true, entries: [], checkpoint: { inserted: true, covered: 14 } },
      { ok: true, entries: [], root: { size: 14, root: h(99), more: false } },
    ];
    expect(decodeResults(encodeResults(results))).toEqual(results);
  });

  it('writes each hash of an entry-only result once, not an object per link', () => {
    const links = chain(1, 20);
    const text = encodeResults([{ ok: true, entries: links }]);
    expect(text).not.toContain('prevHash');
    expect(text.split(links[5]!.hash)).toHaveLength(2);
    expect(text.length).toBeLessThan(64 * 22 + 20);
  });

  it('keeps links that do not chain (not written by one job in order) as plain JSON', () => {
    const gap = [...chain(1, 2), ...chain(5, 1)];
    const broken = chain(1, 3).map((l, i) => (i === 2 ? { ...l, prevHash: h(77) } : l));
    for (const entries of [gap, broken]) {
      const text = encodeResults([{ ok: true, entries }]);
      expect(text).toContain('prevHash');
      expect(decodeResults(text)).toEqual([{ ok: true, entries }]);
    }
  });

  it('refuses text it could not have written', () => {
    expect(() => decodeResults('{"ok":true}')).toThrow(/not a list/);
    expect(() => decodeResults(JSON.stringify(['12:abc']))).toThrow(/malformed/);
    expect(() => decodeResults(JSON.stringify([`x:${h(1)}${h(2)}`]))).toThrow(/malformed/);
    expect(() => decodeResults(JSON.stringify([`:${h(1)}${h(2)}`]))).toThrow(/malformed/);
    expect(() => decodeResults(JSON.stringify([`3:${h(1)}`]))).toThrow(/malformed/);
    expect(() => decodeResults('[')).toThrow();
  });
});

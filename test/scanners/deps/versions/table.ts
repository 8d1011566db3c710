import { expect, it } from 'vitest';
import type { VersionScheme } from '../../../../src/scanners/deps/version.js';

/**
 * Table-driven checks shared by every scheme's test. A table holds:
 * - `chains`: lists in strictly ascending order; every pair (i < j) is checked both ways, and a
 *   shuffled copy must sort back into the list;
 * - `equal`: groups of spellings that must compare equal (normalisation);
 * - `less`: single [smaller, greater] pairs (edge cases from the specification);
 * - `invalid`: strings valid() refuses; compare() must still be total and not throw.
 */
export interface OrderingTable {
  chains: string[][];
  equal: string[][];
  less: [string, string][];
  invalid: string[];
}

/** Deterministic shuffle (mulberry32), so a failure reproduces. */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** Number of ordering cases (pairs) a table checks. */
export function caseCount(t: OrderingTable): number {
  const chainPairs = t.chains.reduce((n, c) => n + (c.length * (c.length - 1)) / 2, 0);
  const equalPairs = t.equal.reduce((n, g) => n + (g.length * (g.length - 1)) / 2, 0);
  return chainPairs + equalPairs + t.less.length + t.invalid.length;
}

export function runTable(scheme: VersionScheme, t: OrderingTable, minCases = 40): void {
  it(`holds at least ${minCases} cases (has ${caseCount(t)})`, () => {
    expect(caseCount(t)).toBeGreaterThanOrEqual(minCases);
  });

  it('orders every chain strictly, pair by pair', () => {
    const failures: string[] = [];
    for (const chain of t.chains) {
      for (let i = 0; i < chain.length; i++) {
        for (let j = i + 1; j < chain.length; j++) {
          const a = chain[i]!;
          const b = chain[j]!;
          if (sign(scheme.compare(a, b)) !== -1) failures.push(`${a} < ${b}`);
          if (sign(scheme.compare(b, a)) !== 1) failures.push(`${b} > ${a}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('sorts shuffled chains back into order', () => {
    t.chains.forEach((chain, k) => {
      for (const seed of [1, 7, 42]) {
        expect(shuffled(chain, seed + k).sort(scheme.compare)).toEqual(chain);
      }
    });
  });

  it('accepts every version of the chains and equal groups', () => {
    const refused = [...t.chains.flat(), ...t.equal.flat(), ...t.less.flat()].filter((v) => !scheme.valid(v));
    expect(refused).toEqual([]);
  });

  it('compares normalised spellings as equal', () => {
    const failures: string[] = [];
    for (const group of t.equal) {
      for (const a of group) {
        for (const b of group) {
          if (scheme.compare(a, b) !== 0) failures.push(`${a} == ${b}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('orders edge-case pairs', () => {
    const failures: string[] = [];
    for (const [a, b] of t.less) {
      if (sign(scheme.compare(a, b)) !== -1) failures.push(`${a} < ${b}`);
      if (sign(scheme.compare(b, a)) !== 1) failures.push(`${b} > ${a}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses invalid versions and still orders them deterministically, without throwing', () => {
    const accepted = t.invalid.filter((v) => scheme.valid(v));
    expect(accepted).toEqual([]);
    const someValid = t.chains[0]![0]!;
    for (const bad of t.invalid) {
      // Fallback order: an invalid version sorts before every valid one...
      expect(sign(scheme.compare(bad, someValid))).toBe(-1);
      expect(sign(scheme.compare(someValid, bad))).toBe(1);
      expect(scheme.compare(bad, bad)).toBe(0);
    }
    // ...and invalid versions among themselves by code units: a total, repeatable order.
    const sorted = [...t.invalid].sort(scheme.compare);
    expect([...t.invalid].reverse().sort(scheme.compare)).toEqual(sorted);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i - 1] !== sorted[i]) expect(sign(scheme.compare(sorted[i - 1]!, sorted[i]!))).toBe(-1);
    }
  });

  it('never throws on hostile input', () => {
    const hostile = [
      '',
      ' ',
      '\u0000',
      'x'.repeat(10_000),
      '9'.repeat(400),
      '1.'.repeat(5_000),
      '🙂',
      '1.0\n',
      null as unknown as string,
      undefined as unknown as string,
      42 as unknown as string,
      {} as unknown as string,
    ];
    for (const a of hostile) {
      expect(() => scheme.valid(a)).not.toThrow();
      for (const b of [...hostile, t.chains[0]![0]!]) {
        expect(() => scheme.compare(a, b)).not.toThrow();
        expect(Number.isFinite(scheme.compare(a, b))).toBe(true);
      }
    }
  });
}

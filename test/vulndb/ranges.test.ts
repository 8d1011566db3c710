import { describe, expect, it } from 'vitest';
import { compileRange, inRange, rangeText, semverOrder, schemeOrder, type CompiledRange } from '../../src/vulndb/ranges.js';
import type { StoredRange } from '../../src/vulndb/writer.js';
import type { VersionScheme } from '../../src/scanners/deps/version.js';

/** Dotted integers only: enough to test ECOSYSTEM ranges without any real scheme. */
const dotted: VersionScheme = {
  ecosystems: [],
  valid: (v) => /^\d+(\.\d+)*$/.test(v),
  compare: (a, b) => {
    const x = a.split('.').map(Number);
    const y = b.split('.').map(Number);
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      const d = (x[i] ?? 0) - (y[i] ?? 0);
      if (d) return d;
    }
    return 0;
  },
};

function semverRange(e: StoredRange['e']): CompiledRange {
  return compileRange({ t: 'S', e }, undefined)!;
}
function affected(r: CompiledRange, v: string): boolean {
  const key = r.order.parse(v);
  if (key === undefined) throw new Error(`unparsable ${v}`);
  return inRange(r, key);
}

describe('OSV range evaluation', () => {
  it('introduced "0" and fixed (exclusive), several intervals', () => {
    const r = semverRange([['i', '0'], ['f', '1.2.3'], ['i', '2.0.0'], ['f', '2.1.0']]);
    expect(['0.0.1', '1.2.2', '1.2.3', '1.9.9', '2.0.0', '2.0.9', '2.1.0', '3.0.0'].map((v) => affected(r, v))).toEqual([
      true, true, false, false, true, true, false, false,
    ]);
    expect(rangeText(r)).toBe('<1.2.3 || >=2.0.0 <2.1.0');
  });

  it('last_affected is inclusive', () => {
    const r = semverRange([['i', '1.0.0'], ['l', '1.1.0']]);
    expect(['0.9.0', '1.0.0', '1.1.0', '1.1.1'].map((v) => affected(r, v))).toEqual([false, true, true, false]);
    expect(rangeText(r)).toBe('>=1.0.0 <=1.1.0');
  });

  it('limit: nothing at or past the limit is affected', () => {
    const r = semverRange([['i', '2.0.0'], ['x', '3.0.0']]);
    expect(['1.0.0', '2.0.0', '2.9.9', '3.0.0', '4.0.0'].map((v) => affected(r, v))).toEqual([false, true, true, false, false]);
    expect(rangeText(r)).toBe('>=2.0.0 <3.0.0');
    const star = semverRange([['i', '0'], ['x', '*']]);
    expect(affected(star, '99.0.0')).toBe(true);
  });

  it('sorts events by version before walking them', () => {
    const r = semverRange([['f', '2.1.0'], ['i', '2.0.0'], ['f', '1.2.3'], ['i', '0']]);
    expect(affected(r, '1.0.0')).toBe(true);
    expect(affected(r, '1.5.0')).toBe(false);
    expect(affected(r, '2.0.5')).toBe(true);
  });

  it('never fixed: open-ended', () => {
    const r = semverRange([['i', '1.0.0']]);
    expect(affected(r, '0.9.0')).toBe(false);
    expect(affected(r, '100.0.0')).toBe(true);
    expect(rangeText(r)).toBe('>=1.0.0');
  });

  it('SEMVER ranges use SemVer precedence (prereleases, leading v, build metadata)', () => {
    const r = semverRange([['i', '0'], ['f', '1.21.9'], ['i', '1.22.0-0'], ['f', '1.22.2']]);
    expect(affected(r, 'v1.22.0-rc.1')).toBe(true);
    expect(affected(r, 'v1.21.9')).toBe(false);
    expect(affected(r, '1.22.1+incompatible')).toBe(true);
    expect(r.order).toBe(semverOrder);
  });

  it('ECOSYSTEM ranges use the scheme; GIT ranges compile to nothing', () => {
    const r = compileRange({ t: 'E', e: [['i', '1.0'], ['f', '1.10']] }, schemeOrder(dotted))!;
    expect(affected(r, '1.9')).toBe(true); // 1.9 < 1.10 numerically, not as text
    expect(affected(r, '1.10')).toBe(false);
    expect(compileRange({ t: 'E', e: [['i', '0']] }, undefined)).toBeUndefined();
    expect(compileRange({ t: 'G', e: [['i', '0'], ['f', 'abc']] }, schemeOrder(dotted))).toBeUndefined();
  });

  it('drops event versions the order cannot parse and lists them', () => {
    const r = compileRange({ t: 'E', e: [['i', '0'], ['f', 'not-a-version'], ['f', '2.0']] }, schemeOrder(dotted))!;
    expect(r.invalid).toEqual(['not-a-version']);
    expect(affected(r, '1.5')).toBe(true);
    expect(affected(r, '2.0')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { analyzeGemspec } from '../../../src/scanners/image/lang/ruby.js';
import { cpuTimed } from '../../helpers/cpu-time.js';

const PATH = 'usr/local/bundle/specifications/rack-2.2.8.gemspec';

/** name@version and licence read from a gemspec body (file name rack-2.2.8 as the fallback). */
function read(body: string): string {
  const p = analyzeGemspec(PATH, Buffer.from(`Gem::Specification.new do |s|\n${body}\nend\n`)).packages?.[0];
  return p ? `${p.name}@${p.version} ${p.license ?? '-'}` : 'none';
}

describe('image/lang/ruby string literals', () => {
  it('reads every literal form with escapes removed', () => {
    expect(read(`  s.name = "ra\\"ck".freeze\n  s.version = '1.0'`)).toBe('ra"ck@1.0 -');
    expect(read(`  s.name = %Q(rack)\n  s.version = %q{2.0}`)).toBe('rack@2.0 -');
    expect(read(`  s.licenses = ["MIT".freeze, 'Apache-2.0', %q{BSD-3-Clause}]`)).toBe('rack@2.2.8 MIT OR Apache-2.0 OR BSD-3-Clause');
  });

  it('nests %q brackets as Ruby does', () => {
    expect(read(`  s.name = %q{a{b}c}`)).toBe('a{b}c@2.2.8 -');
    expect(read(`  s.name = %q(a(b)c)`)).toBe('a(b)c@2.2.8 -');
  });

  it('an unterminated literal holds the rest of the line, so nothing after it is read', () => {
    expect(read(`  s.name = "rack 'evil'`)).toBe('rack@2.2.8 -');
    expect(read(`  s.licenses = ["MIT", %q{GPL-2.0 'x']`)).toBe('rack@2.2.8 MIT');
  });

  it('1 MB lines of unterminated literals finish quickly', () => {
    for (const rhs of ['%q{'.repeat(300_000), `"${'\\"'.repeat(400_000)}`, `'${"\\'".repeat(400_000)}`, '%Q('.repeat(300_000)]) {
      const { value, ms } = cpuTimed(() => read(`  s.name = ${rhs}`));
      expect(value).toBe('rack@2.2.8 -');
      expect(ms).toBeLessThan(1500);
    }
  });
});

/**
 * Synthetic test tokens for detector cases: a seeded generator, so cases are stable, and never a
 * value the engine's placeholder filter would drop (stopwords, runs, counting sequences).
 */
import { isPlaceholder } from '../../../src/scanners/secrets/filters.js';

export const HEX = '0123456789abcdef';
export const HEXU = '0123456789ABCDEF';
export const DIGITS = '0123456789';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const ALNUM = UPPER + LOWER + DIGITS;
export const LOWER_ALNUM = LOWER + DIGITS;
export const UPPER_ALNUM = UPPER + DIGITS;
export const B64URL = ALNUM + '_-';
export const B64 = ALNUM + '+/';

/** A generator seeded by a label: the same label always yields the same strings. */
export function gen(label: string) {
  let state = 2166136261;
  for (const c of label) state = Math.imul(state ^ c.charCodeAt(0), 16777619) >>> 0;
  const next = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** `n` random characters of `chars`, with a letter and a digit when `chars` has both. */
  const str = (chars: string, n: number): string => {
    const wantMix = /[0-9]/.test(chars) && /[A-Za-z]/.test(chars) && n >= 8;
    for (;;) {
      let s = '';
      for (let i = 0; i < n; i++) s += chars[Math.floor(next() * chars.length)];
      if (isPlaceholder(s)) continue;
      if (wantMix && !(/[0-9]/.test(s) && /[A-Za-z]/.test(s))) continue;
      if (/[-_]$/.test(s) || /^[-_]/.test(s)) continue; // keep token edges simple in contexts
      return s;
    }
  };
  const uuid = () => `${str(HEX, 8)}-${str(HEX, 4)}-4${str(HEX, 3)}-a${str(HEX, 3)}-${str(HEX, 12)}`;
  return { str, uuid, next };
}

/** Standard contexts a real token shows up in. */
export const ctx = {
  env: (name: string, v: string) => `${name}=${v}\n`,
  yaml: (name: string, v: string) => `config:\n  ${name}: "${v}"\n`,
  json: (name: string, v: string) => `{\n  "${name}": "${v}",\n  "debug": false\n}`,
  code: (name: string, v: string) => `const ${name} = '${v}';\n`,
  py: (name: string, v: string) => `${name} = "${v}"\n`,
  header: (v: string) => `curl -H "Authorization: Bearer ${v}" https://api.internal.test/v1/items`,
};

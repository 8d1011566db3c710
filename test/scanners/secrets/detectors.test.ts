import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import { ALL_DETECTORS } from '../../../src/scanners/secrets/detectors/index.js';
import { SecretEngine } from '../../../src/scanners/secrets/engine.js';
import type { FamilyCases } from './detector-cases.js';

const here = join(dirname(fileURLToPath(import.meta.url)), 'detectors');
const files = readdirSync(here).filter((f) => f.endsWith('.cases.ts'));
const all: FamilyCases = {};
for (const f of files) {
  const mod = (await import(join(here, f))) as { cases: FamilyCases };
  for (const [id, c] of Object.entries(mod.cases)) {
    if (all[id]) throw new Error(`duplicate cases for ${id} in ${f}`);
    all[id] = c;
  }
}

const engine = new SecretEngine(ALL_DETECTORS);
const idsIn = (text: string) => new Set(engine.scan(Buffer.from(text, 'utf8')).map((m) => m.detectorId));

describe('secret detectors registry', () => {
  it('has unique, well-formed ids', () => {
    const ids = ALL_DETECTORS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of ALL_DETECTORS) {
      expect(d.id).toMatch(/^secrets\/[a-z0-9-]+\/[a-z0-9-]+$/);
      expect(d.keywords.length).toBeGreaterThan(0);
      expect(d.cwe.length).toBeGreaterThan(0);
      expect(d.title.length).toBeGreaterThan(0);
      expect(d.description.length).toBeGreaterThan(0);
      expect(d.remediation.length).toBeGreaterThan(0);
    }
  });
  it('every detector has flagged and clean cases, and every case names a detector', () => {
    for (const d of ALL_DETECTORS) {
      expect(all[d.id], `cases for ${d.id}`).toBeDefined();
      expect(all[d.id]!.flagged.length, `flagged cases for ${d.id}`).toBeGreaterThan(0);
      expect(all[d.id]!.clean.length, `clean cases for ${d.id}`).toBeGreaterThan(0);
    }
    const known = new Set(ALL_DETECTORS.map((d) => d.id));
    for (const id of Object.keys(all)) expect(known.has(id), `cases name unknown detector ${id}`).toBe(true);
  });
});

describe.each(Object.entries(all))('%s', (id, c) => {
  it.each(c.flagged.map((t, i) => [i, t] as const))('flags example %i', (_i, text) => {
    expect(idsIn(text).has(id)).toBe(true);
  });
  it.each(c.clean.map((t, i) => [i, t] as const))('stays quiet on example %i', (_i, text) => {
    expect(idsIn(text).has(id)).toBe(false);
  });
});

describe('detector patterns', () => {
  it('every pattern compiles under RE2 with its flags', async () => {
    const { default: RE2 } = await import('re2');
    for (const d of ALL_DETECTORS) expect(() => new RE2(d.pattern, 'gd' + (d.flags ?? '')), d.id).not.toThrow();
  });
});

import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dockerfileRules } from '../../../../src/scanners/iac/rules/dockerfile/index.js';
import { isSeverity } from '../../../../src/core/severity.js';
import { cases } from './cases.js';

const dir = fileURLToPath(new URL('../../../../src/scanners/iac/rules/dockerfile/', import.meta.url));
const HELPERS = new Set(['index.ts', 'rule.ts', 'shell.ts', 'secret-names.ts', 'base-image.ts']);

describe('dockerfile rule registry', () => {
  it('ids are unique, well-formed and match their file', () => {
    const ids = dockerfileRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !HELPERS.has(f)).map((f) => `iac/dockerfile/${f.slice(0, -3)}`);
    expect([...ids].sort()).toEqual(files.sort());
    for (const id of ids) expect(id).toMatch(/^iac\/dockerfile\/[a-z0-9-]+$/);
  });

  it('every rule has metadata', () => {
    for (const r of dockerfileRules) {
      expect(r.title.length, r.id).toBeGreaterThan(5);
      expect(isSeverity(r.severity), r.id).toBe(true);
      expect(r.cwe.length, r.id).toBeGreaterThan(0);
      expect(r.description.length, r.id).toBeGreaterThan(30);
      expect(r.remediation.length, r.id).toBeGreaterThan(10);
    }
  });

  it('every rule has a flagged and a clean case, and no case names an unknown rule', () => {
    for (const r of dockerfileRules) {
      expect(cases[r.id]?.flagged.length ?? 0, r.id).toBeGreaterThan(0);
      expect(cases[r.id]?.clean.length ?? 0, r.id).toBeGreaterThan(0);
    }
    const ids = new Set(dockerfileRules.map((r) => r.id));
    for (const id of Object.keys(cases)) expect(ids.has(id), id).toBe(true);
  });
});

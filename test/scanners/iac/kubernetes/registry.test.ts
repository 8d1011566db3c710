import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { isSeverity } from '../../../../src/core/severity.js';
import { kubernetesRules } from '../../../../src/scanners/iac/rules/kubernetes/index.js';
import { CASES } from './cases.js';

const here = dirname(fileURLToPath(import.meta.url));
const rulesDir = join(here, '../../../../src/scanners/iac/rules/kubernetes');

describe('kubernetes rule registry', () => {
  test('at least 45 rules, ids unique and well-formed', () => {
    expect(kubernetesRules.length).toBeGreaterThanOrEqual(45);
    const ids = kubernetesRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^iac\/kubernetes\/[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  test('every rule file is listed in index.ts, and file name = rule name', () => {
    const files = readdirSync(rulesDir)
      .filter((f) => f.endsWith('.ts') && !['index.ts', 'types.ts', 'util.ts'].includes(f))
      .map((f) => f.slice(0, -3))
      .sort();
    expect(kubernetesRules.map((r) => r.id.slice('iac/kubernetes/'.length)).sort()).toEqual(files);
  });

  test.each(kubernetesRules.map((r) => [r.id, r] as const))('%s has metadata', (_id, r) => {
    expect(isSeverity(r.severity)).toBe(true);
    expect(r.cwe.length).toBeGreaterThan(0);
    for (const c of r.cwe) expect(Number.isInteger(c) && c > 0).toBe(true);
    expect(r.title.length).toBeGreaterThan(5);
    expect(r.description.length).toBeGreaterThan(30);
    expect(r.remediation.length).toBeGreaterThan(10);
    expect(r.references?.length ?? 0).toBeGreaterThan(0);
  });

  test('every rule has exactly one flagged and one clean case', () => {
    const names = CASES.map((c) => c.rule);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(kubernetesRules.map((r) => r.id.slice('iac/kubernetes/'.length)).sort());
    for (const c of CASES) {
      expect(c.flagged).toMatch(/#!/);
      expect(c.clean).not.toMatch(/#!/);
    }
  });
});

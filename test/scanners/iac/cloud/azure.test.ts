/**
 * Azure rules through the real Terraform loader: metadata, one flagged/clean case per rule, and
 * every clean configuration passing every Azure rule (a clean file is clean for all of them).
 */
import { describe, expect, test } from 'vitest';
import { azureRules } from '../../../../src/scanners/iac/rules/azure/index.js';
import { cloudRules } from '../../../../src/scanners/iac/rules/cloud/index.js';
import { azureCases } from './azure-cases.js';
import { auditTerraform, describeCloudCases } from './harness.js';

describe('Azure rule set', () => {
  test('has at least 45 rules with unique kebab-case ids', () => {
    expect(azureRules.length).toBeGreaterThanOrEqual(45);
    const ids = azureRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^iac\/azure\/[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  test('every rule carries complete metadata for azurerm types', () => {
    for (const r of azureRules) {
      expect(r.provider, r.id).toBe('azure');
      expect(r.title.length, r.id).toBeGreaterThan(10);
      expect(['critical', 'high', 'medium', 'low'], r.id).toContain(r.severity);
      expect(r.cwe.length, r.id).toBeGreaterThan(0);
      expect(r.description.length, r.id).toBeGreaterThan(40);
      expect(r.remediation, r.id).toMatch(/`/);
      expect(r.references?.length, r.id).toBeGreaterThan(0);
      for (const ref of r.references ?? []) expect(ref, r.id).toMatch(/^https:\/\/registry\.terraform\.io\/providers\/hashicorp\/azurerm\/latest\/docs\/resources\/[a-z0-9_]+$/);
      expect(r.types.length, r.id).toBeGreaterThan(0);
      for (const t of r.types) expect(t, r.id).toMatch(/^azurerm_[a-z0-9_]+$/);
    }
  });

  test('every rule has exactly one Terraform case', () => {
    const cased = azureCases.map((c) => `iac/${c.rule}`);
    expect(new Set(cased).size).toBe(cased.length);
    expect([...cased].sort()).toEqual(azureRules.map((r) => r.id).sort());
  });

  test('is part of the cloud rule list', () => {
    for (const r of azureRules) expect(cloudRules).toContain(r);
  });
});

describe('clean configurations pass every Azure rule, not only their own', () => {
  test.each(azureCases.filter((c) => c.tf).map((c) => [c.rule, c.tf!.clean] as const))('%s', async (_rule, clean) => {
    const a = await auditTerraform(clean, azureRules);
    expect(a.findings.map((f) => `${f.ruleId} line ${f.location.startLine}: ${f.message}`)).toEqual([]);
  });
});

describeCloudCases(azureCases, azureRules);

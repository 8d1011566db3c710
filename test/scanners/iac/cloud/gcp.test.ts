import { describe, expect, test } from 'vitest';
import { gcpRules } from '../../../../src/scanners/iac/rules/gcp/index.js';
import { gcpCases } from './gcp-cases.js';
import { describeCloudCases } from './harness.js';

describe('gcp rule set', () => {
  test('ids are unique, lowercase kebab under iac/gcp/', () => {
    const ids = gcpRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^iac\/gcp\/[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(ids.length).toBeGreaterThanOrEqual(45);
  });

  test('every rule carries complete metadata', () => {
    for (const r of gcpRules) {
      expect(r.provider, r.id).toBe('gcp');
      expect(r.title.length, r.id).toBeGreaterThan(5);
      expect(r.description.length, r.id).toBeGreaterThan(40);
      expect(r.remediation.length, r.id).toBeGreaterThan(10);
      expect(r.cwe.length, r.id).toBeGreaterThan(0);
      expect(r.references?.some((u) => u.startsWith('https://registry.terraform.io/providers/hashicorp/google/')), r.id).toBe(true);
      expect(r.types.length, r.id).toBeGreaterThan(0);
      for (const t of r.types) expect(t, r.id).toMatch(/^google_[a-z0-9_]+$/);
    }
  });

  test('every rule has exactly one case', () => {
    const cased = gcpCases.map((c) => `iac/${c.rule}`);
    expect(new Set(cased).size).toBe(cased.length);
    expect(cased.sort()).toEqual(gcpRules.map((r) => r.id).sort());
  });
});

describeCloudCases(gcpCases, gcpRules);

import { describe, expect, test } from 'vitest';
import { auditKubernetes, kubernetesRules } from '../../../../src/scanners/iac/rules/kubernetes/index.js';
import { CASES, markedLines } from './cases.js';

const byName = new Map(kubernetesRules.map((r) => [r.id.slice('iac/kubernetes/'.length), r]));

describe.each(CASES)('iac/kubernetes/$rule', (c) => {
  const rule = byName.get(c.rule);

  test('exists', () => {
    expect(rule, `no rule ${c.rule}`).toBeDefined();
  });

  test('flags the marked lines', () => {
    const r = auditKubernetes('k8s/flagged.yaml', c.flagged, [rule!]);
    expect(r.issues).toEqual([]);
    const expected = markedLines(c.flagged);
    expect(expected.length).toBeGreaterThan(0);
    expect(r.findings.map((f) => f.location.startLine).sort((a, b) => a - b)).toEqual(expected);
    for (const f of r.findings) {
      expect(f.ruleId).toBe(rule!.id);
      expect(f.location.path).toBe('k8s/flagged.yaml');
      expect(f.location.startColumn).toBeGreaterThan(0);
    }
  });

  test('passes the clean manifest', () => {
    const r = auditKubernetes('k8s/clean.yaml', c.clean, [rule!]);
    expect(r.issues).toEqual([]);
    expect(r.findings.map((f) => `${f.location.startLine}: ${f.message}`)).toEqual([]);
  });
});

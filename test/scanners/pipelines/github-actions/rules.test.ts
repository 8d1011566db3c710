import { describe, expect, it } from 'vitest';
import { auditGithubActions, GITHUB_ACTIONS_RULES } from '../../../../src/scanners/pipelines/github-actions/index.js';
import { CASES } from './cases.js';

const PREFIX = 'pipelines/github-actions/';
const markedLines = (yaml: string): number[] =>
  yaml.split('\n').flatMap((l, i) => (/#!\s*$/.test(l) ? [i + 1] : []));

describe('GitHub Actions rules', () => {
  for (const [name, cases] of Object.entries(CASES)) {
    const id = PREFIX + name;
    describe(name, () => {
      cases.flagged.forEach((c, i) => {
        it(`flags example ${i + 1} on the marked lines`, () => {
          const r = auditGithubActions(c.path ?? '.github/workflows/ci.yml', c.yaml);
          expect(r.issues).toEqual([]);
          const lines = r.findings.filter((f) => f.ruleId === id).map((f) => f.location.startLine);
          expect(lines.sort((a, b) => a - b)).toEqual(markedLines(c.yaml));
        });
      });
      cases.clean.forEach((c, i) => {
        it(`leaves clean example ${i + 1} alone`, () => {
          const r = auditGithubActions(c.path ?? '.github/workflows/ci.yml', c.yaml);
          expect(r.issues).toEqual([]);
          expect(r.findings.filter((f) => f.ruleId === id)).toEqual([]);
        });
      });
    });
  }
});

describe('GitHub Actions rule registry', () => {
  it('has at least 20 rules with unique ids, CWE, description, remediation', () => {
    expect(GITHUB_ACTIONS_RULES.length).toBeGreaterThanOrEqual(20);
    const ids = GITHUB_ACTIONS_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of GITHUB_ACTIONS_RULES) {
      expect(r.id).toMatch(/^pipelines\/github-actions\/[a-z0-9-]+$/);
      expect(r.cwe.length, r.id).toBeGreaterThan(0);
      expect(r.title.length, r.id).toBeGreaterThan(10);
      expect(r.description.length, r.id).toBeGreaterThan(40);
      expect(r.remediation.length, r.id).toBeGreaterThan(20);
    }
  });

  it('every rule has a flagged and a clean case, and every case names a rule', () => {
    const names = GITHUB_ACTIONS_RULES.map((r) => r.id.slice(PREFIX.length)).sort();
    expect(Object.keys(CASES).sort()).toEqual(names);
    for (const [name, c] of Object.entries(CASES)) {
      expect(c.flagged.length, name).toBeGreaterThan(0);
      expect(c.clean.length, name).toBeGreaterThan(0);
      for (const f of c.flagged) expect(markedLines(f.yaml).length, name).toBeGreaterThan(0);
    }
  });
});

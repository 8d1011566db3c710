import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GITLAB_CI_RULES } from '../../../../src/scanners/pipelines/gitlab-ci/index.js';

describe('GitLab CI rule registry', () => {
  it('has at least 8 rules with unique ids and full metadata', () => {
    expect(GITLAB_CI_RULES.length).toBeGreaterThanOrEqual(8);
    const ids = GITLAB_CI_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of GITLAB_CI_RULES) {
      expect(r.id).toMatch(/^pipelines\/gitlab-ci\/[a-z0-9-]+$/);
      expect(r.title.length).toBeGreaterThan(5);
      expect(r.cwe.length).toBeGreaterThan(0);
      expect(r.description.length).toBeGreaterThan(40);
      expect(r.remediation.length).toBeGreaterThan(20);
      expect(['critical', 'high', 'medium', 'low', 'info']).toContain(r.severity);
      expect('check' in r).toBe(false);
    }
  });

  it('lists every rule file and every rule has its own test file', () => {
    const dir = fileURLToPath(new URL('../../../../src/scanners/pipelines/gitlab-ci/rules/', import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !['index.ts', 'types.ts', 'variables.ts'].includes(f));
    const names = GITLAB_CI_RULES.map((r) => r.id.split('/')[2]);
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual([...names].sort());
    const tests = readdirSync(fileURLToPath(new URL('.', import.meta.url)));
    for (const n of names) expect(tests).toContain(`${n}.test.ts`);
  });
});

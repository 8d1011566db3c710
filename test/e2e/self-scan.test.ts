import { describe, expect, it } from 'vitest';
import { runCli, REPO_ROOT } from '../helpers/cli.js';

// We are a security tool: our own code must pass our own scanners (rampart.yaml at the repo root
// sets failOn: low and excludes only the demo project and test fixtures).
describe('self-scan', () => {
  it('rampart scan of this repository has no findings and no scan issues', async () => {
    const r = await runCli(['scan', REPO_ROOT, '--format', 'json']);
    const j = JSON.parse(r.stdout) as { findings: unknown[]; issues: { kind: string }[] };
    expect(j.findings).toEqual([]);
    expect(j.issues.filter((i) => i.kind !== 'skipped-binary')).toEqual([]);
    expect(r.code).toBe(0);
  });
});

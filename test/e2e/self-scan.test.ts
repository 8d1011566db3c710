import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli, REPO_ROOT } from '../helpers/cli.js';
import { tmpTrees } from '../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

// We are a security tool: our own code must pass our own scanners (rampart.yaml at the repo root
// sets failOn: low and excludes only the demo project and test fixtures). The vulnerability DB
// here holds only the demo's advisories (CI has no OSV download), so the deps part proves that
// our own lockfile parses cleanly and matches nothing it should not.
describe('self-scan', () => {
  it('rampart scan of this repository has no findings and no scan issues', async () => {
    const db = join(trees.make({}), 'v.sqlite');
    expect((await runCli(['db', 'import', join(REPO_ROOT, 'examples/demo/advisories'), '--db', db])).code).toBe(0);
    const r = await runCli(['scan', REPO_ROOT, '--db', db, '--format', 'json']);
    const j = JSON.parse(r.stdout) as { findings: unknown[]; issues: { kind: string }[]; packages?: unknown };
    expect(j.findings).toEqual([]);
    expect(j.issues.filter((i) => i.kind !== 'skipped-binary')).toEqual([]);
    expect(r.code).toBe(0);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../../src/core/finding.js';
import type { ScanContext, ScanIssue, SourceFile } from '../../../src/core/scanner.js';
import { pipelinesScanner } from '../../../src/scanners/pipelines/index.js';
import { tmpTrees } from '../../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

async function scan(files: Record<string, string>) {
  const root = trees.make(files);
  const accepted: SourceFile[] = Object.keys(files)
    .map((p) => ({ path: p, absPath: join(root, p), size: statSync(join(root, p)).size }))
    .filter((f) => pipelinesScanner.accepts(f));
  const issues: ScanIssue[] = [];
  const reads: string[] = [];
  const ctx: ScanContext = {
    root,
    showSecrets: false,
    options: {},
    threads: 1,
    issue: (i) => issues.push(i),
    directives: () => {},
    fileRead: (_b, _bin, p) => reads.push(p ?? ''),
  };
  const findings: Finding[] = [];
  for await (const f of pipelinesScanner.scan(accepted, ctx)) findings.push(f);
  return { accepted: accepted.map((f) => f.path), findings, issues, reads };
}

describe('pipelines scanner', () => {
  it('accepts workflows, actions and GitLab CI files only', async () => {
    const r = await scan({
      '.github/workflows/ci.yml': 'on: push\npermissions: {}\njobs: {}\n',
      '.github/workflows/README.md': '# no\n',
      'tools/fmt/action.yaml': 'name: fmt\nruns:\n  using: node20\n  main: index.js\n',
      '.gitlab-ci.yml': 'test:\n  script: [make]\n',
      'docs/ci.yml': 'on: push\n',
    });
    expect(r.accepted.sort()).toEqual(['.github/workflows/ci.yml', '.gitlab-ci.yml', 'tools/fmt/action.yaml']);
    expect(r.reads.sort()).toEqual(r.accepted.sort());
  });

  it('yields GitHub Actions findings with path, line, CWE and a stable fingerprint', async () => {
    const wf = 'on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/tool@v1\n';
    const one = await scan({ '.github/workflows/x.yml': wf });
    const two = await scan({ '.github/workflows/x.yml': `# moved\n\n${wf}` });
    expect(one.findings.map((f) => [f.ruleId, f.location.startLine])).toEqual([['pipelines/github-actions/unpinned-action', 7]]);
    expect(one.findings[0]!.cwe).toEqual([829]);
    expect(two.findings[0]!.location.startLine).toBe(9);
    expect(two.findings[0]!.fingerprint).toBe(one.findings[0]!.fingerprint);
  });

  it('reports a broken workflow as an issue and goes on with the others', async () => {
    const r = await scan({
      '.github/workflows/bad.yml': 'on: push\njobs:\n  a: [\n',
      '.github/workflows/ok.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/tool@main\n',
    });
    expect(r.issues.map((i) => i.path)).toContain('.github/workflows/bad.yml');
    expect(r.findings.map((f) => f.location.path)).toEqual(['.github/workflows/ok.yml', '.github/workflows/ok.yml']);
  });

  it('audits GitLab CI with local includes, each hit once', async () => {
    const r = await scan({
      '.gitlab-ci.yml': 'include:\n  - local: .gitlab/ci/build.yml\ntest:\n  image: python\n  script: [pytest]\n',
      '.gitlab/ci/build.yml': 'build:\n  image: golang:latest\n  script: [go build]\n',
    });
    const gl = r.findings.filter((f) => f.ruleId.startsWith('pipelines/gitlab-ci/'));
    expect(gl.length).toBeGreaterThan(0);
    const keys = gl.map((f) => `${f.ruleId}@${f.location.path}:${f.location.startLine}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('pipelines/gitlab-ci/unpinned-image@.gitlab/ci/build.yml:2');
  });

  it('lists GitHub Actions and GitLab CI rules', () => {
    const ids = pipelinesScanner.rules().map((r) => r.id);
    expect(ids.filter((i) => i.startsWith('pipelines/github-actions/')).length).toBeGreaterThanOrEqual(20);
    expect(ids.some((i) => i.startsWith('pipelines/gitlab-ci/'))).toBe(true);
  });
});

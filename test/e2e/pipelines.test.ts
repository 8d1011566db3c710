import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tmpTrees } from '../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

interface Report {
  findings: { ruleId: string; severity: string; location: { path: string; startLine: number } }[];
  issues: { path: string; kind: string; line?: number; message: string }[];
}

const PIN = 'b4ffde65f46336ab88eb53be808477a3936bae11';

const VULNERABLE = `name: pr-bot
on:
  pull_request_target:
    types: [opened, synchronize]
permissions: write-all
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${PIN}
        with:
          ref: \${{ github.event.pull_request.head.sha }}
          persist-credentials: false
      - run: echo "Testing \${{ github.event.pull_request.title }}"
      - uses: some-org/lint-action@v2
`;

const CLEAN = `name: ci
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${PIN} # v4
        with:
          persist-credentials: false
      - env:
          TITLE: \${{ github.event.pull_request.title }}
        run: echo "$TITLE" && make test
`;

describe('pipelines scanner end to end', () => {
  it('reports the vulnerable workflow with lines and exits 1', async () => {
    const dir = trees.make({ '.github/workflows/pr.yml': VULNERABLE, 'README.md': '# x\n' });
    const r = await runCli(['scan', dir, '--scanners', 'pipelines', '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const rep = JSON.parse(r.stdout) as Report;
    const got = rep.findings.map((f) => `${f.ruleId}:${f.location.startLine}`).sort();
    expect(got).toEqual(
      [
        'pipelines/github-actions/excessive-permissions:5',
        'pipelines/github-actions/untrusted-checkout:12',
        'pipelines/github-actions/expression-injection:14',
        'pipelines/github-actions/unpinned-action:15',
      ].sort(),
    );
    expect(rep.findings.every((f) => f.location.path === '.github/workflows/pr.yml')).toBe(true);
  });

  it('a clean workflow exits 0; a broken one is an issue naming file and line', async () => {
    const dir = trees.make({ '.github/workflows/ci.yml': CLEAN, '.github/workflows/broken.yml': 'on: push\njobs:\n  a:\n    runs-on: x\n  a:\n    runs-on: y\n' });
    const r = await runCli(['scan', dir, '--scanners', 'pipelines', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as Report;
    expect(rep.findings).toEqual([]);
    expect(rep.issues).toEqual([expect.objectContaining({ path: '.github/workflows/broken.yml', line: 5, kind: 'unparsable' })]);
  });

  it('an inline rampart:ignore with a reason suppresses the finding on the next line', async () => {
    const wf = `on: push
permissions: {}
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      # rampart:ignore pipelines/github-actions/unpinned-action -- internal action, tags are protected
      - uses: acme/lint@v3
`;
    const dir = trees.make({ '.github/workflows/lint.yml': wf });
    const r = await runCli(['scan', dir, '--scanners', 'pipelines', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as Report & { suppressed: { finding: { ruleId: string } }[] };
    expect(rep.findings).toEqual([]);
    expect(rep.suppressed.map((s) => s.finding.ruleId)).toEqual(['pipelines/github-actions/unpinned-action']);
  });

  it('lists the pipeline rules', async () => {
    const r = await runCli(['rules', '--scanner', 'pipelines', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('pipelines/github-actions/expression-injection');
  });
});

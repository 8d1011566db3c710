import { afterAll, describe, expect, it } from 'vitest';
import { runScan } from '../../src/core/scan.js';
import { UsageError } from '../../src/core/errors.js';
import { tmpTrees } from '../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

const WORKFLOW = [
  'on: pull_request_target',
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '        with:',
  '          ref: ${{ github.event.pull_request.head.sha }}',
  '      - run: echo "${{ github.event.pull_request.title }}"',
  '',
].join('\n');

describe('runScan with scanners loaded on demand', () => {
  it('runs only the named scanner and reports only its rules', async () => {
    const dir = trees.make({ '.github/workflows/ci.yml': WORKFLOW, 'Dockerfile': 'FROM node\n' });
    const r = await runScan({ path: dir, scanners: ['pipelines'], threads: 1, failOn: 'none' });
    expect(r.scanners).toEqual(['pipelines']);
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r.findings.every((f) => f.scanner === 'pipelines')).toBe(true);
    expect(r.rules.length).toBeGreaterThan(0);
    expect(r.rules.every((rule) => rule.id.startsWith('pipelines/'))).toBe(true);
  }, 60_000);

  it('collects rules from a scanner whose rulesFor is async (iac)', async () => {
    const dir = trees.make({ 'Dockerfile': 'FROM node\nUSER root\n' });
    const r = await runScan({ path: dir, scanners: ['iac'], threads: 1, failOn: 'none' });
    expect(r.scanners).toEqual(['iac']);
    expect(r.rules.length).toBeGreaterThan(0);
    expect(r.rules.every((rule) => rule.id.startsWith('iac/'))).toBe(true);
    expect(r.findings.every((f) => f.scanner === 'iac')).toBe(true);
    expect(r.findings.length).toBeGreaterThan(0);
  }, 60_000);

  it('an unknown scanner is a usage error naming the known ones', async () => {
    const dir = trees.make({ 'a.txt': 'x\n' });
    await expect(runScan({ path: dir, scanners: ['pipeline'] })).rejects.toThrow(UsageError);
    await expect(runScan({ path: dir, scanners: ['pipeline'] })).rejects.toThrow('available: secrets, deps, iac, pipelines, sast');
  });
});

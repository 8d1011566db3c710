import { describe, expect, it } from 'vitest';
import { auditGithubActions, parseGithubActions } from '../../../../src/scanners/pipelines/github-actions/index.js';
import { contextRefs, isAttackerControlled } from '../../../../src/scanners/pipelines/github-actions/contexts.js';
import { cpuTimed } from '../../../helpers/cpu-time.js';

const WF = '.github/workflows/ci.yml';

function parse(text: string, path = WF) {
  const r = parseGithubActions(path, text);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.workflow;
}

describe('workflow model', () => {
  it('reads triggers written as a string, a list and a map', () => {
    expect([...parse('on: push\njobs: {}\n').triggers.keys()]).toEqual(['push']);
    expect([...parse('on: [push, pull_request_target]\njobs: {}\n').triggers.keys()]).toEqual(['push', 'pull_request_target']);
    const m = parse(`on:
  push:
    tags: ['v*']
  workflow_run:
    workflows: [CI]
  workflow_call:
    inputs:
      n: { type: number }
jobs: {}
`);
    expect([...m.triggers.keys()]).toEqual(['push', 'workflow_run', 'workflow_call']);
    expect(m.triggers.get('push')!.filters.get('tags')!.map((s) => s.value)).toEqual(['v*']);
    expect(m.triggers.get('workflow_call')!.inputs.get('n')).toBe('number');
  });

  it('keeps positions of jobs, steps, permissions, containers and reusable calls', () => {
    const w = parse(`on: push
permissions:
  contents: read
jobs:
  build:
    runs-on:
      labels: [self-hosted, big]
    permissions: write-all
    container:
      image: node:20
      credentials: { username: u, password: p }
    services:
      redis:
        image: redis:7
    steps:
      - id: one
        uses: actions/checkout@v4
        with: { fetch-depth: 0 }
      - run: make
  call:
    uses: ./.github/workflows/x.yml
    secrets: inherit
`);
    expect(w.permissions).toMatchObject({ kind: 'map' });
    const [build, call] = w.jobs;
    expect(build!.pos.line).toBe(5);
    expect(build!.runsOn.map((s) => s.value)).toEqual(['self-hosted', 'big']);
    expect(build!.permissions).toMatchObject({ kind: 'all', value: { value: 'write-all', pos: { line: 8 } } });
    expect(build!.container!.credentials!.password!.value).toBe('p');
    expect(build!.services.map((s) => s.name)).toEqual(['redis']);
    expect(build!.steps[0]).toMatchObject({ id: 'one', index: 0, uses: { value: 'actions/checkout@v4', pos: { line: 17, column: 15 } } });
    expect(build!.steps[0]!.with.get('fetch-depth')!.value).toBe('0');
    expect(build!.steps[1]!.run!.pos.line).toBe(19);
    expect(call!.uses!.value).toBe('./.github/workflows/x.yml');
    expect(call!.secretsInherit!.pos.line).toBe(22);
  });

  it('models a composite action as one job of steps', () => {
    const a = parse(`name: x
inputs:
  who: { description: who }
runs:
  using: composite
  steps:
    - run: echo hi
      shell: bash
`, 'sub/action.yml');
    expect(a.kind).toBe('action');
    expect(a.jobs[0]!.steps[0]!.run!.value).toBe('echo hi');
    expect([...a.actionInputs.keys()]).toEqual(['who']);
  });
});

describe('bad input', () => {
  it('invalid YAML is an issue naming the file and line', () => {
    const r = auditGithubActions(WF, 'on: push\njobs:\n  a:\n    steps: [\n');
    expect(r.findings).toEqual([]);
    expect(r.issues.length).toBeGreaterThan(0);
    expect(r.issues[0]).toMatchObject({ path: WF, kind: 'unparsable' });
    expect(r.issues[0]!.line).toBeGreaterThan(0);
    expect(r.issues[0]!.message).toContain(WF);
  });

  it('duplicate keys are an issue with the line of the duplicate', () => {
    const r = auditGithubActions(WF, 'on: push\njobs:\n  a:\n    runs-on: x\n  a:\n    runs-on: y\n');
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ line: 5, kind: 'unparsable' });
  });

  it('an alias bomb is refused quickly', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const { value: r, ms } = cpuTimed(() => auditGithubActions(WF, `${levels.join('\n')}\non: push\njobs: {}\n`));
    expect(ms).toBeLessThan(2000);
    expect(r.issues[0]!.message).toMatch(/alias/i);
  });

  it('odd shapes in the right places never make a rule fail', () => {
    const odd = `on: 5
permissions: 7
env: "x"
jobs:
  a:
    runs-on: { group: big }
    permissions: [read]
    container: 3
    services: [x]
    secrets: { A: b }
    outputs: [1]
    steps:
      - 1
      - null
      - run: 123
        uses: 5
        with: [a]
        env: text
        if: true
  b:
    uses: 9
`;
    const r = auditGithubActions(WF, odd);
    expect(r.issues).toEqual([]);
    const a = auditGithubActions('x/action.yml', 'runs:\n  using: composite\n  steps: {}\ninputs: [1]\n');
    expect(a.issues).toEqual([]);
  });

  it('empty and non-mapping files do not throw', () => {
    expect(auditGithubActions(WF, '').issues).toEqual([]);
    expect(auditGithubActions(WF, '- a\n- b\n').issues[0]!.kind).toBe('unparsable');
    expect(auditGithubActions(WF, 'on: push\njobs:\n  a: 3\n  b:\n    steps: 7\n').issues).toEqual([]);
  });
});

describe('contexts', () => {
  it('normalises indexes and ignores functions and string literals', () => {
    expect(contextRefs("github.event.commits[0].message")).toEqual(['github.event.commits.*.message']);
    expect(contextRefs("contains(github.event['pull_request'].title, 'x.y')")).toEqual(['github.event.pull_request.title']);
    expect(contextRefs("github.actor == 'dependabot[bot]'")).toEqual(['github.actor']);
  });

  it('knows which contexts an outsider controls', () => {
    for (const c of ['github.event.issue.title', 'github.head_ref', 'github.event.pull_request.head.ref', 'github.event.commits.*.author.email', 'github.event.workflow_run.head_branch', 'github.event.pages.*.page_name'])
      expect(isAttackerControlled(c), c).toBe(true);
    expect(isAttackerControlled('github.event.issue', true)).toBe(true);
    expect(isAttackerControlled('github.event.issue')).toBe(false);
    for (const c of ['github.event.pull_request.head.sha', 'github.event.issue.number', 'github.repository', 'inputs.name', 'github.sha'])
      expect(isAttackerControlled(c), c).toBe(false);
  });
});

import { describe, expect, test } from 'vitest';
import { isKubernetesManifest, parseManifests } from '../../../../src/scanners/iac/formats/kubernetes/parse.js';
import { auditKubernetes } from '../../../../src/scanners/iac/rules/kubernetes/index.js';
import { cpuTimed } from '../../../helpers/cpu-time.js';

const TWO_DOCS = `# leading comment
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: app:1
      containers:
        - name: web
          image: app:1
        - name: sidecar
          image: proxy:2
---
`;

describe('parseManifests', () => {
  test('multi-document YAML keeps objects, names, namespaces and positions', () => {
    const { objects, issues } = parseManifests('m.yaml', TWO_DOCS);
    expect(issues).toEqual([]);
    expect(objects.map((o) => [o.kind, o.name, o.namespace, o.pos.line])).toEqual([
      ['Namespace', 'shop', undefined, 2],
      ['Deployment', 'web', 'shop', 7],
    ]);
    const ps = objects[1]!.podSpec!;
    expect(ps.path).toBe('spec.template.spec');
    expect(ps.pos.line).toBe(14);
    expect(ps.containers.map((c) => [c.group, c.name, c.node.pos.line, c.path])).toEqual([
      ['containers', 'web', 19, 'spec.template.spec.containers[web]'],
      ['containers', 'sidecar', 21, 'spec.template.spec.containers[sidecar]'],
      ['initContainers', 'migrate', 16, 'spec.template.spec.initContainers[migrate]'],
    ]);
  });

  test.each([
    ['Pod', 'spec:\n  containers: [{name: c, image: x}]\n', 'spec'],
    ['PodTemplate', 'template:\n  spec:\n    containers: [{name: c, image: x}]\n', 'template.spec'],
    ['Deployment', 'spec:\n  template:\n    spec:\n      containers: [{name: c, image: x}]\n', 'spec.template.spec'],
    ['StatefulSet', 'spec:\n  template:\n    spec:\n      containers: [{name: c, image: x}]\n', 'spec.template.spec'],
    ['DaemonSet', 'spec:\n  template:\n    spec:\n      containers: [{name: c, image: x}]\n', 'spec.template.spec'],
    ['ReplicaSet', 'spec:\n  template:\n    spec:\n      containers: [{name: c, image: x}]\n', 'spec.template.spec'],
    ['ReplicationController', 'spec:\n  template:\n    spec:\n      containers: [{name: c, image: x}]\n', 'spec.template.spec'],
    ['Job', 'spec:\n  template:\n    spec:\n      containers: [{name: c, image: x}]\n', 'spec.template.spec'],
    ['CronJob', 'spec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: c, image: x}]\n', 'spec.jobTemplate.spec.template.spec'],
  ])('%s: pod spec found', (kind, body, path) => {
    const { objects } = parseManifests('w.yaml', `apiVersion: v1\nkind: ${kind}\nmetadata: {name: w}\n${body}`);
    expect(objects[0]!.podSpec?.path).toBe(path);
    expect(objects[0]!.podSpec?.containers.map((c) => c.name)).toEqual(['c']);
  });

  test('CronJob findings point into the nested template', () => {
    const y = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          hostPID: true
          containers:
            - name: job
              image: tool:1
              securityContext:
                privileged: true
`;
    const r = auditKubernetes('cron.yaml', y);
    const at = (id: string) => r.findings.filter((f) => f.ruleId === `iac/kubernetes/${id}`).map((f) => f.location.startLine);
    expect(at('host-pid')).toEqual([11]);
    expect(at('privileged')).toEqual([16]);
    expect(at('seccomp-required')).toEqual([10]);
    expect(at('liveness-probe')).toEqual([]); // batch workloads need no probes
  });

  test('JSON, including kind: List with items', () => {
    const json = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, spec: { hostNetwork: true, containers: [{ name: 'c', image: 'x:1' }] } },
          { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'NodePort' } },
        ],
      },
      null,
      2,
    );
    const { objects, issues } = parseManifests('list.json', json);
    expect(issues).toEqual([]);
    expect(objects.map((o) => o.kind)).toEqual(['Pod', 'Service']);
    const r = auditKubernetes('list.json', json);
    const hn = r.findings.find((f) => f.ruleId === 'iac/kubernetes/host-network')!;
    expect(json.split('\n')[hn.location.startLine - 1]).toContain('"hostNetwork": true');
    expect(r.findings.some((f) => f.ruleId === 'iac/kubernetes/service-node-port')).toBe(true);
  });

  test('a top-level YAML list of objects and a PodList', () => {
    const y = '- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- apiVersion: v1\n  kind: PodList\n  items:\n    - apiVersion: v1\n      kind: Pod\n      metadata: {name: p}\n      spec: {containers: []}\n';
    expect(parseManifests('l.yaml', y).objects.map((o) => o.kind)).toEqual(['ConfigMap', 'Pod']);
  });

  test('anchors and merge keys resolve', () => {
    const y = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - &base
      name: a
      image: x:1
      securityContext: {privileged: true}
    - <<: *base
      name: b
`;
    const { objects } = parseManifests('a.yaml', y);
    expect(objects[0]!.podSpec!.containers.map((c) => c.name)).toEqual(['a', 'b']);
    const r = auditKubernetes('a.yaml', y);
    expect(r.findings.filter((f) => f.ruleId === 'iac/kubernetes/privileged')).toHaveLength(2);
  });

  test('objects without apiVersion or kind are ignored; non-objects are fine', () => {
    const y = 'foo: bar\n---\nkind: Pod\n---\n- 1\n- 2\n---\nplain scalar\n';
    const r = parseManifests('x.yaml', y);
    expect(r.objects).toEqual([]);
    expect(r.issues).toEqual([]);
  });

  test('kustomize / helm template output (comments, Source headers, ---) is plain YAML', () => {
    const y = '---\n# Source: chart/templates/svc.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: NodePort\n';
    const r = auditKubernetes('rendered.yaml', y);
    expect(r.issues).toEqual([]);
    expect(r.findings.map((f) => [f.ruleId, f.location.startLine])).toEqual([['iac/kubernetes/service-node-port', 8]]);
  });
});

describe('isKubernetesManifest', () => {
  test.each([
    ['deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\n', true],
    ['deploy.YML', 'kind: Pod\napiVersion: v1\n', true],
    ['pod.json', '{"apiVersion":"v1","kind":"Pod"}', true],
    ['values.yaml', 'replicas: 2\nimage: x\n', false],
    ['workflow.yml', 'on: push\njobs: {}\n', false],
    ['pod.txt', 'apiVersion: v1\nkind: Pod\n', false],
    ['package.json', '{"name":"kind","version":"1.0.0"}', false],
  ])('%s', (path, content, expected) => {
    expect(isKubernetesManifest(path, content)).toBe(expected);
  });
});

describe('bad input', () => {
  test('unrendered Helm template: skipped with an issue naming file and line', () => {
    const y = '# comment with {{ braces }} is fine\napiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "x.fullname" . }}\n';
    const r = auditKubernetes('chart/templates/svc.yaml', y);
    expect(r.findings).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ path: 'chart/templates/svc.yaml', line: 5, kind: 'other' });
    expect(r.issues[0]!.message).toMatch(/helm template/);
  });

  test('duplicate keys: issue with line, object still scanned', () => {
    const y = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: true\n  hostNetwork: false\n  containers: []\n';
    const r = auditKubernetes('dup.yaml', y);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ path: 'dup.yaml', line: 6, kind: 'unparsable' });
    expect(r.issues[0]!.message).toMatch(/duplicate/);
    // the first value wins, as documented
    expect(r.findings.map((f) => f.ruleId)).toContain('iac/kubernetes/host-network');
  });

  test('alias bomb: bounded, reported, no hang', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      const p = String.fromCharCode(96 + i);
      const n = String.fromCharCode(97 + i);
      levels.push(`${n}: &${n} [*${p},*${p},*${p},*${p},*${p},*${p},*${p},*${p},*${p},*${p}]`);
    }
    const y = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${levels.map((l) => '  ' + l).join('\n')}\n`;
    const { value: r, ms } = cpuTimed(() => auditKubernetes('bomb.yaml', y));
    expect(ms).toBeLessThan(5000);
    expect(r.issues.some((i) => i.path === 'bomb.yaml' && /alias/.test(i.message))).toBe(true);
  });

  test('invalid YAML: issue with file and line; other documents still scanned', () => {
    const y = 'apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\nspec:\n  hostPID: true\n  containers: []\n---\napiVersion: v1\nkind: Pod\nmetadata: [unclosed\n';
    const r = auditKubernetes('bad.yaml', y);
    expect(r.issues.length).toBeGreaterThan(0);
    expect(r.issues[0]!.path).toBe('bad.yaml');
    expect(r.issues[0]!.line).toBeGreaterThanOrEqual(8);
    expect(r.findings.map((f) => f.ruleId)).toContain('iac/kubernetes/host-pid');
  });

  test.each([
    ['empty', ''],
    ['truncated JSON', '{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": '],
    ['not YAML', '\u0000\u0001\u0002 %%% :: ][ }{'],
    ['tabs', 'apiVersion: v1\nkind: Pod\n\tspec: x\n'],
  ])('%s: never throws', (_n, text) => {
    const r = auditKubernetes('x.yaml', text);
    expect(Array.isArray(r.findings)).toBe(true);
    for (const i of r.issues) expect(i.path).toBe('x.yaml');
  });

  test('deep nesting is bounded', () => {
    const y = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata: ' + '['.repeat(500) + ']'.repeat(500) + '\n';
    const r = auditKubernetes('deep.yaml', y);
    expect(r.issues.length).toBeGreaterThan(0);
  });

  test('large single-line JSON manifest finishes', () => {
    const items = Array.from({ length: 4000 }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `c${i}` },
      data: { k: 'v'.repeat(200) },
    }));
    items.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, data: { k: '' }, spec: { type: 'NodePort' } } as never);
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
    const { value: r, ms } = cpuTimed(() => auditKubernetes('big.json', json));
    expect(ms).toBeLessThan(20_000);
    expect(r.findings.filter((f) => f.ruleId === 'iac/kubernetes/service-node-port')).toHaveLength(1);
    expect(r.findings[0]!.location.startLine).toBe(1);
  });
});

describe('helm detection', () => {
  test.each([
    ['image: {{ .Values.image }}', true],
    ['  replicas: {{ $.Values.replicas }}', true],
    ['{{- if .Values.enabled }}', true],
    ['  labels: {{- include "app.labels" . | nindent 4 }}', true],
    ['  name: {{ template "fullname" . }}', true],
    ['  value: {{ default "x" .Release.Name }}', true],
    ['      summary: "Pod {{ $labels.pod }} is down"', false],
    ['      text: "{{ range .Alerts }}{{ .Annotations.summary }}{{ end }}"', false],
  ])('%s', (line, helm) => {
    const y = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n${line}\n`;
    const r = parseManifests('c.yaml', y);
    expect(r.issues.some((i) => /helm template/.test(i.message))).toBe(helm);
  });

  test('rendered Prometheus rules with {{ }} inside strings are scanned', () => {
    const y = `apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: r\n  namespace: default\nspec:\n  groups:\n    - name: g\n      rules:\n        - alert: Down\n          annotations:\n            summary: "{{ $labels.instance }} down"\n`;
    const r = auditKubernetes('rules.yaml', y);
    expect(r.issues).toEqual([]);
    expect(r.findings.map((f) => f.ruleId)).toEqual(['iac/kubernetes/default-namespace']);
  });

  test('other controllers with a pod template (Argo Rollout) are workloads', () => {
    const y = `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\nspec:\n  template:\n    spec:\n      hostIPC: true\n      containers: [{name: c, image: x:1}]\n`;
    const r = auditKubernetes('rollout.yaml', y);
    expect(r.findings.filter((f) => f.ruleId === 'iac/kubernetes/host-ipc').map((f) => f.location.startLine)).toEqual([7]);
  });
});

describe('limits', () => {
  test('a big List without aliases is not cut short', () => {
    const items = Array.from({ length: 30_000 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}` }, data: { a: '1', b: '2' } }));
    const r = parseManifests('big.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    expect(r.issues).toEqual([]);
    expect(r.objects).toHaveLength(30_000);
  });
  test('very deep flow nesting does not overflow the stack', () => {
    const y = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata: ' + '['.repeat(20_000) + ']'.repeat(20_000) + '\n';
    const r = auditKubernetes('deep.yaml', y);
    expect(r.issues.length).toBeGreaterThan(0);
    expect(r.issues[0]!.path).toBe('deep.yaml');
  });
});

describe('encodings', () => {
  test('CRLF line endings and a BOM keep lines right', () => {
    const y = '\ufeffapiVersion: v1\r\nkind: Pod\r\nmetadata: {name: p}\r\nspec:\r\n  hostPID: true\r\n  containers: []\r\n';
    const r = auditKubernetes('crlf.yaml', y);
    expect(r.issues).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'iac/kubernetes/host-pid').map((f) => [f.location.startLine, f.location.startColumn])).toEqual([[5, 3]]);
  });
});

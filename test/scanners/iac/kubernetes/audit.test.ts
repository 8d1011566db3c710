import { describe, expect, test } from 'vitest';
import { auditKubernetes } from '../../../../src/scanners/iac/rules/kubernetes/index.js';

const DIGEST = 'sha256:' + 'b'.repeat(64);

/** A workload that meets the restricted profile and every hygiene rule. */
const HARDENED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 2
  template:
    metadata:
      labels: {app: api}
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: api
          image: registry.example.com/shop/api:3.2.1@${DIGEST}
          ports: [{containerPort: 8080}]
          env:
            - name: DB_PASSWORD
              valueFrom: {secretKeyRef: {name: db, key: password}}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: "1", memory: 256Mi}
          livenessProbe: {httpGet: {path: /healthz, port: 8080}}
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
      volumes:
        - name: tmp
          emptyDir: {}
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: api-reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get, list, watch]
`;

const ids = (r: ReturnType<typeof auditKubernetes>) => r.findings.map((f) => f.ruleId.replace('iac/kubernetes/', ''));

describe('auditKubernetes', () => {
  test('a hardened workload has no findings at all', () => {
    const r = auditKubernetes('k8s/api.yaml', HARDENED);
    expect(r.issues).toEqual([]);
    expect(r.findings.map((f) => `${f.location.startLine} ${f.ruleId}: ${f.message}`)).toEqual([]);
  });

  test('findings carry scanner, severity, CWE, fix and a fingerprint stable when lines move', () => {
    const y = HARDENED.replace('automountServiceAccountToken: false\n', 'hostNetwork: true\n');
    const a = auditKubernetes('k8s/api.yaml', y).findings;
    const b = auditKubernetes('k8s/api.yaml', '# moved\n\n' + y).findings;
    expect(a).toHaveLength(2); // host-network + automount
    const hn = a.find((f) => f.ruleId === 'iac/kubernetes/host-network')!;
    expect(hn).toMatchObject({ scanner: 'iac', severity: 'high', location: { path: 'k8s/api.yaml', startLine: 12 } });
    expect(hn.cwe.length).toBeGreaterThan(0);
    expect(hn.fix).toBeTruthy();
    const hn2 = b.find((f) => f.ruleId === 'iac/kubernetes/host-network')!;
    expect(hn2.location.startLine).toBe(14);
    expect(hn2.fingerprint).toBe(hn.fingerprint);
  });

  test('identity distinguishes containers of one pod', () => {
    const y = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: x:1\n      securityContext: {privileged: true}\n    - name: b\n      image: x:1\n      securityContext: {privileged: true}\n`;
    const f = auditKubernetes('p.yaml', y).findings.filter((x) => x.ruleId === 'iac/kubernetes/privileged');
    expect(f.map((x) => x.location.startLine)).toEqual([8, 11]);
    expect(f[0]!.fingerprint).not.toBe(f[1]!.fingerprint);
  });
});

describe('rampart.io/ignore', () => {
  const withIgnore = (value: string, where: 'object' | 'template') => {
    const ann = `      annotations:\n        rampart.io/ignore: "${value}"\n`;
    let y = HARDENED.replace('automountServiceAccountToken: false\n', 'hostNetwork: true\n      hostPID: true\n');
    if (where === 'object') y = y.replace('  name: api\n  namespace: shop\nspec:\n  replicas', `  name: api\n  namespace: shop\n${ann.replace(/^ {4}/gm, '')}spec:\n  replicas`);
    else y = y.replace('      labels: {app: api}\n', `      labels: {app: api}\n${ann}`);
    return y;
  };

  test.each(['object', 'template'] as const)('on the %s: suppressed findings come back with the reason', (where) => {
    const r = auditKubernetes('k8s/api.yaml', withIgnore('host-network, iac/kubernetes/service-account-token-automount -- CNI agent needs the host network', where));
    expect(ids(r)).toEqual(['host-pid']);
    expect(r.suppressed.map((s) => [s.finding.ruleId, s.reason])).toEqual([
      ['iac/kubernetes/host-network', 'CNI agent needs the host network'],
      ['iac/kubernetes/service-account-token-automount', 'CNI agent needs the host network'],
    ]);
    expect(r.issues).toEqual([]);
  });

  test('without a reason nothing is suppressed and an issue names the line', () => {
    const y = withIgnore('host-network', 'object');
    const r = auditKubernetes('k8s/api.yaml', y);
    expect(ids(r)).toContain('host-network');
    expect(r.suppressed).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]!.line).toBe(y.split('\n').findIndex((l) => l.includes('rampart.io/ignore')) + 1);
    expect(r.issues[0]!.message).toMatch(/reason/);
  });

  test('unknown and unused rule names are reported', () => {
    const r = auditKubernetes('k8s/api.yaml', withIgnore('host-network,no-such-rule,privileged -- testing', 'object'));
    expect(ids(r)).not.toContain('host-network');
    expect(r.issues.map((i) => i.message).join('\n')).toMatch(/unknown rule no-such-rule/);
    expect(r.issues.map((i) => i.message).join('\n')).toMatch(/privileged.*unused/);
  });

  test('an ignore on one object does not suppress another', () => {
    const y = withIgnore('host-network -- ok', 'object') + '---\n' + HARDENED.replace('name: api\n  namespace: shop\nspec:\n  replicas', 'name: api2\n  namespace: shop\nspec:\n  replicas').split('---')[0]!.replace('automountServiceAccountToken: false\n', 'hostNetwork: true\n');
    const r = auditKubernetes('k8s/api.yaml', y);
    expect(r.suppressed).toHaveLength(1);
    expect(ids(r)).toContain('host-network');
  });
});

/** Pod-level vs container-level precedence, as the Pod Security Standards define it. */
describe('precedence', () => {
  const pod = (podSc: string, ...containerScs: string[]) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {${podSc}}\n  containers:\n` +
    containerScs.map((c, i) => `    - name: c${i}\n      image: x:1\n      securityContext: {${c}}\n`).join('');
  const lines = (y: string, rule: string) =>
    auditKubernetes('p.yaml', y).findings.filter((f) => f.ruleId === `iac/kubernetes/${rule}`).map((f) => f.location.startLine);

  test('runAsNonRoot: pod true covers containers that do not set it', () => {
    expect(lines(pod('runAsNonRoot: true', '', ''), 'run-as-non-root')).toEqual([]);
  });
  test('runAsNonRoot: a container false overrides pod true', () => {
    expect(lines(pod('runAsNonRoot: true', '', 'runAsNonRoot: false'), 'run-as-non-root')).toEqual([12]);
  });
  test('runAsNonRoot: pod false is fine when every container sets true', () => {
    expect(lines(pod('runAsNonRoot: false', 'runAsNonRoot: true', 'runAsNonRoot: true'), 'run-as-non-root')).toEqual([]);
  });
  test('runAsNonRoot: pod false with a container that does not override it points at the pod field', () => {
    expect(lines(pod('runAsNonRoot: false', 'runAsNonRoot: true', ''), 'run-as-non-root')).toEqual([5]);
  });
  test('runAsNonRoot: a non-zero runAsUser alone does not meet the standard', () => {
    expect(lines(pod('runAsUser: 1000', ''), 'run-as-non-root')).toEqual([4]);
  });
  test('seccomp: every container set, pod unset is fine', () => {
    expect(lines(pod('', 'seccompProfile: {type: RuntimeDefault}', 'seccompProfile: {type: Localhost, localhostProfile: a.json}'), 'seccomp-required')).toEqual([]);
  });
  test('seccomp: one container unset and pod unset is flagged at the pod spec', () => {
    expect(lines(pod('', 'seccompProfile: {type: RuntimeDefault}', ''), 'seccomp-required')).toEqual([4]);
  });
  test('seccomp: container Unconfined overrides pod RuntimeDefault', () => {
    expect(lines(pod('seccompProfile: {type: RuntimeDefault}', 'seccompProfile: {type: Unconfined}'), 'seccomp-unconfined')).toEqual([9]);
  });
  test('Windows pods are exempt from the Linux-only restricted controls', () => {
    const y = pod('', '').replace('spec:\n', 'spec:\n  os: {name: windows}\n');
    for (const rule of ['allow-privilege-escalation', 'seccomp-required', 'capabilities-drop-all']) expect(lines(y, rule)).toEqual([]);
    expect(lines(pod('', ''), 'allow-privilege-escalation')).toEqual([9]); // the container's (empty) securityContext block
  });
  test('null means undefined', () => {
    expect(lines(pod('runAsNonRoot: true', 'runAsNonRoot: null, privileged: null'), 'run-as-non-root')).toEqual([]);
    expect(lines(pod('', 'privileged: null'), 'privileged')).toEqual([]);
  });
  test('init and ephemeral containers are checked too', () => {
    const y = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n    - name: i\n      image: x:1\n      securityContext: {privileged: true}\n  ephemeralContainers:\n    - name: e\n      image: x:1\n      securityContext: {privileged: true}\n  containers: []\n`;
    expect(lines(y, 'privileged')).toEqual([8, 12]);
  });
});

describe('legacy seccomp annotations', () => {
  const y = (ann: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    metadata:\n      annotations:\n        ${ann}\n    spec:\n      containers: [{name: app, image: x:1}]\n`;
  const rules = (t: string) => auditKubernetes('d.yaml', t).findings.map((f) => `${f.ruleId.replace('iac/kubernetes/', '')}:${f.location.startLine}`);
  test('runtime/default on the pod or container counts as set', () => {
    expect(rules(y('seccomp.security.alpha.kubernetes.io/pod: runtime/default'))).not.toContain('seccomp-required:9');
    expect(rules(y('container.seccomp.security.alpha.kubernetes.io/app: docker/default'))).not.toContain('seccomp-required:9');
    expect(rules(y('container.seccomp.security.alpha.kubernetes.io/other: runtime/default'))).toContain('seccomp-required:9');
  });
  test('unconfined is flagged at the annotation', () => {
    expect(rules(y('seccomp.security.alpha.kubernetes.io/pod: unconfined'))).toContain('seccomp-unconfined:8');
  });
});

describe('YAML 1.1 booleans, as Kubernetes reads them', () => {
  test('yes / on / quoted true are true; no / off are false', () => {
    const y = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: yes\n  hostPID: "true"\n  hostIPC: off\n  automountServiceAccountToken: no\n  containers:\n    - name: a\n      image: x:1\n      securityContext: {privileged: On, allowPrivilegeEscalation: no}\n`;
    const got = auditKubernetes('p.yaml', y).findings.map((f) => f.ruleId.replace('iac/kubernetes/', ''));
    expect(got).toEqual(expect.arrayContaining(['host-network', 'host-pid', 'privileged']));
    for (const r of ['host-ipc', 'service-account-token-automount', 'allow-privilege-escalation']) expect(got).not.toContain(r);
  });
});

describe('kustomize patches (containers without image)', () => {
  const patch = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          resources:
            limits: {memory: 512Mi}
          securityContext:
            privileged: true
`;
  test('missing-field rules stay quiet; explicit values are still checked', () => {
    const got = auditKubernetes('overlays/prod/patch.yaml', patch).findings.map((f) => `${f.ruleId.replace('iac/kubernetes/', '')}:${f.location.startLine}`);
    expect(got).toEqual(['privileged:13']);
  });
});

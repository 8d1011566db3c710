/**
 * One flagged and one clean manifest per rule. Lines ending in `#!` are where the rule must
 * report (exactly those lines, once each). Written for Rampart; small on purpose.
 */

export interface RuleCase {
  rule: string;
  flagged: string;
  clean: string;
}

const DIGEST = 'sha256:' + 'a'.repeat(64);

/** A Pod with `spec` lines and one container with `c` lines (both pre-indented by the caller). */
export function pod(spec: string, c = '', kind = 'Pod'): string {
  return [
    'apiVersion: v1',
    `kind: ${kind}`,
    'metadata:',
    '  name: p',
    '  namespace: apps',
    'spec:' + (spec.includes('#!spec') ? ' #!' : ''),
    ...lines(spec.replace('#!spec', ''), 2),
    '  containers:',
    '    - name: app' + (c.includes('#!c') ? ' #!' : ''),
    `      image: registry.example.com/app:1.0@${DIGEST}`,
    ...lines(c.replace('#!c', ''), 6),
  ].join('\n') + '\n';
}

function lines(s: string, indent: number): string[] {
  return s
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => ' '.repeat(indent) + l);
}

export function role(rules: string, kind = 'ClusterRole'): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: r
rules:
${rules}`;
}

export function binding(roleRef: string, subjects: string, kind = 'ClusterRoleBinding'): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: b
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${roleRef}
subjects:
${subjects}`;
}

export function service(spec: string, annotations = ''): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: s
  namespace: apps
${annotations ? `  annotations:\n${annotations}\n` : ''}spec:
  selector: {app: web}
  ports: [{port: 443}]
${spec}`;
}

export const CASES: RuleCase[] = [
  // --- Pod Security Standards: baseline ---
  {
    rule: 'host-process',
    flagged: pod('securityContext:\n  windowsOptions:\n    hostProcess: true #!', 'securityContext:\n  windowsOptions:\n    hostProcess: true #!'),
    clean: pod('securityContext:\n  windowsOptions:\n    hostProcess: false', 'securityContext:\n  windowsOptions: {runAsUserName: app}'),
  },
  { rule: 'host-network', flagged: pod('hostNetwork: true #!'), clean: pod('hostNetwork: false') },
  { rule: 'host-pid', flagged: pod('hostPID: true #!'), clean: pod('hostIPC: false') },
  { rule: 'host-ipc', flagged: pod('hostIPC: true #!'), clean: pod('hostPID: false\nhostIPC: null') },
  {
    rule: 'privileged',
    flagged: pod('', 'securityContext:\n  privileged: true #!'),
    clean: pod('', 'securityContext:\n  privileged: false'),
  },
  {
    rule: 'capabilities-baseline',
    flagged: pod('', 'securityContext:\n  capabilities:\n    add:\n      - CHOWN\n      - SYS_ADMIN #!\n      - NET_RAW #!\n      - cap_sys_ptrace #!'),
    clean: pod('', 'securityContext:\n  capabilities:\n    add: [NET_BIND_SERVICE, CHOWN, SETUID, KILL, CAP_FOWNER]'),
  },
  {
    rule: 'host-path-volume',
    flagged: pod('volumes:\n  - name: logs\n    hostPath: #!\n      path: /var/log'),
    clean: pod('volumes:\n  - name: logs\n    emptyDir: {}'),
  },
  {
    rule: 'host-port',
    flagged: pod('', 'ports:\n  - containerPort: 80\n    hostPort: 8080 #!'),
    clean: pod('', 'ports:\n  - containerPort: 80\n    hostPort: 0'),
  },
  {
    rule: 'apparmor-profile',
    flagged: pod('securityContext:\n  appArmorProfile:\n    type: Unconfined #!').replace(
      '  namespace: apps\n',
      '  namespace: apps\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/app: unconfined #!\n',
    ),
    clean: pod('securityContext:\n  appArmorProfile:\n    type: RuntimeDefault', 'securityContext:\n  appArmorProfile:\n    type: Localhost\n    localhostProfile: k8s-app').replace(
      '  namespace: apps\n',
      '  namespace: apps\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/app: localhost/k8s-app\n',
    ),
  },
  {
    rule: 'selinux-type',
    flagged: pod('', 'securityContext:\n  seLinuxOptions:\n    type: spc_t #!'),
    clean: pod('securityContext:\n  seLinuxOptions:\n    type: container_t\n    level: "s0:c123,c456"', 'securityContext:\n  seLinuxOptions:\n    type: ""'),
  },
  {
    rule: 'selinux-user-role',
    flagged: pod('securityContext:\n  seLinuxOptions:\n    user: system_u #!', 'securityContext:\n  seLinuxOptions:\n    role: sysadm_r #!'),
    clean: pod('securityContext:\n  seLinuxOptions:\n    level: "s0:c1,c2"\n    user: ""'),
  },
  {
    rule: 'proc-mount',
    flagged: pod('', 'securityContext:\n  procMount: Unmasked #!'),
    clean: pod('', 'securityContext:\n  procMount: Default'),
  },
  {
    rule: 'seccomp-unconfined',
    flagged: pod('securityContext:\n  seccompProfile:\n    type: RuntimeDefault', 'securityContext:\n  seccompProfile:\n    type: Unconfined #!'),
    clean: pod('securityContext:\n  seccompProfile:\n    type: RuntimeDefault', 'securityContext:\n  seccompProfile:\n    type: Localhost\n    localhostProfile: p.json'),
  },
  {
    rule: 'unsafe-sysctls',
    flagged: pod('securityContext:\n  sysctls:\n    - name: net.ipv4.tcp_syncookies\n      value: "1"\n    - name: kernel.msgmax #!\n      value: "65536"'),
    clean: pod('securityContext:\n  sysctls:\n    - name: net.ipv4.ip_local_port_range\n      value: "1024 65535"\n    - name: kernel.shm_rmid_forced\n      value: "1"'),
  },
  // --- Pod Security Standards: restricted ---
  {
    rule: 'volume-types',
    flagged: pod('volumes:\n  - name: data\n    nfs: #!\n      server: nfs.local\n      path: /x\n  - name: src\n    gitRepo: #!\n      repository: https://example.com/r.git\n  - name: cfg\n    configMap: {name: c}'),
    clean: pod('volumes:\n  - name: a\n    configMap: {name: c}\n  - name: b\n    secret: {secretName: s}\n  - name: c\n    persistentVolumeClaim: {claimName: d}\n  - name: d\n    projected: {sources: []}\n  - name: e\n    emptyDir: {}\n  - name: f\n    downwardAPI: {items: []}\n  - name: g\n    csi: {driver: x}\n  - name: h\n    ephemeral: {volumeClaimTemplate: {spec: {}}}'),
  },
  {
    rule: 'allow-privilege-escalation',
    flagged: pod('', 'securityContext: #!\n  runAsUser: 1000'),
    clean: pod('', 'securityContext:\n  allowPrivilegeEscalation: false'),
  },
  {
    rule: 'run-as-non-root',
    flagged: pod('#!spec\nsecurityContext:\n  runAsUser: 1000'),
    clean: pod('securityContext:\n  runAsNonRoot: true'),
  },
  {
    rule: 'run-as-user-root',
    flagged: pod('securityContext:\n  runAsUser: 0 #!', 'securityContext:\n  runAsUser: 0 #!'),
    clean: pod('securityContext:\n  runAsUser: 10001', 'securityContext:\n  runAsUser: 1000'),
  },
  {
    rule: 'seccomp-required',
    flagged: pod('#!spec\nsecurityContext:\n  runAsNonRoot: true'),
    clean: pod('securityContext:\n  seccompProfile:\n    type: RuntimeDefault'),
  },
  {
    rule: 'capabilities-drop-all',
    flagged: pod('', 'securityContext:\n  capabilities:\n    drop: [NET_RAW] #!'),
    clean: pod('', 'securityContext:\n  capabilities:\n    drop: [ALL]\n    add: [NET_BIND_SERVICE]'),
  },
  {
    rule: 'capabilities-add-restricted',
    flagged: pod('', 'securityContext:\n  capabilities:\n    drop: [ALL]\n    add:\n      - NET_BIND_SERVICE\n      - SETUID #!'),
    clean: pod('', 'securityContext:\n  capabilities:\n    drop: [ALL]\n    add: [NET_BIND_SERVICE]'),
  },
  {
    rule: 'run-as-root-group',
    flagged: pod('securityContext:\n  fsGroup: 0 #!\n  supplementalGroups: [1000, 0] #!', 'securityContext:\n  runAsGroup: 0 #!'),
    clean: pod('securityContext:\n  runAsGroup: 3000\n  fsGroup: 2000\n  supplementalGroups: [4000]'),
  },
  // --- RBAC ---
  {
    rule: 'rbac-wildcard-verbs',
    flagged: role('  - apiGroups: [""]\n    resources: [configmaps]\n    verbs: ["*"] #!\n'),
    clean: role('  - apiGroups: [""]\n    resources: [configmaps]\n    verbs: [get, list]\n'),
  },
  {
    rule: 'rbac-wildcard-resources',
    flagged: role('  - apiGroups: [apps]\n    resources:\n      - "*" #!\n    verbs: [get]\n'),
    clean: role('  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [get]\n'),
  },
  {
    rule: 'rbac-wildcard-api-groups',
    flagged: role('  - apiGroups:\n      - "*" #!\n    resources: [deployments]\n    verbs: [get]\n'),
    clean: role('  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [get]\n'),
  },
  {
    rule: 'rbac-escalate',
    flagged: role('  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterroles]\n    verbs:\n      - get\n      - escalate #!\n'),
    clean: role('  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterroles]\n    verbs: [get, list]\n'),
  },
  {
    rule: 'rbac-bind',
    flagged: role('  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [roles]\n    verbs:\n      - bind #!\n', 'Role'),
    clean: role('  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [roles]\n    verbs: [get]\n', 'Role'),
  },
  {
    rule: 'rbac-impersonate',
    flagged: role('  - apiGroups: [""]\n    resources: [users, groups]\n    verbs:\n      - impersonate #!\n'),
    clean: role('  - apiGroups: [""]\n    resources: [serviceaccounts]\n    verbs: [get]\n'),
  },
  {
    rule: 'rbac-secrets-read',
    flagged: role('  - apiGroups: [""]\n    resources: [configmaps, secrets]\n    verbs:\n      - list #!\n      - watch\n'),
    clean: role('  - apiGroups: [""]\n    resources: [secrets]\n    resourceNames: [app-tls]\n    verbs: [get]\n  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [create]\n'),
  },
  {
    rule: 'rbac-token-create',
    flagged: role('  - apiGroups: [""]\n    resources:\n      - serviceaccounts/token #!\n    verbs: [create]\n'),
    clean: role('  - apiGroups: [""]\n    resources: [serviceaccounts/token]\n    resourceNames: [builder]\n    verbs: [create]\n  - apiGroups: [""]\n    resources: [serviceaccounts]\n    verbs: [create]\n'),
  },
  {
    rule: 'rbac-pods-exec',
    flagged: role('  - apiGroups: [""]\n    resources:\n      - pods\n      - pods/exec #!\n    verbs: [create, get]\n'),
    clean: role('  - apiGroups: [""]\n    resources: [pods, pods/log]\n    verbs: [get, list]\n'),
  },
  {
    rule: 'rbac-nodes-proxy',
    flagged: role('  - apiGroups: [""]\n    resources:\n      - nodes/proxy #!\n    verbs: [get]\n'),
    clean: role('  - apiGroups: [""]\n    resources: [nodes, nodes/metrics]\n    verbs: [get]\n'),
  },
  {
    rule: 'rbac-create-pods',
    flagged: role('  - apiGroups: [""]\n    resources: [pods]\n    verbs:\n      - create #!\n', 'Role'),
    clean: role('  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get, list, delete]\n', 'Role'),
  },
  {
    rule: 'rbac-cluster-admin-binding',
    flagged: binding('cluster-admin #!', '  - kind: ServiceAccount\n    name: ci\n    namespace: tools\n'),
    clean: binding('view', '  - kind: ServiceAccount\n    name: ci\n    namespace: tools\n'),
  },
  {
    rule: 'rbac-anonymous-binding',
    flagged: binding('view', '  - kind: Group\n    apiGroup: rbac.authorization.k8s.io\n    name: system:unauthenticated #!\n  - kind: User\n    name: system:anonymous #!\n'),
    clean: binding('system:public-info-viewer', '  - kind: Group\n    name: system:unauthenticated\n'),
  },
  {
    rule: 'rbac-authenticated-binding',
    flagged: binding('edit', '  - kind: Group\n    name: system:authenticated #!\n'),
    clean: binding('edit', '  - kind: Group\n    name: developers\n'),
  },
  // --- Services, Ingress ---
  {
    rule: 'service-load-balancer-source-ranges',
    flagged:
      service('  type: LoadBalancer #!\n') +
      '---\n' +
      service('  type: LoadBalancer\n  loadBalancerSourceRanges:\n    - 0.0.0.0/0 #!\n') +
      '---\n' +
      service('  type: LoadBalancer\n', '    service.beta.kubernetes.io/load-balancer-source-ranges: "10.0.0.0/8, 0.0.0.0/0" #!'),
    clean:
      service('  type: LoadBalancer\n  loadBalancerSourceRanges: [203.0.113.0/24]\n') +
      '---\n' +
      service('  type: LoadBalancer\n', '    service.beta.kubernetes.io/aws-load-balancer-scheme: internal') +
      '---\n' +
      service('  type: LoadBalancer\n', '    service.beta.kubernetes.io/load-balancer-source-ranges: "10.0.0.0/8,192.0.2.0/24"'),
  },
  { rule: 'service-node-port', flagged: service('  type: NodePort #!\n'), clean: service('  type: ClusterIP\n') },
  {
    rule: 'service-external-ips',
    flagged: service('  externalIPs: #!\n    - 198.51.100.7\n'),
    clean: service('  externalIPs: []\n'),
  },
  {
    rule: 'ingress-tls',
    flagged: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec: #!\n  rules:\n    - host: a.example.com\n',
    clean: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n  tls:\n    - hosts: [a.example.com]\n      secretName: a-tls\n  rules:\n    - host: a.example.com\n',
  },
  // --- Workload hygiene ---
  {
    rule: 'service-account-token-automount',
    flagged: pod('#!spec\nserviceAccountName: default'),
    clean:
      pod('serviceAccountName: quiet') +
      '---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: quiet\n  namespace: apps\nautomountServiceAccountToken: false\n---\n' +
      pod('automountServiceAccountToken: false'),
  },
  {
    rule: 'default-namespace',
    flagged: pod('').replace('namespace: apps', 'namespace: default #!'),
    clean: pod('').replace('  namespace: apps\n', ''),
  },
  {
    rule: 'cpu-limit',
    flagged: pod('', 'resources:\n  limits: #!\n    memory: 128Mi'),
    clean: pod('', 'resources:\n  limits: {cpu: 500m, memory: 128Mi}'),
  },
  {
    rule: 'memory-limit',
    flagged: pod('', '#!c\nports: [{containerPort: 80}]'),
    clean: pod('', 'resources:\n  limits:\n    memory: 128Mi'),
  },
  {
    rule: 'cpu-request',
    flagged: pod('', 'resources: #!\n  limits: {memory: 128Mi}'),
    // A limit alone sets the request to the limit.
    clean: pod('', 'resources:\n  requests: {cpu: 100m}') + '---\n' + pod('', 'resources:\n  limits: {cpu: "1"}'),
  },
  {
    rule: 'memory-request',
    flagged: pod('', 'resources:\n  requests: #!\n    cpu: 100m'),
    clean: pod('', 'resources:\n  requests: {memory: 64Mi}') + '---\n' + pod('', 'resources:\n  limits: {memory: 64Mi}'),
  },
  {
    rule: 'image-latest-tag',
    flagged: pod('').replace(/image: .*/, 'image: nginx #!') + '---\n' + pod('').replace(/image: .*/, 'image: registry.example.com:5000/team/app:latest #!'),
    clean: pod('').replace(/image: .*/, 'image: registry.example.com:5000/team/app:2.1.0') + '---\n' + pod('').replace(/image: .*/, `image: nginx@${DIGEST}`),
  },
  {
    rule: 'image-digest',
    flagged: pod('').replace(/image: .*/, 'image: nginx:1.27.0 #!'),
    clean: pod(''),
  },
  {
    rule: 'image-pull-policy',
    flagged:
      pod('').replace(/image: .*/, 'image: nginx:1.27.0 #!') + '---\n' + pod('', 'imagePullPolicy: IfNotPresent #!').replace(/image: registry[^\n]*/, 'image: nginx:latest'),
    clean: pod('', 'imagePullPolicy: IfNotPresent') + '---\n' + pod('', 'imagePullPolicy: Always').replace(/image: registry[^\n]*/, 'image: nginx:1.27.0'),
  },
  {
    rule: 'read-only-root-filesystem',
    flagged: pod('', 'securityContext:\n  readOnlyRootFilesystem: false #!'),
    clean: pod('', 'securityContext:\n  readOnlyRootFilesystem: true'),
  },
  {
    rule: 'liveness-probe',
    flagged: pod('', '#!c\nreadinessProbe: {httpGet: {path: /ready, port: 8080}}'),
    clean: pod('', 'livenessProbe:\n  httpGet: {path: /healthz, port: 8080}'),
  },
  {
    rule: 'readiness-probe',
    flagged: pod('', '#!c\nlivenessProbe: {tcpSocket: {port: 8080}}'),
    clean: pod('', 'readinessProbe:\n  tcpSocket: {port: 8080}'),
  },
  {
    rule: 'secrets-in-env',
    flagged: pod('', 'env:\n  - name: LOG_LEVEL\n    value: debug\n  - name: DB_PASSWORD\n    value: "s3cr3t-Pa55" #!\n  - name: GITHUB_TOKEN\n    value: abcdef0123456789 #!'),
    clean: pod('', 'env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: {name: db, key: password}\n  - name: TOKEN_TTL_SECONDS\n    value: "3600"\n  - name: API_TOKEN\n    value: $(TOKEN_FROM_FILE)\n  - name: PASSWORD_FILE\n    value: /run/secrets/db'),
  },
  {
    rule: 'docker-socket-mount',
    flagged: pod('volumes:\n  - name: sock\n    hostPath:\n      path: /var/run/docker.sock #!\n      type: Socket'),
    clean: pod('volumes:\n  - name: logs\n    hostPath:\n      path: /var/log/app'),
  },
];

/** Expected 1-based lines: those ending in `#!`. */
export function markedLines(text: string): number[] {
  return text
    .split('\n')
    .map((l, i) => (/#!\s*$/.test(l) ? i + 1 : 0))
    .filter((n) => n > 0);
}

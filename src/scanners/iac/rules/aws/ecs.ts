/** ECS clusters, services and task definitions. */
import { blocks, str } from '../cloud/attr.js';
import type { CloudReport, CloudRule } from '../cloud/types.js';
import type { Resource } from '../../model/resource.js';
import { containers, jsonFalse, jsonTrue, type Container } from './ecs-container-defs.js';
import { isSecretName, looksLikeSecretValue } from './ecs-secret-names.js';
import { awsRule, field, flagTrue, isOneOf } from './rds-util.js';

const TASK = 'aws_ecs_task_definition';

/** Reports once per task definition, at the first offending container, naming all of them. */
function eachBad(r: Resource, report: CloudReport, bad: (c: Container) => string | undefined, what: string): void {
  const hits: { c: Container; key: string }[] = [];
  for (const c of containers(r.attrs['container_definitions']) ?? []) {
    const key = bad(c);
    if (key !== undefined) hits.push({ c, key });
  }
  const first = hits[0];
  if (!first) return;
  const names = hits.map((h) => h.c.name).join(', ');
  report(`container_definitions.${first.c.index}.${first.key}`, `${r.address}: ${what} (${names})`);
}

export const ecsPrivileged = awsRule({
  id: 'ecs-task-privileged-container',
  title: 'ECS task runs a privileged container',
  severity: 'high',
  cwe: [250],
  description: 'A privileged container gets every Linux capability and access to host devices; a compromise of it is a compromise of the container instance and every task on it.',
  remediation: 'Remove `"privileged": true` from the container definition; add only the specific `linuxParameters.capabilities` needed.',
  types: [TASK],
  doc: 'ecs_task_definition',
  check(r, report) {
    eachBad(r, report, (c) => (jsonTrue(field(c.def, 'privileged')) ? 'privileged' : undefined), 'privileged container');
  },
});

export const ecsRootUser = awsRule({
  id: 'ecs-task-root-user',
  title: 'ECS container explicitly runs as root',
  severity: 'medium',
  cwe: [250],
  description: 'A container told to run as root (user `root` or uid 0) turns any code execution bug into root inside the container, one step from a container escape.',
  remediation: 'Set `"user"` to a non-root uid:gid (e.g. `"1000:1000"`), or drop it and use an image with a non-root USER.',
  types: [TASK],
  check(r, report) {
    eachBad(
      r,
      report,
      (c) => {
        const u = field(c.def, 'user');
        if (typeof u !== 'string') return undefined;
        const who = u.split(':')[0]?.trim().toLowerCase();
        return who === 'root' || who === '0' ? 'user' : undefined;
      },
      'container runs as root',
    );
  },
});

export const ecsPlaintextSecret = awsRule({
  id: 'ecs-task-plaintext-secret',
  title: 'ECS container passes a secret in a plain environment variable',
  severity: 'high',
  cwe: [798, 312],
  description: 'Values in `environment` are stored in the task definition in clear text and shown to anyone who can describe it; a credential there leaks through the console, the API and state files.',
  remediation: 'Move the value to Secrets Manager or SSM Parameter Store and reference it with `"secrets": [{"name": ..., "valueFrom": <arn>}]`.',
  types: [TASK],
  check(r, report) {
    eachBad(
      r,
      report,
      (c) => {
        const env = field(c.def, 'environment');
        if (!Array.isArray(env)) return undefined;
        const i = env.findIndex((e) => {
          const n = field(e, 'name');
          return typeof n === 'string' && isSecretName(n) && looksLikeSecretValue(field(e, 'value'));
        });
        return i < 0 ? undefined : `environment.${i}`;
      },
      'credential-like environment variable in clear text',
    );
  },
});

export const ecsHostNetwork = awsRule({
  id: 'ecs-task-host-network',
  title: 'ECS task uses the host network',
  severity: 'medium',
  cwe: [653],
  description: 'With `network_mode = "host"` containers share the instance network stack: they can bind any host port, reach the instance metadata service and bypass task-level security groups.',
  remediation: 'Use `network_mode = "awsvpc"` (or bridge) so each task gets its own network namespace.',
  types: [TASK],
  check(r, report) {
    if (isOneOf(r.attrs['network_mode'], 'host')) report('network_mode', `${r.address} shares the host network namespace`);
  },
});

export const ecsWritableRootFs = awsRule({
  id: 'ecs-task-writable-root-filesystem',
  title: 'ECS container root filesystem is explicitly writable',
  severity: 'low',
  cwe: [732],
  description: 'A writable root filesystem lets an attacker who gets code execution drop tools or modify binaries inside the container.',
  remediation: 'Set `"readonlyRootFilesystem": true` and mount writable volumes only where the app needs them.',
  types: [TASK],
  check(r, report) {
    eachBad(r, report, (c) => (jsonFalse(field(c.def, 'readonlyRootFilesystem')) ? 'readonlyRootFilesystem' : undefined), 'writable root filesystem');
  },
});

export const ecsEfsNoTransitEncryption = awsRule({
  id: 'ecs-task-efs-transit-encryption-disabled',
  title: 'ECS task mounts EFS without transit encryption',
  severity: 'medium',
  cwe: [319],
  description: 'An EFS volume mounted without transit encryption (the default is DISABLED) sends file data over NFS in clear text.',
  remediation: 'Set `efs_volume_configuration { transit_encryption = "ENABLED" }` on the volume.',
  types: [TASK],
  check(r, report) {
    for (const v of blocks(r.attrs, 'volume')) {
      const efs = blocks(v.block, 'efs_volume_configuration', v.path)[0];
      if (!efs) continue;
      const t = efs.block['transit_encryption'];
      if (t === undefined || t === null || isOneOf(t, 'DISABLED')) {
        report(`${efs.path}.transit_encryption`, `${r.address} mounts EFS volume ${str(v.block['name']) ?? v.path} without transit encryption`);
      }
    }
  },
});

export const ecsContainerInsightsDisabled = awsRule({
  id: 'ecs-cluster-container-insights-disabled',
  title: 'ECS cluster has Container Insights off',
  severity: 'low',
  cwe: [778],
  description: 'Without Container Insights there are no per-task metrics and performance events to notice abuse such as crypto-mining or restart loops.',
  remediation: 'Add `setting { name = "containerInsights", value = "enabled" }` (or "enhanced").',
  types: ['aws_ecs_cluster'],
  check(r, report, { graph }) {
    const s = blocks(r.attrs, 'setting').find((b) => b.block['name'] === 'containerInsights');
    if (s) {
      if (isOneOf(s.block['value'], 'disabled')) report(`${s.path}.value`, `${r.address} turns Container Insights off`);
      return;
    }
    const setting = r.attrs['setting'];
    if (setting !== undefined && setting !== null && !Array.isArray(setting)) return; // dynamic, unknown
    if (Array.isArray(setting) && blocks(r.attrs, 'setting').some((b) => typeof b.block['name'] !== 'string')) return;
    // The account default applies to clusters that do not say.
    const acct = graph.ofType('aws_ecs_account_setting_default').some((a) => {
      const n = a.attrs['name'];
      if (typeof n !== 'string') return true; // unknown name: it might be this setting
      return n === 'containerInsights' && !isOneOf(a.attrs['value'], 'disabled');
    });
    if (acct) return;
    report(null, `${r.address} does not enable Container Insights`);
  },
});

export const ecsHostNamespaces = awsRule({
  id: 'ecs-task-host-pid-ipc',
  title: 'ECS task shares the host PID or IPC namespace',
  severity: 'medium',
  cwe: [653],
  description: 'With `pid_mode` or `ipc_mode` set to "host", containers see and can signal every process on the instance, or read its shared memory, including other tasks.',
  remediation: 'Remove `pid_mode = "host"` / `ipc_mode = "host"` (use "task" to share only within the task).',
  types: [TASK],
  check(r, report) {
    for (const attr of ['pid_mode', 'ipc_mode']) {
      if (isOneOf(r.attrs[attr], 'host')) report(attr, `${r.address} shares the host ${attr === 'pid_mode' ? 'process' : 'IPC'} namespace`);
    }
  },
});

/** Capabilities that amount to root on the host or its network. */
const DANGEROUS_CAPS = new Set(['ALL', 'SYS_ADMIN', 'SYS_MODULE', 'SYS_PTRACE', 'SYS_RAWIO', 'DAC_READ_SEARCH', 'BPF']);

export const ecsDangerousCapabilities = awsRule({
  id: 'ecs-task-dangerous-capabilities',
  title: 'ECS container adds dangerous Linux capabilities',
  severity: 'high',
  cwe: [250],
  description: 'Capabilities such as SYS_ADMIN, SYS_MODULE, SYS_PTRACE or ALL let a compromised container escape to the host or tamper with other containers.',
  remediation: 'Remove these entries from `linuxParameters.capabilities.add`; drop ALL and add back only what the process needs.',
  types: [TASK],
  check(r, report) {
    eachBad(
      r,
      report,
      (c) => {
        const add = field(field(field(c.def, 'linuxParameters'), 'capabilities'), 'add');
        if (!Array.isArray(add)) return undefined;
        const bad = add.some((x) => typeof x === 'string' && DANGEROUS_CAPS.has(x.toUpperCase().replace(/^CAP_/, '')));
        return bad ? 'linuxParameters' : undefined;
      },
      'container adds a capability that grants host-level control',
    );
  },
});

export const ecsDockerSocket = awsRule({
  id: 'ecs-task-docker-socket-mount',
  title: 'ECS task mounts the Docker socket',
  severity: 'high',
  cwe: [250],
  description: 'A container with the host Docker socket can start privileged containers and read every other container, which is root on the instance.',
  remediation: 'Remove the volume whose `host_path` is the Docker (or containerd) socket.',
  types: [TASK],
  check(r, report) {
    for (const v of blocks(r.attrs, 'volume')) {
      const p = str(v.block['host_path']);
      if (p && /\/(?:docker|containerd)\.sock$/.test(p)) report(`${v.path}.host_path`, `${r.address} mounts ${p} into its containers`);
    }
  },
});

export const ecsServicePublicIp = awsRule({
  id: 'ecs-service-public-ip',
  title: 'ECS service gives its tasks public IP addresses',
  severity: 'medium',
  cwe: [284],
  description: 'Tasks with public IP addresses can be reached from the internet wherever their security groups allow, instead of only through a load balancer.',
  remediation: 'Set `network_configuration { assign_public_ip = false }`, run tasks in private subnets and use NAT or VPC endpoints for egress.',
  types: ['aws_ecs_service'],
  check(r, report) {
    flagTrue(r, 'network_configuration.0.assign_public_ip', report, `${r.address} assigns public IP addresses to its tasks`);
  },
});

export const ecsRules: CloudRule[] = [
  ecsPrivileged,
  ecsRootUser,
  ecsPlaintextSecret,
  ecsHostNetwork,
  ecsWritableRootFs,
  ecsEfsNoTransitEncryption,
  ecsContainerInsightsDisabled,
  ecsHostNamespaces,
  ecsDangerousCapabilities,
  ecsDockerSocket,
  ecsServicePublicIp,
];


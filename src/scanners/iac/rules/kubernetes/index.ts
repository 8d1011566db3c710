import type { Finding } from '../../../../core/finding.js';
import { ruleFinding } from '../../../../core/rule-finding.js';
import type { ScanIssue } from '../../../../core/scanner.js';
import { parseManifests, type KObject, type Pos } from '../../formats/kubernetes/parse.js';
import { PREFIX, type KubeRule } from './types.js';
import { allowPrivilegeEscalation } from './allow-privilege-escalation.js';
import { apparmorProfile } from './apparmor-profile.js';
import { capabilitiesAddRestricted } from './capabilities-add-restricted.js';
import { capabilitiesBaseline } from './capabilities-baseline.js';
import { capabilitiesDropAll } from './capabilities-drop-all.js';
import { cpuLimit } from './cpu-limit.js';
import { cpuRequest } from './cpu-request.js';
import { defaultNamespace } from './default-namespace.js';
import { dockerSocketMount } from './docker-socket-mount.js';
import { hostIPC } from './host-ipc.js';
import { hostNetwork } from './host-network.js';
import { hostPathVolume } from './host-path-volume.js';
import { hostPID } from './host-pid.js';
import { hostPort } from './host-port.js';
import { hostProcess } from './host-process.js';
import { imageDigest } from './image-digest.js';
import { imageLatestTag } from './image-latest-tag.js';
import { imagePullPolicy } from './image-pull-policy.js';
import { ingressTls } from './ingress-tls.js';
import { livenessProbe } from './liveness-probe.js';
import { memoryLimit } from './memory-limit.js';
import { memoryRequest } from './memory-request.js';
import { privileged } from './privileged.js';
import { procMount } from './proc-mount.js';
import { rbacAnonymousBinding } from './rbac-anonymous-binding.js';
import { rbacAuthenticatedBinding } from './rbac-authenticated-binding.js';
import { rbacBind } from './rbac-bind.js';
import { rbacClusterAdminBinding } from './rbac-cluster-admin-binding.js';
import { rbacCreatePods } from './rbac-create-pods.js';
import { rbacEscalate } from './rbac-escalate.js';
import { rbacImpersonate } from './rbac-impersonate.js';
import { rbacNodesProxy } from './rbac-nodes-proxy.js';
import { rbacPodsExec } from './rbac-pods-exec.js';
import { rbacSecretsRead } from './rbac-secrets-read.js';
import { rbacTokenCreate } from './rbac-token-create.js';
import { rbacWildcardApiGroups } from './rbac-wildcard-api-groups.js';
import { rbacWildcardResources } from './rbac-wildcard-resources.js';
import { rbacWildcardVerbs } from './rbac-wildcard-verbs.js';
import { readOnlyRootFilesystem } from './read-only-root-filesystem.js';
import { readinessProbe } from './readiness-probe.js';
import { runAsNonRoot } from './run-as-non-root.js';
import { runAsRootGroup } from './run-as-root-group.js';
import { runAsUserRoot } from './run-as-user-root.js';
import { seccompRequired } from './seccomp-required.js';
import { seccompUnconfined } from './seccomp-unconfined.js';
import { secretsInEnv } from './secrets-in-env.js';
import { selinuxType } from './selinux-type.js';
import { selinuxUserRole } from './selinux-user-role.js';
import { serviceAccountTokenAutomount } from './service-account-token-automount.js';
import { serviceExternalIps } from './service-external-ips.js';
import { serviceLoadBalancerSourceRanges } from './service-load-balancer-source-ranges.js';
import { serviceNodePort } from './service-node-port.js';
import { unsafeSysctls } from './unsafe-sysctls.js';
import { volumeTypes } from './volume-types.js';

export type { KubeRule } from './types.js';

/** Every Kubernetes rule, one per file in this folder. */
export const kubernetesRules: readonly KubeRule[] = [
  allowPrivilegeEscalation,
  apparmorProfile,
  capabilitiesAddRestricted,
  capabilitiesBaseline,
  capabilitiesDropAll,
  cpuLimit,
  cpuRequest,
  defaultNamespace,
  dockerSocketMount,
  hostIPC,
  hostNetwork,
  hostPathVolume,
  hostPID,
  hostPort,
  hostProcess,
  imageDigest,
  imageLatestTag,
  imagePullPolicy,
  ingressTls,
  livenessProbe,
  memoryLimit,
  memoryRequest,
  privileged,
  procMount,
  rbacAnonymousBinding,
  rbacAuthenticatedBinding,
  rbacBind,
  rbacClusterAdminBinding,
  rbacCreatePods,
  rbacEscalate,
  rbacImpersonate,
  rbacNodesProxy,
  rbacPodsExec,
  rbacSecretsRead,
  rbacTokenCreate,
  rbacWildcardApiGroups,
  rbacWildcardResources,
  rbacWildcardVerbs,
  readOnlyRootFilesystem,
  readinessProbe,
  runAsNonRoot,
  runAsRootGroup,
  runAsUserRoot,
  seccompRequired,
  seccompUnconfined,
  secretsInEnv,
  selinuxType,
  selinuxUserRole,
  serviceAccountTokenAutomount,
  serviceExternalIps,
  serviceLoadBalancerSourceRanges,
  serviceNodePort,
  unsafeSysctls,
  volumeTypes,
];

/** Annotation that suppresses rules on one object: `"<rule>[,<rule>...] -- <reason>"`. */
export const IGNORE_ANNOTATION = 'rampart.io/ignore';

export interface KubernetesAudit {
  findings: Finding[];
  suppressed: { finding: Finding; reason: string }[];
  issues: ScanIssue[];
}

interface Ignore {
  ids: Map<string, Pos>;
  reason: string;
  used: Set<string>;
}

const byId = new Map(kubernetesRules.map((r) => [r.id, r]));

function readIgnore(path: string, o: KObject, issues: ScanIssue[]): Ignore | undefined {
  const notes = [o.annotations.get(IGNORE_ANNOTATION), o.podSpec?.annotations.get(IGNORE_ANNOTATION)].filter(
    (a): a is { value: string; pos: Pos } => a !== undefined,
  );
  if (notes.length === 0) return undefined;
  const ig: Ignore = { ids: new Map(), reason: '', used: new Set() };
  const reasons: string[] = [];
  for (const a of notes) {
    const sep = a.value.indexOf('--');
    const reason = sep < 0 ? '' : a.value.slice(sep + 2).trim();
    if (!reason) {
      issues.push({
        path,
        line: a.pos.line,
        kind: 'config',
        scanner: 'iac',
        message: `${path}:${a.pos.line}: ${IGNORE_ANNOTATION} needs a reason ("<rule>[,<rule>] -- <reason>"); nothing suppressed`,
      });
      continue;
    }
    reasons.push(reason);
    for (const raw of a.value.slice(0, sep).split(',')) {
      const t = raw.trim();
      if (!t) continue;
      const id = t.startsWith(PREFIX) ? t : `${PREFIX}${t}`;
      if (!byId.has(id)) {
        issues.push({ path, line: a.pos.line, kind: 'config', scanner: 'iac', message: `${path}:${a.pos.line}: ${IGNORE_ANNOTATION} names unknown rule ${t}` });
        continue;
      }
      ig.ids.set(id, a.pos);
    }
  }
  ig.reason = reasons.join('; ');
  return ig.ids.size ? ig : undefined;
}

/** Parses one manifest file and runs every rule; never throws. */
export function auditKubernetes(path: string, content: string, rules: readonly KubeRule[] = kubernetesRules): KubernetesAudit {
  const out: KubernetesAudit = { findings: [], suppressed: [], issues: [] };
  let objects: KObject[];
  try {
    const parsed = parseManifests(path, content);
    objects = parsed.objects;
    out.issues.push(...parsed.issues);
  } catch (e) {
    out.issues.push({ path, kind: 'unparsable', scanner: 'iac', message: `${path}: cannot parse: ${(e as Error).message}` });
    return out;
  }
  const ctx = { objects };
  for (const o of objects) {
    const ignore = readIgnore(path, o, out.issues);
    const ident = `${o.kind}/${o.namespace ?? ''}/${o.name}`;
    for (const rule of rules) {
      try {
        rule.check(
          o,
          (at, message, fieldPath) => {
            const f = ruleFinding(rule, { path, line: at.line, column: at.column }, message, `${ident}#${fieldPath}`);
            if (ignore?.ids.has(rule.id)) {
              ignore.used.add(rule.id);
              out.suppressed.push({ finding: f, reason: ignore.reason });
            } else out.findings.push(f);
          },
          ctx,
        );
      } catch (e) {
        out.issues.push({ path, line: o.pos.line, kind: 'other', scanner: 'iac', message: `${path}:${o.pos.line}: rule ${rule.id} failed on ${o.kind} ${o.name}: ${(e as Error).message}` });
      }
    }
    if (ignore && rules === kubernetesRules) {
      for (const [id, pos] of ignore.ids) {
        if (!ignore.used.has(id)) {
          out.issues.push({ path, line: pos.line, kind: 'config', scanner: 'iac', message: `${path}:${pos.line}: ${IGNORE_ANNOTATION} lists ${id} but it reports nothing on ${o.kind} ${o.name} (unused suppression)` });
        }
      }
    }
  }
  out.findings.sort((a, b) => a.location.startLine - b.location.startLine || a.location.startColumn - b.location.startColumn || a.ruleId.localeCompare(b.ruleId));
  return out;
}

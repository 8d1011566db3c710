import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { containerSc, field, isCompletePod, isWindows, podSc } from './util.js';

export const seccompRequired: KubeRule = {
  id: `${PREFIX}seccomp-required`,
  title: 'No seccomp profile set',
  severity: 'low',
  cwe: [693],
  description: 'Without a seccomp profile the container runs with every system call allowed on most runtimes (Pod Security Standards restricted: seccompProfile.type must be RuntimeDefault or Localhost; container fields may be undefined only when the pod-level profile is set; Windows pods are exempt). Explicit Unconfined is reported by seccomp-unconfined.',
  remediation: 'Set `securityContext.seccompProfile.type: RuntimeDefault` in the pod spec.',
  references: [PSS_URL],
  check(o, report) {
    const p = o.podSpec;
    if (!p || !isCompletePod(p) || isWindows(p)) return;
    // Legacy annotations (before the field existed) also set the profile.
    const pod = field(podSc(p), 'seccompProfile.type') ?? p.annotations.get('seccomp.security.alpha.kubernetes.io/pod');
    if (pod) return; // set at pod level: valid values satisfy every container that does not override; Unconfined is seccomp-unconfined
    const missing = p.containers
      .filter((c) => !field(containerSc(c), 'seccompProfile.type') && !p.annotations.has(`container.seccomp.security.alpha.kubernetes.io/${c.name}`))
      .map((c) => c.name);
    if (missing.length) report(p.pos, `no seccomp profile for containers ${missing.join(', ')} (not set on the pod or the containers)`, `${p.path}.securityContext.seccompProfile.type`);
  },
};

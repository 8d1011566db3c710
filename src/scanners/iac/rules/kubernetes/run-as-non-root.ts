import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { containerLabel, containerSc, field, isCompletePod, isTrue, podSc } from './util.js';

export const runAsNonRoot: KubeRule = {
  id: `${PREFIX}run-as-non-root`,
  title: 'Containers not required to run as non-root',
  severity: 'medium',
  cwe: [250],
  description: 'Without runAsNonRoot: true the kubelet starts an image that runs as root (Pod Security Standards restricted: runAsNonRoot must be true; container fields may be undefined only when the pod-level field is true, and a container value overrides the pod value).',
  remediation: 'Set `securityContext.runAsNonRoot: true` in the pod spec (or on every container) and run the image as a non-root user.',
  references: [PSS_URL],
  check(o, report) {
    const p = o.podSpec;
    if (!p || p.containers.length === 0) return;
    const pod = field(podSc(p), 'runAsNonRoot');
    const podOk = pod !== undefined && isTrue(pod.value);
    const missing: string[] = [];
    for (const c of p.containers) {
      const f = field(containerSc(c), 'runAsNonRoot');
      if (f) {
        if (!isTrue(f.value)) report(f.pos, `${containerLabel(c)} sets runAsNonRoot: ${String(f.value)}`, `${c.path}.securityContext.runAsNonRoot`);
      } else if (!podOk) missing.push(c.name);
    }
    if (missing.length === 0 || (!pod && !isCompletePod(p))) return;
    const list = missing.join(', ');
    if (pod) report(pod.pos, `pod sets runAsNonRoot: ${String(pod.value)} and containers ${list} do not override it`, `${p.path}.securityContext.runAsNonRoot`);
    else report(p.pos, `runAsNonRoot is not true for containers ${list} (not set on the pod or the containers)`, `${p.path}.securityContext.runAsNonRoot`);
  },
};

import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { field, isTrue } from './util.js';

export const hostPID: KubeRule = {
  id: `${PREFIX}host-pid`,
  title: 'Pod uses the host PID namespace',
  severity: 'high',
  cwe: [653],
  description: 'A pod with hostPID: true shares the node\'s process namespace, so it can see and signal every process on the node (Pod Security Standards baseline: host namespaces).',
  remediation: 'Remove `hostPID: true` from the pod spec (or set it to false).',
  references: [PSS_URL],
  check(o, report) {
    const p = o.podSpec;
    if (!p) return;
    const f = field(p.node, 'hostPID');
    if (f && isTrue(f.value)) report(f.pos, 'pod spec sets hostPID: true', `${p.path}.hostPID`);
  },
};

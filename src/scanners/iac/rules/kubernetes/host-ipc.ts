import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { field, isTrue } from './util.js';

export const hostIPC: KubeRule = {
  id: `${PREFIX}host-ipc`,
  title: 'Pod uses the host IPC namespace',
  severity: 'high',
  cwe: [653],
  description: 'A pod with hostIPC: true shares the node\'s IPC namespace, so it can read shared memory of other processes on the node (Pod Security Standards baseline: host namespaces).',
  remediation: 'Remove `hostIPC: true` from the pod spec (or set it to false).',
  references: [PSS_URL],
  check(o, report) {
    const p = o.podSpec;
    if (!p) return;
    const f = field(p.node, 'hostIPC');
    if (f && isTrue(f.value)) report(f.pos, 'pod spec sets hostIPC: true', `${p.path}.hostIPC`);
  },
};

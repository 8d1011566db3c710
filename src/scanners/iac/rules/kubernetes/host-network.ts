import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { field, isTrue } from './util.js';

export const hostNetwork: KubeRule = {
  id: `${PREFIX}host-network`,
  title: 'Pod uses the host Network namespace',
  severity: 'high',
  cwe: [653],
  description: 'A pod with hostNetwork: true shares the node\'s network namespace, so it can sniff node traffic and reach services bound to localhost (Pod Security Standards baseline: host namespaces).',
  remediation: 'Remove `hostNetwork: true` from the pod spec (or set it to false).',
  references: [PSS_URL],
  check(o, report) {
    const p = o.podSpec;
    if (!p) return;
    const f = field(p.node, 'hostNetwork');
    if (f && isTrue(f.value)) report(f.pos, 'pod spec sets hostNetwork: true', `${p.path}.hostNetwork`);
  },
};

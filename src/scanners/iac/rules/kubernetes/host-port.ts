import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { containerLabel, eachContainer, field, getSeq } from './util.js';

export const hostPort: KubeRule = {
  id: `${PREFIX}host-port`,
  title: 'Container binds a host port',
  severity: 'medium',
  cwe: [668],
  description: 'hostPort binds a port on the node itself, bypassing Service and NetworkPolicy controls (Pod Security Standards baseline: hostPort must be undefined or 0).',
  remediation: 'Remove `hostPort` and expose the container through a Service.',
  references: [PSS_URL],
  check(o, report) {
    eachContainer(o, (c) => {
      getSeq(c.node, 'ports')?.items.forEach((port, i) => {
        const f = field(port, 'hostPort');
        if (f && f.value !== 0 && f.value !== '0') {
          report(f.pos, `${containerLabel(c)} binds host port ${String(f.value)}`, `${c.path}.ports[${i}].hostPort`);
        }
      });
    });
  },
};

import { PREFIX, type KubeRule } from './types.js';
import { field, getMap, objectLabel } from './util.js';

export const defaultNamespace: KubeRule = {
  id: `${PREFIX}default-namespace`,
  title: 'Object placed in the default namespace',
  severity: 'info',
  cwe: [653],
  description: 'Workloads in the default namespace share it with everything else deployed without thought, which makes RBAC, NetworkPolicy and Pod Security admission hard to scope. Objects without a namespace are not reported: the deploy tool decides.',
  remediation: 'Deploy into a dedicated namespace.',
  references: ['https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/'],
  check(o, report) {
    const f = field(getMap(o.node, 'metadata'), 'namespace');
    if (f && f.value === 'default') report(f.pos, `${objectLabel(o)} is in the default namespace`, 'metadata.namespace');
  },
};

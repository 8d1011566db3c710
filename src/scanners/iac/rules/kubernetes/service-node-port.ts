import { PREFIX, type KubeRule } from './types.js';
import { field, getMap, objectLabel } from './util.js';

export const serviceNodePort: KubeRule = {
  id: `${PREFIX}service-node-port`,
  title: 'NodePort Service',
  severity: 'low',
  cwe: [284],
  description: 'A NodePort Service opens the port on every node, often bypassing the load balancer\'s access controls and exposing the workload wherever nodes are reachable.',
  remediation: 'Use a ClusterIP Service behind an Ingress or an internal LoadBalancer.',
  references: ['https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport'],
  check(o, report) {
    if (o.kind !== 'Service') return;
    const type = field(getMap(o.node, 'spec'), 'type');
    if (type && type.value === 'NodePort') report(type.pos, `${objectLabel(o)} is of type NodePort`, 'spec.type');
  },
};

import { isOpenToWorld } from '../cloud/attr.js';
import { PREFIX, type KubeRule } from './types.js';
import { field, getMap, objectLabel, scalars } from './util.js';

/** Annotations that make a LoadBalancer internal (not reachable from the internet). */
const INTERNAL: [string, RegExp][] = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', /^(true|0\.0\.0\.0\/0)$/i],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', /^internal$/i],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', /^true$/i],
  ['networking.gke.io/load-balancer-type', /^internal$/i],
  ['cloud.google.com/load-balancer-type', /^internal$/i],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', /^true$/i],
];

export const serviceLoadBalancerSourceRanges: KubeRule = {
  id: `${PREFIX}service-load-balancer-source-ranges`,
  title: 'LoadBalancer Service open to any source',
  severity: 'medium',
  cwe: [284],
  description: 'A LoadBalancer Service without loadBalancerSourceRanges (or with 0.0.0.0/0) is reachable from the whole internet on clouds that provision public load balancers.',
  remediation: 'Set `spec.loadBalancerSourceRanges` to the client CIDRs, or make the load balancer internal.',
  references: ['https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer'],
  check(o, report) {
    if (o.kind !== 'Service') return;
    const spec = getMap(o.node, 'spec');
    const type = field(spec, 'type');
    if (!type || type.value !== 'LoadBalancer') return;
    for (const [k, re] of INTERNAL) {
      const a = o.annotations.get(k);
      if (a && re.test(a.value)) return;
    }
    const ranges = scalars(field(spec, 'loadBalancerSourceRanges')?.node);
    const annotated = o.annotations.get('service.beta.kubernetes.io/load-balancer-source-ranges');
    if (annotated) {
      if (annotated.value.split(',').some(isOpenToWorld)) report(annotated.pos, `${objectLabel(o)} allows any source`, 'metadata.annotations[load-balancer-source-ranges]');
      return;
    }
    if (ranges.length === 0) {
      report(type.pos, `${objectLabel(o)} is a LoadBalancer without loadBalancerSourceRanges`, 'spec.loadBalancerSourceRanges');
      return;
    }
    for (const r of ranges) {
      if (isOpenToWorld(r.value)) report(r.pos, `${objectLabel(o)} allows ${r.value}`, `spec.loadBalancerSourceRanges[${r.value}]`);
    }
  },
};

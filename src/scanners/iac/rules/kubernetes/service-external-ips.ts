import { PREFIX, type KubeRule } from './types.js';
import { field, getMap, objectLabel, scalars } from './util.js';

export const serviceExternalIps: KubeRule = {
  id: `${PREFIX}service-external-ips`,
  title: 'Service sets externalIPs',
  severity: 'medium',
  cwe: [284],
  description: 'spec.externalIPs makes nodes accept traffic for arbitrary IPs and can be used to intercept traffic meant for other destinations (CVE-2020-8554).',
  remediation: 'Remove `spec.externalIPs`; use a LoadBalancer or Ingress, and block the field with admission policy.',
  references: ['https://github.com/kubernetes/kubernetes/issues/97076'],
  check(o, report) {
    if (o.kind !== 'Service') return;
    const f = field(getMap(o.node, 'spec'), 'externalIPs');
    if (f && scalars(f.node).length > 0) report(f.pos, `${objectLabel(o)} sets externalIPs`, 'spec.externalIPs');
  },
};

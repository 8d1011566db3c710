import { PREFIX, type KubeRule } from './types.js';
import { field, getEntry, objectLabel } from './util.js';

export const ingressTls: KubeRule = {
  id: `${PREFIX}ingress-tls`,
  title: 'Ingress without TLS',
  severity: 'medium',
  cwe: [319],
  description: 'An Ingress without spec.tls serves plain HTTP, so credentials and session data cross the network unencrypted.',
  remediation: 'Add a `spec.tls` entry with the hosts and a certificate Secret (e.g. issued by cert-manager).',
  references: ['https://kubernetes.io/docs/concepts/services-networking/ingress/#tls'],
  check(o, report) {
    if (o.kind !== 'Ingress') return;
    const spec = getEntry(o.node, 'spec');
    if (!spec) return;
    const tls = field(spec.value, 'tls');
    if (tls && tls.node.type === 'seq' && tls.node.items.length > 0) return;
    report(tls?.pos ?? spec.keyPos, `${objectLabel(o)} has no TLS configuration`, 'spec.tls');
  },
};

import type { CloudRule } from '../cloud/types.js';
import { docs, find, isOldTls } from './util.js';

/** Event Hubs and Service Bus namespaces share `minimum_tls_version` ("1.0", "1.1", "1.2"). */
function tlsRule(key: string, service: string, type: string): CloudRule {
  return {
    id: `iac/azure/${key}-namespace-tls-below-1-2`,
    title: `${service} namespace allows TLS older than 1.2`,
    severity: 'medium',
    cwe: [327],
    description: `A minimum TLS version of 1.0 or 1.1 lets ${service} clients connect with deprecated protocols, weakening the protection of messages and SAS tokens in transit.`,
    remediation: 'Set `minimum_tls_version = "1.2"` (the default in azurerm v3 and later).',
    references: [docs(type.replace('azurerm_', ''))],
    provider: 'azure',
    types: [type],
    check(r, report) {
      const f = find(r, 'minimum_tls_version');
      if (f && isOldTls(f.value)) report(f.path, `minimum TLS version is ${String(f.value)}`);
    },
  };
}

export const messagingRules: CloudRule[] = [
  tlsRule('eventhub', 'Event Hubs', 'azurerm_eventhub_namespace'),
  tlsRule('servicebus', 'Service Bus', 'azurerm_servicebus_namespace'),
];

import type { CloudRule } from '../cloud/types.js';
import { docs, explicitTrue, find, isOldTls } from './util.js';

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

function publicRule(key: string, service: string, type: string): CloudRule {
  return {
    id: `iac/azure/${key}-namespace-public-network-access`,
    title: `${service} namespace explicitly enables public network access`,
    severity: 'low',
    cwe: [284],
    description: `A ${service} namespace open to public networks accepts connections from the internet, protected only by SAS keys or tokens.`,
    remediation: 'Set `public_network_access_enabled = false` and use private endpoints.',
    references: [docs(type.replace('azurerm_', ''))],
    provider: 'azure',
    types: [type],
    check(r, report) {
      const f = explicitTrue(r, ['public_network_access_enabled']);
      if (f) report(f.path, 'public network access is enabled');
    },
  };
}

/** Event Hubs calls it `local_authentication_enabled`, Service Bus `local_auth_enabled`. */
function localAuthRule(key: string, service: string, type: string, attr: string): CloudRule {
  return {
    id: `iac/azure/${key}-namespace-local-auth-enabled`,
    title: `${service} namespace explicitly keeps SAS key authentication`,
    severity: 'low',
    cwe: [287],
    description: `Shared access keys on a ${service} namespace are long-lived shared secrets outside Entra ID; disabling local auth forces identity-based access that can be scoped and audited.`,
    remediation: `Set \`${attr} = false\` and grant ${service} data roles to identities.`,
    references: [docs(type.replace('azurerm_', ''))],
    provider: 'azure',
    types: [type],
    check(r, report) {
      const f = explicitTrue(r, [attr]);
      if (f) report(f.path, 'local (SAS key) authentication is enabled');
    },
  };
}

export const messagingRules: CloudRule[] = [
  tlsRule('eventhub', 'Event Hubs', 'azurerm_eventhub_namespace'),
  tlsRule('servicebus', 'Service Bus', 'azurerm_servicebus_namespace'),
  publicRule('eventhub', 'Event Hubs', 'azurerm_eventhub_namespace'),
  publicRule('servicebus', 'Service Bus', 'azurerm_servicebus_namespace'),
  localAuthRule('eventhub', 'Event Hubs', 'azurerm_eventhub_namespace', 'local_authentication_enabled'),
  localAuthRule('servicebus', 'Service Bus', 'azurerm_servicebus_namespace', 'local_auth_enabled'),
];

import type { CloudRule } from '../cloud/types.js';
import { docs, explicitTrue, falseAt, openFirewallRule } from './util.js';

const dataFactoryPublic: CloudRule = {
  id: 'iac/azure/data-factory-public-network',
  title: 'Data Factory explicitly enables public network access',
  severity: 'medium',
  cwe: [284],
  description: 'A data factory reachable from public networks exposes its authoring and integration-runtime endpoints to the internet; private endpoints keep pipeline control private.',
  remediation: 'Set `public_network_enabled = false` and reach the factory through a private endpoint.',
  references: [docs('data_factory')],
  provider: 'azure',
  types: ['azurerm_data_factory'],
  check(r, report) {
    const f = explicitTrue(r, ['public_network_enabled']);
    if (f) report(f.path, 'public network access is enabled');
  },
};

const synapsePublic: CloudRule = {
  id: 'iac/azure/synapse-workspace-public-network',
  title: 'Synapse workspace explicitly enables public network access',
  severity: 'medium',
  cwe: [284],
  description: 'A Synapse workspace open to public networks exposes its SQL and development endpoints to the internet, guarded only by firewall rules and credentials.',
  remediation: 'Set `public_network_access_enabled = false` and use managed private endpoints.',
  references: [docs('synapse_workspace')],
  provider: 'azure',
  types: ['azurerm_synapse_workspace'],
  check(r, report) {
    const f = explicitTrue(r, ['public_network_access_enabled']);
    if (f) report(f.path, 'public network access is enabled');
  },
};

const synapseFirewall = openFirewallRule({ id: 'synapse-firewall-open-to-internet', service: 'Synapse workspace', types: ['azurerm_synapse_firewall_rule'], doc: 'synapse_firewall_rule' });

const databricksPublicIp: CloudRule = {
  id: 'iac/azure/databricks-cluster-public-ip',
  title: 'Databricks cluster nodes get public IP addresses',
  severity: 'medium',
  cwe: [284],
  description: 'Without secure cluster connectivity (no_public_ip = false) every cluster VM gets a public IP and the workspace opens inbound ports to the control plane, widening the attack surface of nodes that hold data and credentials.',
  remediation: 'Set `custom_parameters { no_public_ip = true }` (secure cluster connectivity).',
  references: [docs('databricks_workspace')],
  provider: 'azure',
  types: ['azurerm_databricks_workspace'],
  check(r, report) {
    const f = falseAt(r, ['custom_parameters.no_public_ip']);
    if (f) report(f.path, 'secure cluster connectivity is off (nodes get public IPs)');
  },
};

export const dataAnalyticsRules: CloudRule[] = [dataFactoryPublic, synapsePublic, synapseFirewall, databricksPublicIp];

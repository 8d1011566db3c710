/**
 * Azure rules on hand-built resources (no loader): Unknown values never produce findings,
 * renamed azurerm attributes are read in both spellings, and the shared helpers parse what
 * the provider accepts.
 */
import { describe, expect, test } from 'vitest';
import { runCloudRules } from '../../../../src/scanners/iac/cloud.js';
import type { Resource } from '../../../../src/scanners/iac/model/resource.js';
import { Unknown, type Value } from '../../../../src/scanners/iac/model/value.js';
import { azureRules } from '../../../../src/scanners/iac/rules/azure/index.js';
import { operationMatches } from '../../../../src/scanners/iac/rules/azure/iam.js';
import { find, ipv4, isAllPorts, isOldTls, isWholeInternetRange, portRange, portRanges, publicAddressCount } from '../../../../src/scanners/iac/rules/azure/util.js';

const U = (): Unknown => new Unknown('var.x has no value');
/** A network profile with a policy engine, so AKS examples isolate the rule under test. */
const NET: Value = [{ network_plugin: 'azure', network_policy: 'azure' }];

let n = 0;
function res(type: string, attrs: Record<string, Value>, lines: Record<string, number> = {}, refs: Record<string, string[]> = {}, source: Resource['source'] = 'terraform'): Resource {
  n += 1;
  return {
    type,
    name: `r${n}`,
    address: `${type}.r${n}`,
    source,
    file: 'main.tf',
    line: 1,
    endLine: 50,
    attrs,
    lines: new Map(Object.entries(lines)),
    refs: new Map(Object.entries(refs)),
  };
}

/** Rule ids (without prefix) that fire on the resources, with the line each lands on. */
function run(...resources: Resource[]): string[] {
  const out = runCloudRules({ resources, issues: [], unresolved: [], sources: new Map() }, azureRules);
  return out.findings.map((f) => `${f.ruleId.replace('iac/azure/', '')}:${f.location.startLine}`).sort();
}

describe('Unknown values are never findings', () => {
  test('missing-attribute rules stay silent when the attribute is unknown', () => {
    expect(run(res('azurerm_key_vault', { purge_protection_enabled: U(), network_acls: U() }))).toEqual([]);
    expect(run(res('azurerm_kubernetes_cluster', { network_profile: NET, private_cluster_enabled: false, api_server_authorized_ip_ranges: U() }))).toEqual([]);
    expect(run(res('azurerm_key_vault_secret', { expiration_date: U() }))).toEqual([]);
    expect(run(res('azurerm_kubernetes_cluster', { network_profile: NET, private_cluster_enabled: U() }))).toEqual([]);
    expect(run(res('azurerm_kubernetes_cluster', { network_profile: NET, api_server_access_profile: U() }))).toEqual([]);
    expect(run(res('azurerm_kubernetes_cluster', { network_profile: NET, api_server_access_profile: [{ authorized_ip_ranges: [U()] }] }))).toEqual([]);
    expect(run(res('azurerm_kubernetes_cluster', { private_cluster_enabled: true, network_profile: U() }))).toEqual([]);
    expect(run(res('azurerm_kubernetes_cluster', { private_cluster_enabled: true, network_profile: [{ network_policy: U() }] }))).toEqual([]);
    expect(run(res('azurerm_cosmosdb_account', { ip_range_filter: U() }))).toEqual([]);
    expect(run(res('azurerm_cosmosdb_account', { ip_range_filter: [U()] }))).toEqual([]);
  });

  test('value rules stay silent on unknown values', () => {
    expect(run(res('azurerm_storage_account', { min_tls_version: U(), https_traffic_only_enabled: U(), allow_nested_items_to_be_public: U() }))).toEqual([]);
    expect(run(res('azurerm_mssql_firewall_rule', { start_ip_address: '0.0.0.0', end_ip_address: U() }))).toEqual([]);
    expect(run(res('azurerm_redis_cache', { non_ssl_port_enabled: U(), redis_configuration: U() }))).toEqual([]);
  });

  test('an NSG rule with an unknown port or source is not reported', () => {
    const rule = { direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_address_prefix: '*', destination_port_range: U() };
    expect(run(res('azurerm_network_security_group', { security_rule: [rule] }))).toEqual([]);
    expect(run(res('azurerm_network_security_rule', { ...rule, destination_port_range: '22', source_address_prefix: U() }))).toEqual([]);
    expect(run(res('azurerm_network_security_rule', { ...rule, destination_port_range: '22', direction: U() }))).toEqual([]);
  });
});

describe('NSG rules: protocol, port and source forms', () => {
  const rule = (over: Record<string, Value>): Resource =>
    res('azurerm_network_security_rule', { direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_address_prefix: '*', destination_port_range: '22', ...over }, { source_address_prefix: 5, source_address_prefixes: 6 });

  test('SSH is TCP only; RDP is TCP or UDP', () => {
    expect(run(rule({ protocol: 'Udp' }))).toEqual([]);
    expect(run(rule({ protocol: 'Udp', destination_port_range: '3389' }))).toEqual(['nsg-rdp-open-to-internet:5']);
    expect(run(rule({ protocol: '*' }))).toEqual(['nsg-ssh-open-to-internet:5']);
  });

  test('numeric ports, port lists and ranges', () => {
    expect(run(rule({ destination_port_range: 22 }))).toEqual(['nsg-ssh-open-to-internet:5']);
    expect(run(rule({ destination_port_range: null, destination_port_ranges: ['80', 5432] }))).toEqual(['nsg-database-port-open-to-internet:5']);
    expect(run(rule({ destination_port_range: '3000-3400' }))).toEqual(['nsg-database-port-open-to-internet:5', 'nsg-rdp-open-to-internet:5']);
    expect(run(rule({ destination_port_range: '443' }))).toEqual([]);
  });

  test('every port from the internet is one all-ports finding, not one per service', () => {
    expect(run(rule({ destination_port_range: '*' }))).toEqual(['nsg-all-ports-open-to-internet:5']);
    expect(run(rule({ destination_port_range: '0-65535', protocol: '*' }))).toEqual(['nsg-all-ports-open-to-internet:5']);
    expect(run(rule({ destination_port_range: '*', protocol: 'Icmp' }))).toEqual([]);
  });

  test('internet sources: *, Internet, Any, 0.0.0.0/0, in a prefix list; private and service tags are not', () => {
    for (const src of ['*', 'internet', 'Any', '0.0.0.0/0']) expect(run(rule({ source_address_prefix: src })), src).toEqual(['nsg-ssh-open-to-internet:5']);
    expect(run(rule({ source_address_prefix: null, source_address_prefixes: ['10.0.0.0/8', '0.0.0.0/0'] }))).toEqual(['nsg-ssh-open-to-internet:6']);
    for (const src of ['10.0.0.0/8', 'VirtualNetwork', 'AzureLoadBalancer', '203.0.113.4/32']) expect(run(rule({ source_address_prefix: src })), src).toEqual([]);
  });

  test('Deny and Outbound rules are not exposures', () => {
    expect(run(rule({ access: 'Deny' }))).toEqual([]);
    expect(run(rule({ direction: 'Outbound' }))).toEqual([]);
  });
});

describe('findings land on the offending attribute', () => {
  test('nested block attributes resolve through the block index', () => {
    const r = res(
      'azurerm_network_security_group',
      {
        security_rule: [
          { direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_address_prefix: '10.0.0.0/8', destination_port_range: '22' },
          { direction: 'inbound', access: 'allow', protocol: 'TCP', source_address_prefix: 'Internet', destination_port_range: '3380-3390' },
        ],
      },
      { 'security_rule.1': 9, 'security_rule.1.source_address_prefix': 12 },
    );
    expect(run(r)).toEqual(['nsg-rdp-open-to-internet:12']);
  });

  test('a missing attribute points at the block', () => {
    expect(run(res('azurerm_key_vault', {}))).toEqual(['key-vault-purge-protection-disabled:1']);
    expect(run(res('azurerm_key_vault_secret', { name: 's' }, { name: 3 }))).toEqual(['key-vault-secret-no-expiration:1']);
  });
});

describe('azurerm v3 and v4 spellings', () => {
  test('renamed switches are read under both names', () => {
    expect(run(res('azurerm_storage_account', { enable_https_traffic_only: false }, { enable_https_traffic_only: 4 }))).toEqual(['storage-account-https-disabled:4']);
    expect(run(res('azurerm_storage_account', { https_traffic_only_enabled: false }, { https_traffic_only_enabled: 5 }))).toEqual(['storage-account-https-disabled:5']);
    expect(run(res('azurerm_storage_account', { allow_blob_public_access: true }, { allow_blob_public_access: 6 }))).toEqual(['storage-account-public-blob-access:6']);
    expect(run(res('azurerm_redis_cache', { enable_non_ssl_port: true }, { enable_non_ssl_port: 7 }))).toEqual(['redis-non-ssl-port-enabled:7']);
    expect(run(res('azurerm_key_vault', { purge_protection_enabled: true, network_acls: [{ default_action: 'Deny' }], rbac_authorization_enabled: false }, { rbac_authorization_enabled: 8 }))).toEqual(['key-vault-rbac-disabled:8']);
  });

  test('v2 forms: nested RBAC block and ssl_enforcement string', () => {
    expect(run(res('azurerm_kubernetes_cluster', { network_profile: NET, private_cluster_enabled: true, role_based_access_control: [{ enabled: false }] }, { 'role_based_access_control.0.enabled': 3 }))).toEqual(['aks-rbac-disabled:3']);
    expect(run(res('azurerm_postgresql_server', { ssl_enforcement: 'Disabled' }, { ssl_enforcement: 4 }))).toEqual(['postgresql-server-ssl-disabled:4']);
  });

  test('TLSEnforcementDisabled beside SSL off is reported once, by the SSL rule', () => {
    const r = res('azurerm_mysql_server', { ssl_enforcement_enabled: false, ssl_minimal_tls_version_enforced: 'TLSEnforcementDisabled' }, { ssl_enforcement_enabled: 4, ssl_minimal_tls_version_enforced: 5 });
    expect(run(r)).toEqual(['mysql-server-ssl-disabled:4']);
    const on = res('azurerm_mysql_server', { ssl_enforcement_enabled: true, ssl_minimal_tls_version_enforced: 'TLSEnforcementDisabled' }, { ssl_minimal_tls_version_enforced: 5 });
    expect(run(on)).toEqual(['mysql-server-tls-below-1-2:5']);
  });

  test('a public AKS endpoint is one finding: unrestricted (medium) without ranges, not-private (low) with them', () => {
    const lines = { private_cluster_enabled: 4, api_server_authorized_ip_ranges: 5 };
    expect(run(res('azurerm_kubernetes_cluster', { network_profile: NET, private_cluster_enabled: false }, lines))).toEqual(['aks-api-server-unrestricted:4']);
    expect(run(res('azurerm_kubernetes_cluster', { network_profile: NET, private_cluster_enabled: false, api_server_authorized_ip_ranges: ['203.0.113.0/24'] }, lines))).toEqual([
      'aks-private-cluster-disabled:4',
    ]);
    expect(run(res('azurerm_kubernetes_cluster', { network_profile: NET, private_cluster_enabled: false, api_server_authorized_ip_ranges: ['0.0.0.0/0'] }, lines))).toEqual([
      'aks-api-server-unrestricted:5',
    ]);
  });

  test('Cosmos DB local auth in either spelling', () => {
    const closed = { public_network_access_enabled: false };
    expect(run(res('azurerm_cosmosdb_account', { ...closed, local_authentication_disabled: false }, { local_authentication_disabled: 3 }))).toEqual(['cosmosdb-account-local-auth-enabled:3']);
    expect(run(res('azurerm_cosmosdb_account', { ...closed, local_authentication_enabled: true }, { local_authentication_enabled: 4 }))).toEqual(['cosmosdb-account-local-auth-enabled:4']);
    expect(run(res('azurerm_cosmosdb_account', { ...closed, local_authentication_enabled: false }))).toEqual([]);
  });

  test('string booleans from tfvars count', () => {
    expect(run(res('azurerm_container_registry', { admin_enabled: 'true' }, { admin_enabled: 2 }))).toEqual(['container-registry-admin-enabled:2']);
  });
});

describe('plans spell out every default', () => {
  test('a default-valued setting is only reported when written in the configuration', () => {
    const attrs = { public_network_access_enabled: true, shared_access_key_enabled: true, cross_tenant_replication_enabled: true };
    const lines = { public_network_access_enabled: 2, shared_access_key_enabled: 3, cross_tenant_replication_enabled: 4 };
    expect(run(res('azurerm_storage_account', attrs, lines, {}, 'plan'))).toEqual([]);
    expect(run(res('azurerm_storage_account', attrs, lines))).toEqual(['storage-account-cross-tenant-replication:4', 'storage-account-shared-key-enabled:3']);
    expect(run(res('azurerm_redis_cache', { public_network_access_enabled: true }, {}, {}, 'plan'))).toEqual([]);
    expect(run(res('azurerm_storage_account', { network_rules: [{ default_action: 'Allow', bypass: ['AzureServices'] }] }, {}, {}, 'plan'))).toEqual([]);
    expect(run(res('azurerm_key_vault', { purge_protection_enabled: true, network_acls: [{ default_action: 'Allow', bypass: 'AzureServices' }] }, {}, {}, 'plan'))).toEqual([]);
  });

  test('a bad non-default value is reported from plans too', () => {
    expect(run(res('azurerm_storage_account', { min_tls_version: 'TLS1_0', https_traffic_only_enabled: false }, { min_tls_version: 5, https_traffic_only_enabled: 6 }, {}, 'plan'))).toEqual([
      'storage-account-https-disabled:6',
      'storage-account-tls-below-1-2:5',
    ]);
  });

  test('an empty network policy in a plan means none', () => {
    expect(run(res('azurerm_kubernetes_cluster', { private_cluster_enabled: true, network_profile: [{ network_plugin: 'kubenet', network_policy: '' }] }, { network_profile: 7 }, {}, 'plan'))).toEqual(['aks-network-policy-missing:7']);
  });
});

describe('helpers', () => {
  test('isOldTls knows every azurerm spelling', () => {
    for (const v of ['1.0', '1.1', 'TLS1_0', 'TLS1_1', 'TLSv1_0', 'TLSv1_1', 'Tls10', 'tls11', 1, 1.1]) expect(isOldTls(v), String(v)).toBe(true);
    for (const v of ['1.2', '1.3', 'TLS1_2', 'TLSv1_2', 'TLSv1_3', 'Disabled', '', 12, 1.2, 1.3]) expect(isOldTls(v), String(v)).toBe(false);
    expect(isOldTls(U())).toBe(false);
  });

  test('portRange parses single ports, ranges and *', () => {
    expect(portRange('22')).toEqual({ from: 22, to: 22 });
    expect(portRange(' 20 - 25 ')).toEqual({ from: 20, to: 25 });
    expect(portRange('*')).toEqual({ from: 0, to: 65535 });
    expect(portRange('25-20')).toBeUndefined();
    expect(portRange('ssh')).toBeUndefined();
    expect(isAllPorts({ from: 1, to: 65535 })).toBe(true);
    expect(isAllPorts({ from: 1024, to: 65535 })).toBe(false);
  });

  test('isWholeInternetRange only matches the full IPv4 span', () => {
    expect(isWholeInternetRange('0.0.0.0', '255.255.255.255')).toBe(true);
    expect(isWholeInternetRange('0.0.0.0', '0.0.0.0')).toBe(false);
    expect(isWholeInternetRange('10.0.0.0', '255.255.255.255')).toBe(false);
  });

  test('portRanges reads comma-separated lists and rejects any unparsable part', () => {
    expect(portRanges('80, 443,8000-8080 ')).toEqual([{ from: 80, to: 80 }, { from: 443, to: 443 }, { from: 8000, to: 8080 }]);
    expect(portRanges('22')).toEqual([{ from: 22, to: 22 }]);
    expect(portRanges('22,ssh')).toBeUndefined();
    expect(portRanges(',')).toBeUndefined();
  });

  test('publicAddressCount leaves out private, loopback, link-local, CGNAT and multicast space', () => {
    const count = (a: string, b: string): number => publicAddressCount(ipv4(a)!, ipv4(b)!);
    expect(ipv4('256.0.0.1')).toBeUndefined();
    expect(ipv4('10.0.0')).toBeUndefined();
    expect(count('10.0.0.0', '10.255.255.255')).toBe(0);
    expect(count('192.168.0.0', '192.168.255.255')).toBe(0);
    expect(count('0.0.0.0', '0.0.0.0')).toBe(0);
    expect(count('203.0.113.0', '203.0.113.255')).toBe(256);
    expect(count('0.0.0.0', '10.0.27.62')).toBe(9 * 2 ** 24);
    expect(count('0.0.0.0', '255.255.255.255')).toBe(2 ** 32 - 2 ** 24 * 3 - 2 ** 22 - 2 ** 16 * 2 - 2 ** 20 - 2 ** 29);
  });

  test('operationMatches follows Azure RBAC wildcards, case-insensitively', () => {
    const op = 'Microsoft.Authorization/roleAssignments/write';
    for (const p of ['*', 'Microsoft.Authorization/*', 'microsoft.authorization/*/write', '*/write', 'Microsoft.Authorization/roleAssignments/*', op]) expect(operationMatches(p, op), p).toBe(true);
    for (const p of ['Microsoft.Authorization/*/read', 'Microsoft.Compute/*', 'Microsoft.Authorization/roleDefinitions/write', '*/delete', 'Microsoft.Authorization']) expect(operationMatches(p, op), p).toBe(false);
    expect(operationMatches('a*b*c', 'abc')).toBe(true);
    expect(operationMatches('ab*bc', 'abc')).toBe(false);
  });

  test('find makes block indexes explicit and stops at Unknown', () => {
    const r = res('azurerm_linux_web_app', { site_config: [{ cors: [{ allowed_origins: ['*'] }] }], identity: U() });
    expect(find(r, 'site_config.cors.allowed_origins')).toEqual({ path: 'site_config.0.cors.0.allowed_origins', value: ['*'] });
    expect(find(r, 'site_config.ftps_state')).toBeUndefined();
    expect(find(r, 'identity.type')?.value).toBeInstanceOf(Unknown);
  });
});

import { isUnknown } from '../../model/value.js';
import { isAbsent, isFalse, isOpenToWorld, isTrue, strings } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { docs, explicitFalse, explicitTrue, find } from './util.js';

const ACCOUNT = 'azurerm_cosmosdb_account';

const unrestricted: CloudRule = {
  id: 'iac/azure/cosmosdb-account-unrestricted-network',
  title: 'Cosmos DB account accepts connections from any network',
  severity: 'medium',
  cwe: [284],
  description: 'With public network access on (the default) and neither an IP range filter nor a virtual network filter, or an IP range filter containing 0.0.0.0/0, the account endpoint accepts requests from the whole internet and only its keys protect the data.',
  remediation: 'Set `public_network_access_enabled = false`, or restrict it with `ip_range_filter` and/or `is_virtual_network_filter_enabled = true` with `virtual_network_rule` blocks.',
  references: [docs('cosmosdb_account')],
  provider: 'azure',
  types: [ACCOUNT],
  check(r, report) {
    const pub = r.attrs.public_network_access_enabled;
    const ips = r.attrs.ip_range_filter;
    const vnet = r.attrs.is_virtual_network_filter_enabled;
    if (isUnknown(pub) || isFalse(pub) || isUnknown(ips)) return;
    // v3 takes a comma-separated string, v4 a set of strings.
    const entries = strings(ips).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
    // A bare 0.0.0.0 means "Azure datacenters" in this filter; a /0 range admits everyone, whatever the VNet filter says.
    if (entries.some((e) => e !== '0.0.0.0' && isOpenToWorld(e))) {
      report(find(r, 'ip_range_filter')?.path ?? null, 'the IP range filter admits the whole internet');
      return;
    }
    // An unknown element counts as a filter.
    if (isUnknown(vnet) || isTrue(vnet) || (Array.isArray(ips) && ips.some(isUnknown)) || entries.length > 0) return;
    if (isAbsent(pub)) report(null, 'public network access defaults to on and no IP or virtual network filter is set');
    else report(find(r, 'public_network_access_enabled')?.path ?? null, 'public network access is on with no IP or virtual network filter');
  },
};

const metadataWrites: CloudRule = {
  id: 'iac/azure/cosmosdb-account-key-metadata-writes',
  title: 'Cosmos DB account keys can change account metadata',
  severity: 'low',
  cwe: [732],
  description: 'When account keys may write metadata, anyone holding a data key can also create or delete databases and containers and change throughput, outside Azure RBAC.',
  remediation: 'Set `access_key_metadata_writes_enabled = false` and manage resources through Azure Resource Manager.',
  references: [docs('cosmosdb_account')],
  provider: 'azure',
  types: [ACCOUNT],
  check(r, report) {
    const f = explicitTrue(r, ['access_key_metadata_writes_enabled']);
    if (f) report(f.path, 'key-based metadata writes are enabled');
  },
};

const localAuth: CloudRule = {
  id: 'iac/azure/cosmosdb-account-local-auth-enabled',
  title: 'Cosmos DB account explicitly keeps key-based authentication',
  severity: 'low',
  cwe: [287],
  description: 'Primary and secondary keys give full data access, are shared secrets and cannot be scoped or audited per identity; Entra ID authentication can replace them.',
  remediation: 'Set `local_authentication_disabled = true` and grant Cosmos DB data-plane roles.',
  references: [docs('cosmosdb_account')],
  provider: 'azure',
  types: [ACCOUNT],
  check(r, report) {
    // Written negatively (`local_authentication_disabled`) in most provider versions; accept the positive spelling too.
    const f = explicitFalse(r, ['local_authentication_disabled']) ?? explicitTrue(r, ['local_authentication_enabled']);
    if (f) report(f.path, 'local (key-based) authentication is enabled');
  },
};

export const cosmosDbRules: CloudRule[] = [unrestricted, metadataWrites, localAuth];

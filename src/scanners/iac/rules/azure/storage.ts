import { isFalse, isOpenToWorld, strings } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { docs, eqi, explicitTrue, falseAt, find, findAny, isOldTls } from './util.js';

const ACCOUNT = 'azurerm_storage_account';

const httpsOnlyOff: CloudRule = {
  id: 'iac/azure/storage-account-https-disabled',
  title: 'Storage account accepts plain HTTP',
  severity: 'high',
  cwe: [319],
  description: 'With secure transfer turned off the account serves blobs, files and queues over unencrypted HTTP, so data and SAS tokens can be read or altered in transit.',
  remediation: 'Remove `https_traffic_only_enabled = false` (v4) / `enable_https_traffic_only = false` (v3); the default is HTTPS only.',
  references: [docs('storage_account')],
  provider: 'azure',
  types: [ACCOUNT],
  check(r, report) {
    const f = falseAt(r, ['https_traffic_only_enabled', 'enable_https_traffic_only']);
    if (f) report(f.path, 'secure transfer (HTTPS only) is disabled');
  },
};

const oldTls: CloudRule = {
  id: 'iac/azure/storage-account-tls-below-1-2',
  title: 'Storage account allows TLS older than 1.2',
  severity: 'medium',
  cwe: [327],
  description: 'TLS 1.0 and 1.1 have known weaknesses and Azure is retiring them; clients negotiating them get weaker protection in transit.',
  remediation: 'Set `min_tls_version = "TLS1_2"` (the default in azurerm v3 and later).',
  references: [docs('storage_account')],
  provider: 'azure',
  types: [ACCOUNT],
  check(r, report) {
    const f = find(r, 'min_tls_version');
    if (f && isOldTls(f.value)) report(f.path, `minimum TLS version is ${String(f.value)}`);
  },
};

const publicBlobs: CloudRule = {
  id: 'iac/azure/storage-account-public-blob-access',
  title: 'Storage account allows public blob access',
  severity: 'high',
  cwe: [284],
  description: 'The account lets containers be made anonymously readable; one container set to public then exposes its blobs to anyone on the internet.',
  remediation: 'Set `allow_nested_items_to_be_public = false` (v3/v4; `allow_blob_public_access = false` in v2).',
  references: [docs('storage_account')],
  provider: 'azure',
  types: [ACCOUNT],
  check(r, report) {
    const f = explicitTrue(r, ['allow_nested_items_to_be_public', 'allow_blob_public_access']);
    if (f) report(f.path, 'anonymous public read access to containers and blobs is allowed');
  },
};

const networkAllow: CloudRule = {
  id: 'iac/azure/storage-account-network-default-allow',
  title: 'Storage account firewall allows all networks',
  severity: 'medium',
  cwe: [284],
  description: 'A network rule set whose default action is Allow, or whose IP rules include 0.0.0.0/0, accepts traffic from any network, so the account endpoint is reachable from the whole internet.',
  remediation: 'Set `default_action = "Deny"` in `network_rules` (or in `azurerm_storage_account_network_rules`) and list the allowed subnets and IP ranges, or set `public_network_access_enabled = false` on the account.',
  references: [docs('storage_account'), docs('storage_account_network_rules')],
  provider: 'azure',
  types: [ACCOUNT, 'azurerm_storage_account_network_rules'],
  check(r, report, ctx) {
    // Plans fill in network_rules with the default Allow for accounts that never set them.
    if (r.type === ACCOUNT && r.source === 'plan') return;
    // With public network access off the rules no longer matter: only private endpoints reach the account.
    const accounts = r.type === ACCOUNT ? [r] : ctx.graph.targets(r, undefined, [ACCOUNT]);
    if (accounts.some((a) => isFalse(find(a, 'public_network_access_enabled')?.value))) return;
    const base = r.type === ACCOUNT ? 'network_rules.' : '';
    const f = find(r, `${base}default_action`);
    if (f && eqi(f.value, 'Allow')) {
      report(f.path, 'network rules default action is Allow');
      return;
    }
    // Deny by default but an IP rule for the whole internet lets everyone back in.
    const ips = find(r, `${base}ip_rules`);
    if (ips && strings(ips.value).some(isOpenToWorld)) report(ips.path, 'network rules ip_rules include the whole internet');
  },
};

const containerPublic: CloudRule = {
  id: 'iac/azure/storage-container-public-access',
  title: 'Storage container is publicly readable',
  severity: 'high',
  cwe: [284],
  description: 'A container with access type `blob` or `container` serves its blobs (and, for `container`, its listing) to anonymous users.',
  remediation: 'Set `container_access_type = "private"` (the default) and share through SAS tokens or Entra ID roles.',
  references: [docs('storage_container')],
  provider: 'azure',
  types: ['azurerm_storage_container'],
  check(r, report, ctx) {
    const f = find(r, 'container_access_type');
    if (!f || !(eqi(f.value, 'blob') || eqi(f.value, 'container'))) return;
    // An account that forbids public containers overrides the setting (Azure rejects it), so nothing is exposed.
    const accounts = ctx.graph.targets(r, undefined, [ACCOUNT]);
    if (accounts.some((a) => isFalse(findAny(a, ['allow_nested_items_to_be_public', 'allow_blob_public_access'])?.value))) return;
    report(f.path, `container access type is ${String(f.value)} (anonymous read)`);
  },
};

const sharedKey: CloudRule = {
  id: 'iac/azure/storage-account-shared-key-enabled',
  title: 'Storage account explicitly enables shared key access',
  severity: 'medium',
  cwe: [287],
  description: 'Shared keys grant full account access, never expire and are not tied to an identity; requests signed with them bypass Entra ID authorization and conditional access.',
  remediation: 'Set `shared_access_key_enabled = false` and use Entra ID (RBAC) authorization.',
  references: [docs('storage_account')],
  provider: 'azure',
  types: [ACCOUNT],
  check(r, report) {
    const f = explicitTrue(r, ['shared_access_key_enabled']);
    if (f) report(f.path, 'shared key authorization is enabled');
  },
};

const crossTenant: CloudRule = {
  id: 'iac/azure/storage-account-cross-tenant-replication',
  title: 'Storage account allows cross-tenant object replication',
  severity: 'low',
  cwe: [200],
  description: 'Object replication to accounts in other Entra tenants lets data be copied out of the organisation by anyone who can create a replication policy.',
  remediation: 'Set `cross_tenant_replication_enabled = false` (the default since azurerm v4).',
  references: [docs('storage_account')],
  provider: 'azure',
  types: [ACCOUNT],
  check(r, report) {
    const f = explicitTrue(r, ['cross_tenant_replication_enabled']);
    if (f) report(f.path, 'cross-tenant replication is enabled');
  },
};

export const storageRules: CloudRule[] = [httpsOnlyOff, oldTls, publicBlobs, networkAllow, containerPublic, sharedKey, crossTenant];

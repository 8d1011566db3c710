import type { Resource } from '../../model/resource.js';
import { isUnknown } from '../../model/value.js';
import { isOpenToWorld, isTrue, strings } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { docs, explicitFalse, falseAt, find, findAny, trueAt } from './util.js';

const CLUSTER = 'azurerm_kubernetes_cluster';
const POOL = 'azurerm_kubernetes_cluster_node_pool';
const REF = [docs('kubernetes_cluster')];

const rbacOff: CloudRule = {
  id: 'iac/azure/aks-rbac-disabled',
  title: 'AKS cluster has Kubernetes RBAC disabled',
  severity: 'high',
  cwe: [285],
  description: 'Without Kubernetes RBAC every authenticated user and service account is effectively cluster-admin; there is no way to limit what a compromised pod or user can do.',
  remediation: 'Remove `role_based_access_control_enabled = false` (v3/v4; `role_based_access_control { enabled = true }` in v2). RBAC can only be set when the cluster is created.',
  references: REF,
  provider: 'azure',
  types: [CLUSTER],
  check(r, report) {
    const f = falseAt(r, ['role_based_access_control_enabled', 'role_based_access_control.enabled']);
    if (f) report(f.path, 'Kubernetes RBAC is disabled');
  },
};

const RANGE_PATHS = ['api_server_access_profile.authorized_ip_ranges', 'api_server_authorized_ip_ranges'];

/**
 * The API server's authorized IP ranges: `unknown` when any part is unknown (stay silent),
 * `open` with the offending path when they include the whole internet, else the known ranges.
 */
function apiRanges(r: Resource): { kind: 'unknown' } | { kind: 'open'; path: string } | { kind: 'known'; ranges: string[] } {
  // An api_server_access_profile that is itself unknown (dynamic block) may hold ranges.
  if (isUnknown(find(r, 'api_server_access_profile')?.value)) return { kind: 'unknown' };
  const all: string[] = [];
  for (const p of RANGE_PATHS) {
    const f = find(r, p);
    if (!f) continue;
    if (isUnknown(f.value) || (Array.isArray(f.value) && f.value.some(isUnknown))) return { kind: 'unknown' };
    const ranges = strings(f.value);
    if (ranges.some(isOpenToWorld)) return { kind: 'open', path: f.path };
    all.push(...ranges);
  }
  return { kind: 'known', ranges: all };
}

const publicApi: CloudRule = {
  id: 'iac/azure/aks-api-server-unrestricted',
  title: 'AKS API server is reachable from the whole internet',
  severity: 'medium',
  cwe: [284],
  description: 'A public AKS cluster without authorized IP ranges exposes its Kubernetes API server to every address; any leaked kubeconfig or API vulnerability is then exploitable from anywhere.',
  remediation: 'Set `api_server_access_profile { authorized_ip_ranges = [...] }` (v3: `api_server_authorized_ip_ranges`) to your admin ranges, or `private_cluster_enabled = true`.',
  references: REF,
  provider: 'azure',
  types: [CLUSTER],
  check(r, report) {
    // azurerm 2.x before 2.3 spelled it private_link_enabled.
    const priv = findAny(r, ['private_cluster_enabled', 'private_link_enabled']);
    if (priv && (isUnknown(priv.value) || isTrue(priv.value))) return;
    const api = apiRanges(r);
    if (api.kind === 'open') report(api.path, 'authorized IP ranges include the whole internet');
    else if (api.kind === 'known' && api.ranges.length === 0) report(priv ? priv.path : null, 'public API server with no authorized IP ranges');
  },
};

const notPrivate: CloudRule = {
  id: 'iac/azure/aks-private-cluster-disabled',
  title: 'AKS cluster explicitly keeps a public API endpoint',
  severity: 'low',
  cwe: [668],
  description: 'Even limited to authorized IP ranges, a public API endpoint is an internet-facing control plane; a private cluster keeps the API server on the virtual network.',
  remediation: 'Set `private_cluster_enabled = true` (chosen at creation) and reach the API through the VNet, a jump host or Bastion.',
  references: REF,
  provider: 'azure',
  types: [CLUSTER],
  check(r, report) {
    const f = explicitFalse(r, ['private_cluster_enabled']);
    // Without authorized ranges the unrestricted-API rule already reports this line.
    const api = apiRanges(r);
    if (f && api.kind === 'known' && api.ranges.length > 0) report(f.path, 'the API server has a public endpoint');
  },
};

const localAccounts: CloudRule = {
  id: 'iac/azure/aks-local-accounts-enabled',
  title: 'AKS cluster explicitly keeps local accounts',
  severity: 'low',
  cwe: [287],
  description: 'Local accounts (the static cluster-admin kubeconfig) bypass Entra ID, conditional access and audit of who did what; Microsoft recommends disabling them on Entra-integrated clusters.',
  remediation: 'Set `local_account_disabled = true` together with Entra ID integration (`azure_active_directory_role_based_access_control`).',
  references: REF,
  provider: 'azure',
  types: [CLUSTER],
  check(r, report) {
    const f = explicitFalse(r, ['local_account_disabled']);
    if (f) report(f.path, 'local accounts are enabled');
  },
};

const azurePolicy: CloudRule = {
  id: 'iac/azure/aks-azure-policy-disabled',
  title: 'AKS cluster explicitly disables the Azure Policy add-on',
  severity: 'low',
  cwe: [693],
  description: 'Without the Azure Policy add-on, pod security and other guardrail policies assigned to the subscription are not enforced inside the cluster.',
  remediation: 'Set `azure_policy_enabled = true` (v2: `addon_profile { azure_policy { enabled = true } }`).',
  references: REF,
  provider: 'azure',
  types: [CLUSTER],
  check(r, report) {
    const f = explicitFalse(r, ['azure_policy_enabled', 'addon_profile.azure_policy.enabled']);
    if (f) report(f.path, 'the Azure Policy add-on is disabled');
  },
};

const nodePublicIp: CloudRule = {
  id: 'iac/azure/aks-node-public-ip',
  title: 'AKS nodes get public IP addresses',
  severity: 'medium',
  cwe: [284],
  description: 'Nodes with their own public IPs are directly reachable from the internet, bypassing the cluster load balancer and any egress/ingress controls in front of it.',
  remediation: 'Remove `node_public_ip_enabled = true` (v4) / `enable_node_public_ip = true` (v3) from the node pool.',
  references: [...REF, docs('kubernetes_cluster_node_pool')],
  provider: 'azure',
  types: [CLUSTER, POOL],
  check(r, report) {
    const names = ['node_public_ip_enabled', 'enable_node_public_ip'];
    const f = trueAt(r, r.type === POOL ? names : names.map((n) => `default_node_pool.${n}`));
    if (f) report(f.path, 'node pool assigns public IPs to nodes');
  },
};

const httpRouting: CloudRule = {
  id: 'iac/azure/aks-http-application-routing',
  title: 'AKS HTTP application routing add-on enabled',
  severity: 'low',
  cwe: [668],
  description: 'The HTTP application routing add-on creates publicly reachable ingress and DNS records without TLS and is not meant for production (Microsoft has retired it).',
  remediation: 'Remove `http_application_routing_enabled = true` and use an ingress controller with TLS (e.g. the application routing add-on with `web_app_routing`).',
  references: REF,
  provider: 'azure',
  types: [CLUSTER],
  check(r, report) {
    const f = trueAt(r, ['http_application_routing_enabled', 'addon_profile.http_application_routing.enabled']);
    if (f) report(f.path, 'HTTP application routing is enabled');
  },
};

const dashboard: CloudRule = {
  id: 'iac/azure/aks-kube-dashboard-enabled',
  title: 'AKS Kubernetes dashboard add-on enabled',
  severity: 'medium',
  cwe: [284],
  description: 'The Kubernetes dashboard add-on (azurerm v2) ran with broad permissions and has been abused to take over clusters.',
  remediation: 'Set `addon_profile { kube_dashboard { enabled = false } }` or remove the block.',
  references: REF,
  provider: 'azure',
  types: [CLUSTER],
  check(r, report) {
    const f = trueAt(r, ['addon_profile.kube_dashboard.enabled']);
    if (f) report(f.path, 'the Kubernetes dashboard is enabled');
  },
};

const networkPolicy: CloudRule = {
  id: 'iac/azure/aks-network-policy-missing',
  title: 'AKS cluster has no network policy engine',
  severity: 'low',
  cwe: [923],
  description: 'Without a network policy engine every pod can reach every other pod in the cluster, and Kubernetes NetworkPolicy objects are silently ignored, so one compromised pod can move laterally freely.',
  remediation: 'Set `network_profile { network_policy = "azure" }` (or `"calico"` / `"cilium"`); it can only be chosen when the cluster is created.',
  references: REF,
  provider: 'azure',
  types: [CLUSTER],
  check(r, report) {
    const profile = r.attrs.network_profile;
    if (isUnknown(profile) || (Array.isArray(profile) && profile.some(isUnknown))) return;
    const f = find(r, 'network_profile.network_policy');
    // Plans spell "no policy" as an empty string. Reported at the network_profile block when
    // there is one (lines fall back to it), else at the cluster.
    if (!f || f.value === '') report('network_profile.0.network_policy', 'no network policy engine is configured');
  },
};

export const aksRules: CloudRule[] = [rbacOff, publicApi, notPrivate, localAccounts, azurePolicy, nodePublicIp, httpRouting, dashboard, networkPolicy];

import type { Resource } from '../../model/resource.js';
import { isObject, isUnknown, type ObjectValue } from '../../model/value.js';
import { blocks, isAbsent, isFalse, isOpenToWorld, isTrue, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { GCP, docs, isDefaultComputeSa, metaFlag, noBlock } from './util.js';

const CLUSTER = ['google_container_cluster'] as const;
const POOL = ['google_container_node_pool'] as const;
const BOTH = [...CLUSTER, ...POOL];
const REF = docs('google_container_cluster');
const HARDEN = 'https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster';

/** Autopilot clusters: Google manages nodes, so node-level settings are not the user's to get wrong. */
const isAutopilot = (r: Resource): boolean => r.type === 'google_container_cluster' && isTrue(r.attrs.enable_autopilot);

type Block = { block: ObjectValue; path: string };

/** Node pools written in the resource: the node_pool resource itself, or a cluster's inline `node_pool` blocks. */
function pools(r: Resource): Block[] {
  if (r.type === 'google_container_node_pool') return [{ block: r.attrs, path: '' }];
  return isAutopilot(r) ? [] : blocks(r.attrs, 'node_pool');
}

const join = (base: string, rest: string): string => (base ? `${base}.${rest}` : rest);

/** Every node_config block: the cluster's default pool, its inline pools, a node_pool resource's. */
function nodeConfigs(r: Resource): Block[] {
  if (isAutopilot(r)) return [];
  const out: Block[] = [];
  if (r.type === 'google_container_cluster') out.push(...blocks(r.attrs, 'node_config'));
  for (const p of pools(r)) out.push(...blocks(p.block, 'node_config', p.path));
  return out;
}

export const legacyAbac: CloudRule = {
  id: `${GCP}gke-legacy-abac`,
  title: 'GKE legacy ABAC enabled',
  severity: 'high',
  cwe: [285],
  description: 'Legacy ABAC grants broad static permissions outside Kubernetes RBAC, so service accounts and users get far more access than RBAC bindings show.',
  remediation: 'Set `enable_legacy_abac = false` (the default) and use RBAC.',
  references: [REF, HARDEN],
  provider: 'gcp',
  types: CLUSTER,
  check(r, report) {
    if (isTrue(r.attrs.enable_legacy_abac)) report('enable_legacy_abac', 'legacy ABAC is enabled');
  },
};

export const masterAuthorizedNetworks: CloudRule = {
  id: `${GCP}gke-control-plane-open`,
  title: 'GKE control plane reachable from any address',
  severity: 'medium',
  cwe: [284],
  description: 'Without master authorized networks (or with 0.0.0.0/0 in them), the public Kubernetes API endpoint accepts connections from the whole internet, exposing it to credential attacks and API exploits.',
  remediation: 'Add `master_authorized_networks_config { cidr_blocks { cidr_block = "<office/VPN range>" } }` or make the endpoint private (`private_cluster_config { enable_private_endpoint = true }`).',
  references: [REF, 'https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks'],
  provider: 'gcp',
  types: CLUSTER,
  check(r, report) {
    const a = r.attrs;
    // control_plane_endpoints_config.ip_endpoints_config.enabled = false: no IP endpoint at all (DNS endpoint only).
    for (const c of blocks(a, 'control_plane_endpoints_config')) {
      for (const ip of blocks(c.block, 'ip_endpoints_config')) {
        if (isFalse(ip.block.enabled) || isUnknown(ip.block.enabled)) return;
      }
    }
    if (noBlock(a, 'master_authorized_networks_config')) {
      const pc = blocks(a, 'private_cluster_config')[0]?.block;
      // A private endpoint has no public address to restrict.
      if (pc && (isTrue(pc.enable_private_endpoint) || isUnknown(pc.enable_private_endpoint))) return;
      report(null, 'no master_authorized_networks_config: the API endpoint accepts any address');
      return;
    }
    for (const c of blocks(a, 'master_authorized_networks_config')) {
      // Lets every Google Cloud public IP (anyone's VM or function) reach the endpoint.
      if (isTrue(c.block.gcp_public_cidrs_access_enabled)) {
        report(`${c.path}.gcp_public_cidrs_access_enabled`, 'gcp_public_cidrs_access_enabled admits every Google Cloud public address');
      }
      for (const b of blocks(c.block, 'cidr_blocks', c.path)) {
        const v = str(b.block.cidr_block);
        if (v !== undefined && isOpenToWorld(v)) report(`${b.path}.cidr_block`, `authorized network ${v} admits the whole internet`);
      }
    }
  },
};

export const privateNodes: CloudRule = {
  id: `${GCP}gke-private-nodes-disabled`,
  title: 'GKE nodes have public IP addresses',
  severity: 'low',
  cwe: [284],
  description: 'Without private nodes every GKE node gets an external IP address, so node ports and services are one firewall mistake away from the internet.',
  remediation: 'Add `private_cluster_config { enable_private_nodes = true, master_ipv4_cidr_block = "..." }` (and Cloud NAT for egress).',
  references: [REF, 'https://cloud.google.com/kubernetes-engine/docs/how-to/private-clusters'],
  provider: 'gcp',
  types: CLUSTER,
  check(r, report) {
    const a = r.attrs;
    if (noBlock(a, 'private_cluster_config')) {
      report(null, 'no private_cluster_config: nodes get external IP addresses');
      return;
    }
    for (const p of blocks(a, 'private_cluster_config')) {
      const v = p.block.enable_private_nodes;
      if (isFalse(v)) report(`${p.path}.enable_private_nodes`, 'enable_private_nodes is false');
      else if (isAbsent(v)) report(null, 'private_cluster_config without enable_private_nodes = true');
    }
  },
};

export const networkPolicy: CloudRule = {
  id: `${GCP}gke-network-policy-disabled`,
  title: 'GKE network policy enforcement disabled',
  severity: 'low',
  cwe: [284],
  description: 'Without network policy enforcement every pod can reach every other pod, so one compromised workload can move laterally across the cluster.',
  remediation: 'Add `network_policy { enabled = true }` (with addons_config network_policy_config), or use Dataplane V2 (`datapath_provider = "ADVANCED_DATAPATH"`), which enforces policies natively.',
  references: [REF, 'https://cloud.google.com/kubernetes-engine/docs/how-to/network-policy'],
  provider: 'gcp',
  types: CLUSTER,
  check(r, report) {
    const a = r.attrs;
    if (isAutopilot(r) || isUnknown(a.enable_autopilot)) return;
    const dp = a.datapath_provider;
    if (isUnknown(dp) || str(dp)?.toUpperCase() === 'ADVANCED_DATAPATH') return;
    if (noBlock(a, 'network_policy')) {
      report(null, 'no network_policy: pod-to-pod traffic is unrestricted');
      return;
    }
    for (const n of blocks(a, 'network_policy')) if (isFalse(n.block.enabled)) report(`${n.path}.enabled`, 'network policy enforcement is disabled');
  },
};

export const legacyClientAuth: CloudRule = {
  id: `${GCP}gke-legacy-client-auth`,
  title: 'GKE basic auth or client certificate issued',
  severity: 'medium',
  cwe: [287],
  description: 'Static basic-auth passwords and issued client certificates are long-lived cluster-admin credentials that cannot be revoked without rotating the cluster CA.',
  remediation: 'Remove `master_auth.username`/`password` and set `master_auth.client_certificate_config.issue_client_certificate = false`; authenticate through Google IAM.',
  references: [REF, HARDEN],
  provider: 'gcp',
  types: CLUSTER,
  check(r, report) {
    for (const m of blocks(r.attrs, 'master_auth')) {
      const user = str(m.block.username);
      if (user !== undefined && user !== '') report(`${m.path}.username`, 'basic authentication is configured');
      for (const c of blocks(m.block, 'client_certificate_config', m.path)) {
        if (isTrue(c.block.issue_client_certificate)) report(`${c.path}.issue_client_certificate`, 'a client certificate is issued');
      }
    }
  },
};

export const workloadIdentity: CloudRule = {
  id: `${GCP}gke-workload-identity-disabled`,
  title: 'GKE Workload Identity not enabled',
  severity: 'low',
  cwe: [250],
  description: 'Without Workload Identity, pods use the node service account and can read the node metadata server, so every workload shares the node credentials.',
  remediation: 'Add `workload_identity_config { workload_pool = "<project>.svc.id.goog" }`.',
  references: [REF, 'https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity'],
  provider: 'gcp',
  types: CLUSTER,
  check(r, report) {
    const a = r.attrs;
    // Autopilot always has Workload Identity.
    if (isAutopilot(r) || isUnknown(a.enable_autopilot)) return;
    if (noBlock(a, 'workload_identity_config')) report(null, 'no workload_identity_config: pods use the node service account');
  },
};

export const legacyMetadata: CloudRule = {
  id: `${GCP}gke-legacy-metadata-endpoints`,
  title: 'GKE legacy metadata endpoints enabled',
  severity: 'medium',
  cwe: [522],
  description: 'With disable-legacy-endpoints false, pods can read node credentials and kube-env from the v0.1/v1beta1 metadata endpoints without the Metadata-Flavor header, a common SSRF-to-cluster path.',
  remediation: 'Set node_config metadata `disable-legacy-endpoints = "true"` (the default on current GKE versions).',
  references: [REF, 'https://cloud.google.com/kubernetes-engine/docs/how-to/protecting-cluster-metadata'],
  provider: 'gcp',
  types: BOTH,
  check(r, report) {
    for (const nc of nodeConfigs(r)) {
      const m = nc.block.metadata;
      if (isObject(m) && metaFlag(m['disable-legacy-endpoints']) === false) {
        report(`${nc.path}.metadata.disable-legacy-endpoints`, 'disable-legacy-endpoints is false');
      }
    }
  },
};

/** Node metadata modes that hand pods the node's metadata server (credentials, kube-env). */
const EXPOSED_METADATA = new Set(['GCE_METADATA', 'EXPOSE', 'UNSPECIFIED']);

export const nodeMetadataExposed: CloudRule = {
  id: `${GCP}gke-node-metadata-exposed`,
  title: 'GKE pods can read the node metadata server',
  severity: 'medium',
  cwe: [522],
  description: 'workload_metadata_config mode GCE_METADATA (node_metadata EXPOSE) lets every pod query the node metadata server and obtain the node service account token.',
  remediation: 'Set `node_config.workload_metadata_config.mode = "GKE_METADATA"` (with Workload Identity).',
  references: [docs('google_container_node_pool'), 'https://cloud.google.com/kubernetes-engine/docs/how-to/protecting-cluster-metadata'],
  provider: 'gcp',
  types: BOTH,
  check(r, report) {
    for (const nc of nodeConfigs(r)) {
      for (const w of blocks(nc.block, 'workload_metadata_config', nc.path)) {
        for (const k of ['mode', 'node_metadata']) {
          const v = str(w.block[k])?.trim().toUpperCase();
          if (v !== undefined && EXPOSED_METADATA.has(v)) report(`${w.path}.${k}`, `workload metadata ${k} is ${v}: pods reach the node metadata server`);
        }
      }
    }
  },
};

export const shieldedNodes: CloudRule = {
  id: `${GCP}gke-shielded-nodes-disabled`,
  title: 'GKE Shielded Nodes turned off',
  severity: 'low',
  cwe: [693],
  description: 'Without Shielded GKE Nodes (verifiable node identity and integrity), an attacker who gets a node bootstrap credential can impersonate nodes to the control plane.',
  remediation: 'Keep `enable_shielded_nodes = true` (the default) and set `node_config.shielded_instance_config` `enable_secure_boot` and `enable_integrity_monitoring` to true.',
  references: [REF, 'https://cloud.google.com/kubernetes-engine/docs/how-to/shielded-gke-nodes'],
  provider: 'gcp',
  types: BOTH,
  check(r, report) {
    if (r.type === 'google_container_cluster' && isFalse(r.attrs.enable_shielded_nodes)) report('enable_shielded_nodes', 'Shielded GKE Nodes are disabled');
    for (const nc of nodeConfigs(r)) {
      for (const s of blocks(nc.block, 'shielded_instance_config', nc.path)) {
        for (const k of ['enable_secure_boot', 'enable_integrity_monitoring']) {
          if (isFalse(s.block[k])) report(`${s.path}.${k}`, `node ${k} is false`);
        }
      }
    }
  },
};

function managementRule(key: 'auto_repair' | 'auto_upgrade', title: string, description: string): CloudRule {
  return {
    id: `${GCP}gke-node-${key.replace('_', '-')}-disabled`,
    title,
    severity: 'low',
    cwe: [1104],
    description,
    remediation: `Set \`management { ${key} = true }\` on the node pool (the default).`,
    references: [docs('google_container_node_pool'), 'https://cloud.google.com/kubernetes-engine/docs/concepts/node-pools'],
    provider: 'gcp',
    types: BOTH,
    check(r, report) {
      for (const p of pools(r)) {
        for (const m of blocks(p.block, 'management', p.path)) {
          if (isFalse(m.block[key])) report(join(m.path, key), `${key} is disabled on the node pool`);
        }
      }
    },
  };
}

export const autoRepair = managementRule(
  'auto_repair',
  'GKE node auto-repair disabled',
  'Without auto-repair, unhealthy nodes stay in service or out of capacity until someone notices, hurting availability.',
);
export const autoUpgrade = managementRule(
  'auto_upgrade',
  'GKE node auto-upgrade disabled',
  'Without auto-upgrade, nodes fall behind the control plane and miss security patches for the kubelet, container runtime and node OS.',
);

export const nodeImage: CloudRule = {
  id: `${GCP}gke-node-image-not-cos`,
  title: 'GKE nodes not on Container-Optimized OS',
  severity: 'low',
  cwe: [1104],
  description: 'Container-Optimized OS has a locked-down, read-only root file system, verified boot and automatic patches; general-purpose node images expose a larger attack surface.',
  remediation: 'Set `node_config.image_type = "COS_CONTAINERD"`.',
  references: [docs('google_container_node_pool'), 'https://cloud.google.com/kubernetes-engine/docs/concepts/node-images'],
  provider: 'gcp',
  types: BOTH,
  check(r, report) {
    for (const nc of nodeConfigs(r)) {
      const img = str(nc.block.image_type)?.trim().toUpperCase();
      // Windows pools cannot run COS; they are a deliberate choice.
      if (img === undefined || img.startsWith('COS') || img.startsWith('WINDOWS')) continue;
      report(`${nc.path}.image_type`, `node image ${img} is not Container-Optimized OS`);
    }
  },
};

export const nodeDefaultSa: CloudRule = {
  id: `${GCP}gke-node-default-service-account`,
  title: 'GKE nodes run as the default Compute Engine service account',
  severity: 'medium',
  cwe: [250],
  description: 'Nodes without a service_account run as the default Compute Engine service account, which holds Editor on the project; any pod that reaches node credentials gets it.',
  remediation: 'Set `node_config.service_account` to a dedicated least-privilege account (roles/container.defaultNodeServiceAccount).',
  references: [docs('google_container_node_pool'), HARDEN],
  provider: 'gcp',
  types: BOTH,
  check(r, report) {
    const a = r.attrs;
    if (isAutopilot(r) || isUnknown(a.enable_autopilot)) return;
    if (r.type === 'google_container_node_pool' && noBlock(a, 'node_config')) {
      report(null, 'node pool has no node_config: nodes use the default Compute Engine service account');
      return;
    }
    for (const nc of nodeConfigs(r)) {
      // The cluster's own node_config only shapes the default pool; a removed pool does not run.
      if (r.type === 'google_container_cluster' && nc.path.startsWith('node_config') && (isTrue(a.remove_default_node_pool) || isUnknown(a.remove_default_node_pool))) continue;
      const sa = nc.block.service_account;
      if (isUnknown(sa)) continue;
      if (isAbsent(sa)) report(null, 'node_config has no service_account: nodes use the default Compute Engine service account');
      else if (typeof sa === 'string' && (sa.trim() === 'default' || isDefaultComputeSa(sa))) report(`${nc.path}.service_account`, 'nodes use the default Compute Engine service account');
    }
  },
};

export const clusterLogging: CloudRule = {
  id: `${GCP}gke-logging-disabled`,
  title: 'GKE logging or monitoring turned off',
  severity: 'low',
  cwe: [778],
  description: 'With logging_service or monitoring_service set to "none", cluster and workload logs or metrics are not collected, leaving incidents uninvestigable.',
  remediation: 'Remove `logging_service`/`monitoring_service = "none"` (the defaults send to Cloud Logging and Cloud Monitoring).',
  references: [REF, 'https://cloud.google.com/kubernetes-engine/docs/concepts/about-logs'],
  provider: 'gcp',
  types: CLUSTER,
  check(r, report) {
    for (const k of ['logging_service', 'monitoring_service']) {
      if (str(r.attrs[k])?.trim().toLowerCase() === 'none') report(k, `${k} is "none"`);
    }
  },
};

export const kubernetesAlpha: CloudRule = {
  id: `${GCP}gke-kubernetes-alpha`,
  title: 'GKE alpha features enabled',
  severity: 'low',
  cwe: [1104],
  description: 'Alpha clusters run unsupported, unstable Kubernetes features, get no SLA or upgrades and are deleted after 30 days; not for production workloads.',
  remediation: 'Remove `enable_kubernetes_alpha = true`.',
  references: [REF, 'https://cloud.google.com/kubernetes-engine/docs/concepts/alpha-clusters'],
  provider: 'gcp',
  types: CLUSTER,
  check(r, report) {
    if (isTrue(r.attrs.enable_kubernetes_alpha)) report('enable_kubernetes_alpha', 'Kubernetes alpha features are enabled');
  },
};

export const gkeRules: CloudRule[] = [
  legacyAbac,
  masterAuthorizedNetworks,
  privateNodes,
  networkPolicy,
  legacyClientAuth,
  workloadIdentity,
  legacyMetadata,
  nodeMetadataExposed,
  shieldedNodes,
  autoRepair,
  autoUpgrade,
  nodeImage,
  nodeDefaultSa,
  clusterLogging,
  kubernetesAlpha,
];

import type { Resource } from '../../model/resource.js';
import { isUnknown } from '../../model/value.js';
import { isAbsent, isFalse, isTrue, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { GCP, docs, noBlock } from './util.js';

const SUBNET = ['google_compute_subnetwork'] as const;

/** Proxy-only, PSC and NAT subnets carry no VMs: Private Google Access and flow logs do not apply. */
function isVmSubnet(r: Resource): boolean {
  const p = r.attrs.purpose;
  if (isAbsent(p)) return true;
  const v = str(p)?.toUpperCase();
  return v === 'PRIVATE' || v === 'PRIVATE_RFC_1918';
}

export const privateGoogleAccess: CloudRule = {
  id: `${GCP}compute-subnet-private-google-access`,
  title: 'Subnet without Private Google Access',
  severity: 'low',
  cwe: [284],
  description: 'Without Private Google Access, VMs without external IPs cannot reach Google APIs, which pushes teams to give instances public IPs instead.',
  remediation: 'Set `private_ip_google_access = true` on the subnetwork.',
  references: [docs('google_compute_subnetwork'), 'https://cloud.google.com/vpc/docs/private-google-access'],
  provider: 'gcp',
  types: SUBNET,
  check(r, report) {
    if (!isVmSubnet(r)) return;
    const v = r.attrs.private_ip_google_access;
    if (isFalse(v)) report('private_ip_google_access', 'private_ip_google_access is false');
    else if (isAbsent(v)) report(null, 'private_ip_google_access is not set (defaults to false)');
  },
};

export const subnetFlowLogs: CloudRule = {
  id: `${GCP}compute-subnet-flow-logs-disabled`,
  title: 'Subnet VPC flow logs disabled',
  severity: 'low',
  cwe: [778],
  description: 'Without a log_config block the subnet records no VPC flow logs, so there is no network record for detecting exfiltration or investigating incidents.',
  remediation: 'Add `log_config { aggregation_interval = "INTERVAL_5_SEC", flow_sampling = 0.5, metadata = "INCLUDE_ALL_METADATA" }`.',
  references: [docs('google_compute_subnetwork'), 'https://cloud.google.com/vpc/docs/using-flow-logs'],
  provider: 'gcp',
  types: SUBNET,
  check(r, report) {
    if (!isVmSubnet(r)) return;
    // Provider versions before 4.0 also took `enable_flow_logs = true`.
    if (isTrue(r.attrs.enable_flow_logs) || isUnknown(r.attrs.enable_flow_logs)) return;
    if (noBlock(r.attrs, 'log_config')) report(null, 'subnetwork has no log_config: VPC flow logs are off');
  },
};

const WEAK_TLS = new Set(['TLS_1_0', 'TLS_1_1']);

export const sslPolicyTls: CloudRule = {
  id: `${GCP}compute-ssl-policy-weak-tls`,
  title: 'SSL policy allows TLS 1.0/1.1',
  severity: 'medium',
  cwe: [326, 327],
  description: 'An SSL policy whose min_tls_version is TLS_1_0 (the default) or TLS_1_1 lets load balancer clients negotiate deprecated protocol versions with known weaknesses.',
  remediation: 'Set `min_tls_version = "TLS_1_2"` with `profile = "MODERN"` or "RESTRICTED".',
  references: [docs('google_compute_ssl_policy'), 'https://cloud.google.com/load-balancing/docs/ssl-policies-concepts'],
  provider: 'gcp',
  types: ['google_compute_ssl_policy', 'google_compute_region_ssl_policy'],
  check(r, report) {
    const v = r.attrs.min_tls_version;
    if (isAbsent(v)) report(null, 'min_tls_version is not set (defaults to TLS_1_0)');
    else if (typeof v === 'string' && WEAK_TLS.has(v.trim().toUpperCase())) report('min_tls_version', `min_tls_version is ${v}`);
  },
};

export const sslPolicyProfile: CloudRule = {
  id: `${GCP}compute-ssl-policy-weak-ciphers`,
  title: 'SSL policy uses the COMPATIBLE profile',
  severity: 'medium',
  cwe: [327],
  description: 'The COMPATIBLE profile enables the widest cipher set, including CBC-mode and 3DES suites that are considered weak.',
  remediation: 'Set `profile = "MODERN"` or "RESTRICTED" (or CUSTOM with only strong `custom_features`).',
  references: [docs('google_compute_ssl_policy'), 'https://cloud.google.com/load-balancing/docs/ssl-policies-concepts'],
  provider: 'gcp',
  types: ['google_compute_ssl_policy', 'google_compute_region_ssl_policy'],
  check(r, report) {
    // Only an explicit COMPATIBLE: the unset default is the same profile, but most policies that
    // fix min_tls_version leave profile unset and are not what this rule is after.
    const p = str(r.attrs.profile);
    if (p?.trim().toUpperCase() === 'COMPATIBLE') report('profile', 'profile is COMPATIBLE');
  },
};

export const proxyNoSslPolicy: CloudRule = {
  id: `${GCP}compute-https-proxy-no-ssl-policy`,
  title: 'HTTPS/SSL proxy uses the default SSL policy',
  severity: 'low',
  cwe: [326],
  description: 'A target HTTPS or SSL proxy without ssl_policy uses Google\'s default policy, which accepts TLS 1.0 and the COMPATIBLE cipher profile.',
  remediation: 'Set `ssl_policy = google_compute_ssl_policy.x.id` with a policy requiring TLS 1.2 and the MODERN or RESTRICTED profile.',
  references: [docs('google_compute_target_https_proxy'), 'https://cloud.google.com/load-balancing/docs/ssl-policies-concepts'],
  provider: 'gcp',
  types: ['google_compute_target_https_proxy', 'google_compute_target_ssl_proxy', 'google_compute_region_target_https_proxy'],
  check(r, report) {
    if (isAbsent(r.attrs.ssl_policy)) report(null, 'no ssl_policy: the default policy allows TLS 1.0');
  },
};

export const networkRules: CloudRule[] = [privateGoogleAccess, subnetFlowLogs, sslPolicyTls, sslPolicyProfile, proxyNoSslPolicy];

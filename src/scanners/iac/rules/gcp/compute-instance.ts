import type { Resource } from '../../model/resource.js';
import { isUnknown, type Value } from '../../model/value.js';
import type { ResourceGraph } from '../../model/graph.js';
import { blocks, isAbsent, isFalse, isTrue, str } from '../cloud/attr.js';
import type { CloudReport, CloudRule } from '../cloud/types.js';
import { GCP, docs, hasCloudPlatformScope, isDefaultComputeSa, metaFlag, metadataOf } from './util.js';

/** Types with the instance schema (network_interface, metadata, service_account, shielded_instance_config). */
const VM_TYPES = ['google_compute_instance', 'google_compute_instance_template', 'google_compute_region_instance_template'] as const;
const PROJECT_META = ['google_compute_project_metadata', 'google_compute_project_metadata_item'] as const;
const REF = docs('google_compute_instance');

/**
 * Calls `bad` with the value and path of a metadata key, on instances, templates and both
 * project metadata forms (a `metadata` map, or one `key`/`value` item).
 */
function eachMetaKey(r: Resource, key: string, bad: (v: Value, path: string) => void): void {
  if (r.type === 'google_compute_project_metadata_item') {
    if (str(r.attrs.key) === key && r.attrs.value !== undefined) bad(r.attrs.value, 'value');
    return;
  }
  const m = metadataOf(r);
  const v = m?.[key];
  if (v !== undefined) bad(v, `metadata.${key}`);
}

/** Project-wide metadata (either form) sets `key` to a known true value. */
function projectMetaTrue(graph: ResourceGraph, key: string): boolean {
  for (const t of PROJECT_META) {
    for (const p of graph.ofType(t)) {
      let hit = false;
      eachMetaKey(p, key, (v) => {
        if (metaFlag(v) === true) hit = true;
      });
      if (hit) return true;
    }
  }
  return false;
}

export const instancePublicIp: CloudRule = {
  id: `${GCP}compute-instance-public-ip`,
  title: 'VM instance has a public IP address',
  severity: 'medium',
  cwe: [284],
  description: 'An `access_config` (or `ipv6_access_config`) block gives the instance an external address, putting it directly on the internet where only firewall rules stand between it and scanners.',
  remediation: 'Remove `access_config` and `ipv6_access_config` from `network_interface`; reach the instance through Identity-Aware Proxy, a bastion or a load balancer, and use Cloud NAT for egress.',
  references: [REF, 'https://cloud.google.com/compute/docs/ip-addresses/reserve-static-external-ip-address'],
  provider: 'gcp',
  types: VM_TYPES,
  check(r, report) {
    for (const ni of blocks(r.attrs, 'network_interface')) {
      for (const [key, what] of [['access_config', 'an external IPv4 address'], ['ipv6_access_config', 'an external IPv6 address']] as const) {
        const ac = ni.block[key];
        if (Array.isArray(ac) ? ac.length > 0 : ac !== undefined && ac !== null && !isUnknown(ac)) {
          report(`${ni.path}.${key}`, `network interface has an ${key}: the instance gets ${what}`);
        }
      }
    }
  },
};

export const instanceIpForwarding: CloudRule = {
  id: `${GCP}compute-instance-ip-forwarding`,
  title: 'VM instance can forward IP packets',
  severity: 'medium',
  cwe: [284],
  description: 'With `can_ip_forward = true` the instance may send and receive packets for addresses that are not its own, so a compromised VM can route, spoof or intercept traffic inside the VPC.',
  remediation: 'Set `can_ip_forward = false` (the default) unless the instance is a NAT, router or firewall appliance.',
  references: [REF],
  provider: 'gcp',
  types: VM_TYPES,
  check(r, report) {
    if (isTrue(r.attrs.can_ip_forward)) report('can_ip_forward', 'can_ip_forward is true');
  },
};

export const serialPort: CloudRule = {
  id: `${GCP}compute-serial-port-enabled`,
  title: 'Interactive serial console enabled',
  severity: 'medium',
  cwe: [284],
  description: 'Metadata `serial-port-enable` turns on the interactive serial console, which accepts connections from any IP address and bypasses firewall rules.',
  remediation: 'Remove the `serial-port-enable` metadata key or set it to "false" on the instance, template and project metadata.',
  references: [REF, 'https://cloud.google.com/compute/docs/troubleshooting/troubleshooting-using-serial-console'],
  provider: 'gcp',
  types: [...VM_TYPES, ...PROJECT_META],
  check(r, report) {
    eachMetaKey(r, 'serial-port-enable', (v, path) => {
      if (metaFlag(v) === true) report(path, 'serial-port-enable is on: the serial console is reachable');
    });
  },
};

export const osLoginDisabled: CloudRule = {
  id: `${GCP}compute-oslogin-disabled`,
  title: 'OS Login disabled',
  severity: 'medium',
  cwe: [287],
  description:
    'Metadata `enable-oslogin = FALSE` turns OS Login off, and so does authoritative project metadata (google_compute_project_metadata) that leaves the key out, since OS Login is off by default: SSH access then falls back to unmanaged metadata keys instead of IAM-controlled, audited, revocable identities.',
  remediation: 'Set metadata `enable-oslogin = "TRUE"` (project-wide in google_compute_project_metadata, and do not override it to FALSE on instances).',
  references: [REF, 'https://cloud.google.com/compute/docs/oslogin/set-up-oslogin'],
  provider: 'gcp',
  types: [...VM_TYPES, ...PROJECT_META],
  check(r, report, ctx) {
    eachMetaKey(r, 'enable-oslogin', (v, path) => {
      if (metaFlag(v) === false) report(path, 'enable-oslogin is FALSE: SSH access is not managed by IAM');
    });
    // google_compute_project_metadata replaces the whole project metadata: without the key OS Login stays at its default, off.
    if (r.type === 'google_compute_project_metadata') {
      const m = metadataOf(r);
      if (m && !Object.hasOwn(m, 'enable-oslogin') && !projectMetaTrue(ctx.graph, 'enable-oslogin')) {
        report('metadata', 'project metadata does not set enable-oslogin: OS Login is off project-wide');
      }
    }
  },
};

export const projectSshKeys: CloudRule = {
  id: `${GCP}compute-instance-project-ssh-keys`,
  title: 'Instance accepts project-wide SSH keys',
  severity: 'low',
  cwe: [287],
  description: 'Unless metadata `block-project-ssh-keys` is true, every SSH key in project metadata opens this instance too, so one leaked project key reaches every VM.',
  remediation: 'Set metadata `block-project-ssh-keys = "true"` on the instance or template, or enable OS Login.',
  references: [REF, 'https://cloud.google.com/compute/docs/connect/restrict-ssh-keys'],
  provider: 'gcp',
  types: VM_TYPES,
  check(r, report, ctx) {
    const meta = r.attrs.metadata;
    if (isUnknown(meta)) return;
    const m = metadataOf(r);
    // OS Login (instance or project) ignores metadata SSH keys altogether.
    const osl = m?.['enable-oslogin'];
    if (isUnknown(osl) || metaFlag(osl) === true) return;
    if (metaFlag(osl) !== false && projectMetaTrue(ctx.graph, 'enable-oslogin')) return;
    const v = m?.['block-project-ssh-keys'];
    if (v === undefined || v === null) report(null, 'block-project-ssh-keys is not set: project-wide SSH keys can log in');
    else if (metaFlag(v) === false) report('metadata.block-project-ssh-keys', 'block-project-ssh-keys is false: project-wide SSH keys can log in');
  },
};

export const shieldedVm: CloudRule = {
  id: `${GCP}compute-instance-shielded-vm-disabled`,
  title: 'Shielded VM protection turned off',
  severity: 'low',
  cwe: [693],
  description: 'Turning off Secure Boot, the vTPM or integrity monitoring removes the protections that detect or stop boot-level malware and rootkits on the instance.',
  remediation: 'In `shielded_instance_config`, set `enable_secure_boot`, `enable_vtpm` and `enable_integrity_monitoring` to true (the image must support Shielded VM).',
  references: [REF, 'https://cloud.google.com/compute/shielded-vm/docs/shielded-vm'],
  provider: 'gcp',
  types: VM_TYPES,
  check(r, report) {
    for (const s of blocks(r.attrs, 'shielded_instance_config')) {
      for (const k of ['enable_secure_boot', 'enable_vtpm', 'enable_integrity_monitoring']) {
        if (isFalse(s.block[k])) report(`${s.path}.${k}`, `${k} is false`);
      }
    }
  },
};

/** Reports the default Compute Engine service account used with the full cloud-platform scope. */
export function reportDefaultSaFullScope(sa: { block: { [k: string]: Value }; path: string }, report: CloudReport, emailKey: string, what: string): void {
  const email = sa.block[emailKey];
  if (isUnknown(email)) return;
  const isDefault = isAbsent(email) || (typeof email === 'string' && (email.trim() === 'default' || isDefaultComputeSa(email)));
  if (isDefault && hasCloudPlatformScope(sa.block.scopes)) {
    report(`${sa.path}.scopes`, `${what} runs as the default Compute Engine service account with the cloud-platform scope`);
  }
}

export const defaultSaFullAccess: CloudRule = {
  id: `${GCP}compute-instance-default-sa-full-access`,
  title: 'Instance uses the default service account with full API access',
  severity: 'high',
  cwe: [250],
  description: 'The default Compute Engine service account holds the Editor role on the project; with the `cloud-platform` scope any process on the VM can use it to change almost anything in the project.',
  remediation: 'Attach a dedicated, least-privilege service account (`service_account { email = google_service_account.x.email }`) or narrow `scopes`.',
  references: [REF, 'https://cloud.google.com/compute/docs/access/service-accounts#default_service_account'],
  provider: 'gcp',
  types: VM_TYPES,
  check(r, report) {
    for (const sa of blocks(r.attrs, 'service_account')) reportDefaultSaFullScope(sa, report, 'email', 'instance');
  },
};

export const defaultSa: CloudRule = {
  id: `${GCP}compute-instance-default-service-account`,
  title: 'Instance runs as the default Compute Engine service account',
  severity: 'medium',
  cwe: [250],
  description: 'The default Compute Engine service account is shared by every VM that does not name another one and holds the Editor role by default, so a compromise of this VM reaches everything the account can.',
  remediation: 'Create a dedicated service account with only the roles the workload needs and set `service_account { email = google_service_account.x.email }`.',
  references: [REF, 'https://cloud.google.com/compute/docs/access/service-accounts#default_service_account'],
  provider: 'gcp',
  types: VM_TYPES,
  check(r, report) {
    for (const sa of blocks(r.attrs, 'service_account')) {
      const email = sa.block.email;
      if (typeof email === 'string' && (email.trim() === 'default' || isDefaultComputeSa(email))) {
        report(`${sa.path}.email`, 'the instance runs as the default Compute Engine service account');
      } else if (isAbsent(email) && !hasCloudPlatformScope(sa.block.scopes) && !isUnknown(sa.block.scopes)) {
        // With the cloud-platform scope the full-access rule already reports this account.
        report(null, 'service_account has no email: the instance runs as the default Compute Engine service account');
      }
    }
  },
};

export const instanceRules: CloudRule[] = [
  instancePublicIp,
  instanceIpForwarding,
  serialPort,
  osLoginDisabled,
  projectSshKeys,
  shieldedVm,
  defaultSaFullAccess,
  defaultSa,
];

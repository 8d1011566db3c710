import type { ResourceGraph } from '../../model/graph.js';
import type { Resource } from '../../model/resource.js';
import { isUnknown, type ObjectValue } from '../../model/value.js';
import { blocks, get, isAbsent, isFalse, isTrue, str } from '../cloud/attr.js';
import type { CloudReport, CloudRule } from '../cloud/types.js';
import { secretInText, userDataText } from './ec2-secrets.js';
import { coversAllPorts, exposedPorts, openIngress } from './security-group-util.js';
import { written } from './ec2-plan.js';

const doc = (t: string) => `https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/${t}`;
/** Spot instance requests take every aws_instance argument, so they are checked alike. */
const INSTANCES = new Set(['aws_instance', 'aws_spot_instance_request']);
const COMPUTE = ['aws_instance', 'aws_spot_instance_request', 'aws_launch_template', 'aws_launch_configuration'] as const;

/** An aws_ebs_encryption_by_default that is (or may be) on makes new volumes encrypted without a per-volume flag. */
export function accountEncryptsByDefault(graph: ResourceGraph): boolean {
  return graph.ofType('aws_ebs_encryption_by_default').some((e) => !isFalse(e.attrs['enabled']));
}

/** The AMI the instance boots, when it is an aws_ami in the same configuration that requires IMDSv2. */
function amiRequiresImdsV2(r: Resource, graph: ResourceGraph): boolean {
  return graph.targets(r, 'ami', ['aws_ami', 'aws_ami_copy']).some((a) => str(a.attrs['imds_support']) === 'v2.0');
}

/**
 * Account-level instance metadata defaults (aws_ec2_instance_metadata_defaults) that require, or
 * may require, IMDSv2: launches that leave http_tokens unset then get "required".
 */
function accountRequiresImdsV2(graph: ResourceGraph): boolean {
  return graph.ofType('aws_ec2_instance_metadata_defaults').some((d) => {
    const t = d.attrs['http_tokens'];
    return isUnknown(t) || str(t) === 'required';
  });
}

/** EBS volume blocks of an instance, launch configuration or launch template, with their paths. */
function devices(r: Resource): { block: ObjectValue; path: string }[] {
  if (r.type === 'aws_launch_template') {
    return blocks(r.attrs, 'block_device_mappings').flatMap(({ block, path }) => blocks(block, 'ebs', path));
  }
  return ['root_block_device', 'ebs_block_device'].flatMap((kind) => blocks(r.attrs, kind));
}

function checkUserData(r: Resource, report: CloudReport): void {
  // Launch templates always take base64; instances and launch configurations have a separate _base64 attribute.
  const attrs: [string, boolean][] =
    r.type === 'aws_launch_template' ? [['user_data', true]] : [['user_data', false], ['user_data_base64', true]];
  for (const [attr, b64] of attrs) {
    const v = str(r.attrs[attr]);
    if (v === undefined) continue;
    const text = userDataText(v, b64);
    const found = text === undefined ? undefined : secretInText(text);
    if (found) report(attr, `user data contains ${found}; it is readable by anyone who can describe the instance and from the instance metadata service`);
  }
}

/** The instance gets a public IPv4 address: asked for, or inherited from a public subnet it does not opt out of. */
function isPublicInstance(r: Resource, graph: ResourceGraph): boolean {
  const assoc = r.attrs['associate_public_ip_address'];
  if (isTrue(assoc)) return true;
  // An Elastic IP attached to the instance (aws_eip.instance, aws_eip_association.instance_id) is a public address too.
  const eip = (e: Resource) => graph.targets(e, e.type === 'aws_eip' ? 'instance' : 'instance_id').includes(r);
  if (graph.referrers(r, ['aws_eip', 'aws_eip_association']).some(eip)) return true;
  if (!isAbsent(assoc)) return false;
  return graph.targets(r, 'subnet_id', ['aws_subnet']).some((s) => isTrue(s.attrs['map_public_ip_on_launch']));
}

/** Remote administration (SSH, RDP, or everything) reachable from the internet through the instance's security groups. */
function openAdminAccess(r: Resource, graph: ResourceGraph): string | undefined {
  const groups = [
    ...graph.targets(r, 'vpc_security_group_ids', ['aws_security_group']),
    ...graph.targets(r, 'security_groups', ['aws_security_group']),
  ];
  for (const sg of groups) {
    const rules = [sg, ...graph.referrers(sg, ['aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'])];
    for (const p of rules.flatMap(openIngress)) {
      if (coversAllPorts(p)) return `all ports via ${sg.address}`;
      const hit = exposedPorts(p, p.protocol === 'tcp' ? [22, 3389] : [3389]);
      if (hit.length > 0) return `port ${hit.join(', ')} via ${sg.address}`;
    }
  }
  return undefined;
}

export const ec2Rules: CloudRule[] = [
  {
    id: 'iac/aws/ec2-imdsv1-enabled',
    title: 'Instance metadata service allows IMDSv1',
    severity: 'high',
    cwe: [918],
    description: 'Without `http_tokens = "required"` the instance metadata service answers token-less IMDSv1 requests, so any SSRF in the workload can read the instance role credentials (the provider default is "optional").',
    remediation: 'Add `metadata_options { http_tokens = "required" }` (or `http_endpoint = "disabled"` when the metadata service is not used).',
    references: [doc('instance#metadata-options'), 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html'],
    provider: 'aws',
    types: COMPUTE,
    check(r, report, { graph }) {
      const mo = r.attrs['metadata_options'];
      if (isUnknown(mo)) return;
      const b = blocks(r.attrs, 'metadata_options')[0];
      if (!b) {
        // An instance built from a launch template inherits its metadata options; an IMDSv2-only AMI sets them too.
        if (INSTANCES.has(r.type) && (blocks(r.attrs, 'launch_template').length > 0 || isUnknown(r.attrs['launch_template']))) return;
        if (INSTANCES.has(r.type) && amiRequiresImdsV2(r, graph)) return;
        if (accountRequiresImdsV2(graph)) return;
        report(null, 'no metadata_options block: IMDSv1 stays enabled (http_tokens defaults to "optional")');
        return;
      }
      const endpoint = b.block['http_endpoint'];
      if (isUnknown(endpoint) || str(endpoint) === 'disabled') return;
      const tokens = b.block['http_tokens'];
      if (isUnknown(tokens) || str(tokens) === 'required') return;
      if (isAbsent(tokens) && !accountRequiresImdsV2(graph)) report(b.path, 'metadata_options does not set http_tokens = "required" (defaults to "optional")');
      else if (str(tokens) === 'optional') report(`${b.path}.http_tokens`, 'http_tokens = "optional" lets IMDSv1 requests read instance credentials');
    },
  },
  {
    id: 'iac/aws/ec2-metadata-defaults-imdsv1',
    title: 'Account instance metadata defaults allow IMDSv1',
    severity: 'medium',
    cwe: [918],
    description: 'The region-wide instance metadata defaults set http_tokens to "optional", so every instance launched without its own metadata options accepts token-less IMDSv1 requests.',
    remediation: 'Set `http_tokens = "required"` on `aws_ec2_instance_metadata_defaults`.',
    references: [doc('ec2_instance_metadata_defaults'), 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html'],
    provider: 'aws',
    types: ['aws_ec2_instance_metadata_defaults'],
    check(r, report) {
      if (str(r.attrs['http_tokens']) === 'optional') report('http_tokens', 'new instances default to accepting IMDSv1');
    },
  },
  {
    id: 'iac/aws/ec2-public-ip',
    title: 'Instance gets a public IP address',
    severity: 'medium',
    cwe: [668],
    description: 'The instance (or every instance from this template) is given a public IPv4 address, exposing it directly to the internet instead of behind a load balancer or NAT.',
    remediation: 'Set `associate_public_ip_address = false` and publish the service through a load balancer; use Session Manager for administration.',
    references: [doc('instance#associate_public_ip_address'), doc('launch_template#network-interfaces')],
    provider: 'aws',
    types: COMPUTE,
    check(r, report) {
      if (r.type === 'aws_launch_template') {
        for (const { block, path } of blocks(r.attrs, 'network_interfaces')) {
          if (isTrue(block['associate_public_ip_address'])) report(`${path}.associate_public_ip_address`, 'instances from this template get a public IP address');
        }
        return;
      }
      if (isTrue(r.attrs['associate_public_ip_address'])) report('associate_public_ip_address', 'the instance is given a public IP address');
    },
  },
  {
    id: 'iac/aws/ec2-public-instance-admin-open',
    title: 'Internet-reachable instance with SSH/RDP open to the world',
    severity: 'critical',
    cwe: [284],
    description: 'The instance has a public IP address (its own or an attached Elastic IP) and one of its security groups admits SSH, RDP or all traffic from 0.0.0.0/0 or ::/0: its remote login is directly attackable from the internet.',
    remediation: 'Remove the public address (`associate_public_ip_address = false`, private subnet) or restrict the security group to known ranges; prefer Session Manager.',
    references: [doc('instance'), 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-security-groups.html'],
    provider: 'aws',
    types: ['aws_instance', 'aws_spot_instance_request'],
    check(r, report, { graph }) {
      if (!isPublicInstance(r, graph)) return;
      const open = openAdminAccess(r, graph);
      if (!open) return;
      const at = r.lines.has('vpc_security_group_ids') ? 'vpc_security_group_ids' : 'security_groups';
      report(at, `the public instance exposes ${open} to the internet`);
    },
  },
  {
    id: 'iac/aws/ec2-block-device-unencrypted',
    title: 'Instance EBS volume not encrypted',
    severity: 'medium',
    cwe: [311],
    description: 'A root or data EBS volume of the instance or template is not encrypted at rest, so its data and snapshots are readable by anyone who gets the volume.',
    remediation: 'Set `encrypted = true` (optionally with `kms_key_id`) on every `root_block_device` / `ebs_block_device` / `block_device_mappings.ebs`, or enable `aws_ebs_encryption_by_default`.',
    references: [doc('instance#ebs-ephemeral-and-root-block-devices'), doc('launch_template#block-devices')],
    provider: 'aws',
    types: COMPUTE,
    check(r, report, { graph }) {
      const byDefault = accountEncryptsByDefault(graph);
      for (const d of devices(r)) {
        const enc = d.block['encrypted'];
        if (isUnknown(enc) || isTrue(enc)) continue;
        if (isFalse(enc)) {
          report(`${d.path}.encrypted`, 'the volume is explicitly unencrypted');
          continue;
        }
        // Not written: a snapshot decides the volume's encryption, a KMS key implies it, the account default may force it.
        if (!isAbsent(d.block['snapshot_id']) || !isAbsent(d.block['kms_key_id']) || byDefault) continue;
        report(d.path, 'the volume does not set encrypted = true (defaults to unencrypted)');
      }
    },
  },
  {
    id: 'iac/aws/ec2-user-data-secrets',
    title: 'Credentials in instance user data',
    severity: 'high',
    cwe: [798],
    description: 'User data is stored in plain text, visible to anyone with ec2:DescribeInstanceAttribute and to every process on the instance through the metadata service; credentials in it leak.',
    remediation: 'Fetch secrets at boot from Secrets Manager or SSM Parameter Store with the instance role instead of writing them into `user_data`.',
    references: [doc('instance#user_data'), 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html'],
    provider: 'aws',
    types: COMPUTE,
    check(r, report) {
      checkUserData(r, report);
    },
  },
  {
    id: 'iac/aws/ec2-detailed-monitoring-disabled',
    title: 'Detailed monitoring explicitly disabled',
    severity: 'low',
    cwe: [778],
    description: 'Detailed (1-minute) CloudWatch monitoring is turned off explicitly, which slows detection of abnormal load such as cryptomining or denial of service.',
    remediation: 'Set `monitoring = true` (instances), `monitoring { enabled = true }` (launch templates) or `enable_monitoring = true` (launch configurations).',
    references: [doc('instance#monitoring')],
    provider: 'aws',
    types: COMPUTE,
    check(r, report) {
      const path =
        r.type === 'aws_launch_template' ? 'monitoring.0.enabled' : r.type === 'aws_launch_configuration' ? 'enable_monitoring' : 'monitoring';
      if (isFalse(get(r.attrs, path)) && written(r, path)) report(path, 'detailed monitoring is disabled');
    },
  },
  {
    id: 'iac/aws/ec2-serial-console-enabled',
    title: 'EC2 serial console access enabled',
    severity: 'low',
    cwe: [284],
    description: 'Account-wide EC2 serial console access gives a login path to instances that bypasses security groups and network controls; it should be off unless actively troubleshooting.',
    remediation: 'Set `enabled = false` on `aws_ec2_serial_console_access` (the resource defaults to true).',
    references: [doc('ec2_serial_console_access')],
    provider: 'aws',
    types: ['aws_ec2_serial_console_access'],
    check(r, report) {
      const v = r.attrs['enabled'];
      if (isTrue(v)) report('enabled', 'serial console access is enabled for the account');
      else if (isAbsent(v)) report(null, 'serial console access is enabled for the account (enabled defaults to true)');
    },
  },
];

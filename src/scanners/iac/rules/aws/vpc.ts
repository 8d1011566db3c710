import { isUnknown } from '../../model/value.js';
import { blocks, isFalse, isTrue, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { coversAllPorts, exposedPorts, NACL_TYPES, openNaclIngress, portLabel } from './security-group-util.js';
import { matchingElementPath } from './ec2-list-path.js';

const NACL_ADMIN_PORTS = [20, 21, 22, 23, 3389];

const doc = (t: string) => `https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/${t}`;

export const vpcRules: CloudRule[] = [
  {
    id: 'iac/aws/vpc-flow-logs-disabled',
    title: 'VPC without flow logs',
    severity: 'low',
    cwe: [778],
    description: 'No aws_flow_log captures traffic for this VPC; without flow logs there is no record of connections for incident response or anomaly detection (CIS AWS 3.9).',
    remediation: 'Add an `aws_flow_log` with `vpc_id = aws_vpc.<name>.id` delivering to CloudWatch Logs or S3.',
    references: [doc('flow_log'), 'https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html'],
    provider: 'aws',
    types: ['aws_vpc'],
    check(r, report, { graph }) {
      if (graph.referrers(r, ['aws_flow_log']).length > 0) return;
      // A flow log whose target could not be resolved may be this VPC's: stay silent.
      const undecidable = graph.ofType('aws_flow_log').some((f) => {
        const target = f.attrs['vpc_id'];
        return isUnknown(target) && (f.refs.get('vpc_id') ?? []).length === 0;
      });
      if (undecidable) return;
      report(null, `VPC ${r.address} has no flow log`);
    },
  },
  {
    id: 'iac/aws/vpc-default-vpc-used',
    title: 'Default VPC managed in configuration',
    severity: 'low',
    cwe: [1188],
    description: 'The default VPC comes with public subnets, an internet gateway and a permissive default security group; declaring it brings it into use instead of removing it (CIS recommends not using default VPCs).',
    remediation: 'Remove `aws_default_vpc` and deploy into a purpose-built `aws_vpc` with private subnets; delete the default VPC where possible.',
    references: [doc('default_vpc'), 'https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html'],
    provider: 'aws',
    types: ['aws_default_vpc'],
    check(r, report) {
      // force_destroy = true is how Terraform deletes the default VPC: that is the remedy, not the problem.
      if (isTrue(r.attrs['force_destroy'])) return;
      report(null, 'the default VPC is managed and used');
    },
  },
  {
    id: 'iac/aws/subnet-public-ip-on-launch',
    title: 'Subnet assigns public IPs on launch',
    severity: 'low',
    cwe: [668],
    description: 'Every instance launched into this subnet gets a public IPv4 address by default, putting workloads on the internet unless each launch opts out.',
    remediation: 'Set `map_public_ip_on_launch = false` and give public addresses only to the resources that need them (load balancers, NAT gateways, Elastic IPs).',
    references: [doc('subnet')],
    provider: 'aws',
    types: ['aws_subnet'],
    check(r, report) {
      if (isTrue(r.attrs['map_public_ip_on_launch'])) report('map_public_ip_on_launch', 'the subnet maps a public IP to every instance launched in it');
    },
  },
  {
    id: 'iac/aws/nacl-admin-port-open',
    title: 'Network ACL allows remote administration from the internet',
    severity: 'medium',
    cwe: [284],
    description: 'A network ACL ingress entry allows any address to reach SSH (22), RDP (3389), Telnet (23) or FTP (20/21), removing the subnet-level safeguard for remote administration and cleartext logins (CIS AWS 5.1).',
    remediation: 'Limit the entry\'s `cidr_block` to administrative ranges, or change its action to `deny`.',
    references: [doc('network_acl_rule'), 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html'],
    provider: 'aws',
    types: NACL_TYPES,
    check(r, report) {
      for (const p of openNaclIngress(r)) {
        // NACLs are stateless: an ingress range from 1024 (or above) up to 65535 admits return traffic
        // to ephemeral ports, the documented pattern; it contains 3389 only by accident.
        if (p.from !== undefined && p.to !== undefined && p.from >= 1024 && p.to >= 65535) continue;
        // SSH, Telnet and FTP are TCP only; RDP also has a UDP transport.
        const ports = p.protocol === 'udp' ? [3389] : NACL_ADMIN_PORTS;
        const hit = exposedPorts(p, ports);
        if (hit.length === 0) continue;
        for (const path of p.openPaths) report(path, `the network ACL allows port ${hit.join(', ')} from the internet (${portLabel(p)})`);
      }
    },
  },
  {
    id: 'iac/aws/nacl-all-traffic-open',
    title: 'Network ACL allows all inbound traffic from the internet',
    severity: 'low',
    cwe: [284],
    description: 'A network ACL ingress entry allows every protocol or port from any address, so the subnet relies on security groups alone.',
    remediation: 'Replace the entry with `allow` entries for the ports the subnet serves (and ephemeral return ports), restricted where possible.',
    references: [doc('network_acl_rule'), 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html'],
    provider: 'aws',
    types: NACL_TYPES,
    check(r, report) {
      for (const p of openNaclIngress(r)) {
        if (!coversAllPorts(p)) continue;
        for (const path of p.openPaths) report(path, `the network ACL allows ${portLabel(p) === 'all protocols' ? 'all protocols' : 'every port'} from the internet`);
      }
    },
  },
  {
    id: 'iac/aws/transit-gateway-auto-accept',
    title: 'Transit gateway auto-accepts shared attachments',
    severity: 'medium',
    cwe: [284],
    description: 'With auto-accept on, any account the transit gateway is shared with can attach its VPCs and route into your network without review.',
    remediation: 'Set `auto_accept_shared_attachments = "disable"` (the default) and accept attachments explicitly.',
    references: [doc('ec2_transit_gateway')],
    provider: 'aws',
    types: ['aws_ec2_transit_gateway'],
    check(r, report) {
      if (str(r.attrs['auto_accept_shared_attachments'])?.toLowerCase() === 'enable') {
        report('auto_accept_shared_attachments', 'shared attachments are accepted automatically');
      }
    },
  },
  {
    id: 'iac/aws/vpc-endpoint-service-public',
    title: 'VPC endpoint service allows every AWS account',
    severity: 'medium',
    cwe: [284],
    description: 'An allowed principal of "*" lets any AWS account create an interface endpoint to this PrivateLink service; without acceptance, connections are established immediately.',
    remediation: 'List specific account or role ARNs in `allowed_principals` (or `aws_vpc_endpoint_service_allowed_principal`) and keep `acceptance_required = true`.',
    references: [doc('vpc_endpoint_service'), doc('vpc_endpoint_service_allowed_principal')],
    provider: 'aws',
    types: ['aws_vpc_endpoint_service', 'aws_vpc_endpoint_service_allowed_principal'],
    check(r, report) {
      if (r.type === 'aws_vpc_endpoint_service_allowed_principal') {
        if (str(r.attrs['principal_arn']) === '*') report('principal_arn', 'every AWS account may connect to the endpoint service');
        return;
      }
      const at = matchingElementPath(r.attrs['allowed_principals'], 'allowed_principals', (p) => p === '*');
      if (at) report(at, 'every AWS account may connect to the endpoint service');
    },
  },
  {
    id: 'iac/aws/client-vpn-connection-logging-off',
    title: 'Client VPN connection logging disabled',
    severity: 'low',
    cwe: [778],
    description: 'Client VPN connection logs record who connected, from where and when; with them off, a stolen VPN credential leaves no trace.',
    remediation: 'Set `connection_log_options { enabled = true, cloudwatch_log_group = ... }`.',
    references: [doc('ec2_client_vpn_endpoint#connection_log_options')],
    provider: 'aws',
    types: ['aws_ec2_client_vpn_endpoint'],
    check(r, report) {
      for (const { block, path } of blocks(r.attrs, 'connection_log_options')) {
        if (isFalse(block['enabled'])) report(`${path}.enabled`, 'VPN connections are not logged');
      }
    },
  },
];

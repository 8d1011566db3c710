import type { Resource } from '../../model/resource.js';
import { blocks } from '../cloud/attr.js';
import { ADMIN_PORTS, DATABASE_PORTS } from '../cloud/ports.js';
import type { CloudReport, CloudRule } from '../cloud/types.js';
import { coversAllPorts, exposedPorts, openIngress, portLabel, SECURITY_GROUP_TYPES, type Permission } from './security-group-util.js';

const SG_DOCS = [
  'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group',
  'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_security_group_ingress_rule',
  'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
];

/** Other ports AWS Security Hub counts as high risk (EC2.19): mail, alternate HTTP and development servers. */
const HIGH_RISK_PORTS: Record<number, string> = {
  25: 'SMTP',
  110: 'POP3',
  143: 'IMAP',
  3000: 'development server / Grafana',
  5000: 'development server / registry',
  5500: 'VNC / remote assistance',
  8080: 'alternate HTTP / admin console',
  8088: 'alternate HTTP / Hadoop',
  8888: 'alternate HTTP / Jupyter',
};

/**
 * Ports of the tables above whose service also (or only) answers on UDP: the SQL Server browser,
 * NetBIOS name and datagram services, the RPC portmapper and NFS. The others are reached over TCP
 * (Memcached's UDP listener has been off by default since 1.5.6), so a UDP range for game servers
 * or media over 3306 or 11211 exposes nothing.
 */
const UDP_SERVICE_PORTS = new Set([111, 137, 138, 1434, 2049]);

const portsOf = (m: Record<number, string>, udp: boolean): number[] =>
  Object.keys(m)
    .map(Number)
    .filter((x) => !udp || UDP_SERVICE_PORTS.has(x));

/** Reports each world-open CIDR attribute of each permission that exposes one of `ports` over the transport the service uses. */
function reportPorts(r: Resource, report: CloudReport, ports: Record<number, string>, what: string): void {
  for (const p of openIngress(r)) {
    if (p.protocol !== 'tcp' && p.protocol !== 'udp') continue;
    const hit = exposedPorts(p, portsOf(ports, p.protocol === 'udp'));
    if (hit.length === 0) continue;
    const names = hit.map((x) => `${ports[x]} (${x})`).join(', ');
    for (const path of p.openPaths) report(path, `${what} ${names} is open to the internet (${p.protocol === 'udp' ? 'UDP ' : ''}${portLabel(p)})`);
  }
}

function single(port: number, p: Permission): boolean {
  return exposedPorts(p, [port]).length > 0;
}

export const securityGroupRules: CloudRule[] = [
  {
    id: 'iac/aws/security-group-ssh-open',
    title: 'Security group allows SSH from the internet',
    severity: 'high',
    cwe: [284],
    description: 'An ingress permission lets any address reach TCP port 22; SSH exposed to the internet is brute-forced and exploited within minutes of launch.',
    remediation: 'Restrict `cidr_blocks` / `cidr_ipv4` to known administrative ranges, or use SSM Session Manager instead of open SSH.',
    references: SG_DOCS,
    provider: 'aws',
    types: SECURITY_GROUP_TYPES,
    check(r, report) {
      for (const p of openIngress(r)) {
        if (p.protocol !== 'tcp' || !single(22, p)) continue;
        for (const path of p.openPaths) report(path, `SSH (22) is open to the internet (${portLabel(p)})`);
      }
    },
  },
  {
    id: 'iac/aws/security-group-rdp-open',
    title: 'Security group allows RDP from the internet',
    severity: 'high',
    cwe: [284],
    description: 'An ingress permission lets any address reach port 3389; internet-facing RDP is a leading ransomware entry point.',
    remediation: 'Restrict `cidr_blocks` / `cidr_ipv4` for port 3389 to a VPN or bastion range, or use Fleet Manager / Session Manager.',
    references: SG_DOCS,
    provider: 'aws',
    types: SECURITY_GROUP_TYPES,
    check(r, report) {
      for (const p of openIngress(r)) {
        if (!single(3389, p)) continue;
        for (const path of p.openPaths) report(path, `RDP (3389) is open to the internet (${portLabel(p)})`);
      }
    },
  },
  {
    id: 'iac/aws/security-group-all-ports-open',
    title: 'Security group allows all traffic from the internet',
    severity: 'critical',
    cwe: [284],
    description: 'An ingress permission with protocol -1 or the full port range lets any address reach every service on the attached resources.',
    remediation: 'Replace the permission with rules for the specific ports the service needs (for example 443), and restrict their sources.',
    references: SG_DOCS,
    provider: 'aws',
    types: SECURITY_GROUP_TYPES,
    check(r, report) {
      for (const p of openIngress(r)) {
        if (!coversAllPorts(p)) continue;
        for (const path of p.openPaths) report(path, `every port (${portLabel(p)}) is open to the internet`);
      }
    },
  },
  {
    id: 'iac/aws/security-group-database-port-open',
    title: 'Security group exposes a database port to the internet',
    severity: 'high',
    cwe: [284],
    description: 'An ingress permission lets any address reach a database or search-engine port (MySQL, PostgreSQL, SQL Server and its Analysis Services, Redis, MongoDB, Elasticsearch, Memcached, …); these are mass-scanned and often run without authentication.',
    remediation: 'Allow the database port only from the application security group (`source_security_group_id` / `referenced_security_group_id`) or private CIDRs.',
    references: SG_DOCS,
    provider: 'aws',
    types: SECURITY_GROUP_TYPES,
    check(r, report) {
      reportPorts(r, report, DATABASE_PORTS, 'database port');
    },
  },
  {
    id: 'iac/aws/security-group-admin-port-open',
    title: 'Security group exposes an administration port to the internet',
    severity: 'high',
    cwe: [284],
    description: 'An ingress permission lets any address reach a remote-administration, file-sharing or cleartext service port (Telnet, FTP, RPC, NetBIOS, SMB, NFS, VNC, WinRM, Docker, etcd, Kubernetes API, kubelet).',
    remediation: 'Remove the world-open source for these ports; reach them through a VPN, bastion or private network only.',
    references: SG_DOCS,
    provider: 'aws',
    types: SECURITY_GROUP_TYPES,
    check(r, report) {
      reportPorts(r, report, ADMIN_PORTS, 'administration port');
    },
  },
  {
    id: 'iac/aws/security-group-high-risk-port-open',
    title: 'Security group exposes a high-risk service port to the internet',
    severity: 'medium',
    cwe: [284],
    description: 'An ingress permission lets any address reach a port AWS Security Hub rates high risk (SMTP, POP3, IMAP, 3000, 5000, 8080, 8088, 8888, …): development servers, admin consoles and mail services that are routinely scanned and abused.',
    remediation: 'Serve web traffic on 443 through a load balancer and restrict these ports to private CIDRs or security groups.',
    references: [...SG_DOCS, 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19'],
    provider: 'aws',
    types: SECURITY_GROUP_TYPES,
    check(r, report) {
      reportPorts(r, report, HIGH_RISK_PORTS, 'high-risk port');
    },
  },
  {
    id: 'iac/aws/default-security-group-has-rules',
    title: 'Default security group allows traffic',
    severity: 'medium',
    cwe: [284],
    description: 'Resources launched without an explicit security group join the VPC default group; rules on it silently grant network access to them (CIS AWS 5.4).',
    remediation: 'Declare `aws_default_security_group` with no `ingress` and no `egress` blocks, and attach purpose-made security groups instead.',
    references: ['https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_security_group'],
    provider: 'aws',
    types: ['aws_default_security_group'],
    check(r, report) {
      for (const kind of ['ingress', 'egress'] as const) {
        for (const { path } of blocks(r.attrs, kind)) report(path, `the default security group has an ${kind} rule`);
      }
    },
  },
];

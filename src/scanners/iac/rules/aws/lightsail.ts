import { blocks, isOpenToWorld, isTrue, num } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { exposedPorts, protocolOf, type Permission } from './security-group-util.js';
import { matchingElementPath } from './ec2-list-path.js';

export const lightsailRules: CloudRule[] = [
  {
    id: 'iac/aws/lightsail-admin-port-open',
    title: 'Lightsail instance exposes SSH or RDP to the internet',
    severity: 'high',
    cwe: [284],
    description: 'A Lightsail firewall rule opens port 22 or 3389 to every address, inviting brute-force and exploit attempts against remote administration.',
    remediation: 'Restrict `cidrs` / `ipv6_cidrs` of the port_info to administrative ranges, or use the Lightsail browser-based SSH/RDP client.',
    references: ['https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lightsail_instance_public_ports'],
    provider: 'aws',
    types: ['aws_lightsail_instance_public_ports'],
    check(r, report) {
      for (const { block, path } of blocks(r.attrs, 'port_info')) {
        const protocol = protocolOf(block['protocol']);
        if (protocol === undefined) continue;
        const p: Permission = { protocol, from: num(block['from_port']), to: num(block['to_port']), openPaths: [] };
        const hit = protocol === 'all' ? [22, 3389] : exposedPorts(p, [22, 3389]);
        if (hit.length === 0) continue;
        for (const attr of ['cidrs', 'ipv6_cidrs']) {
          const at = matchingElementPath(block[attr], `${path}.${attr}`, isOpenToWorld);
          if (at) report(at, `port ${hit.join(' and ')} is open to the internet`);
        }
      }
    },
  },
  {
    id: 'iac/aws/lightsail-database-public',
    title: 'Lightsail database publicly accessible',
    severity: 'high',
    cwe: [284],
    description: 'A publicly accessible Lightsail database accepts connections from the internet, exposing it to credential guessing and database exploits.',
    remediation: 'Set `publicly_accessible = false` and connect from Lightsail instances in the same region.',
    references: ['https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lightsail_database'],
    provider: 'aws',
    types: ['aws_lightsail_database'],
    check(r, report) {
      if (isTrue(r.attrs['publicly_accessible'])) report('publicly_accessible', 'the database is reachable from the internet');
    },
  },
];

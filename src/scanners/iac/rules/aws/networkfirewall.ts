import { blocks } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { matchingElementPath } from './ec2-list-path.js';

export const networkFirewallRules: CloudRule[] = [
  {
    id: 'iac/aws/networkfirewall-stateless-default-pass',
    title: 'Network Firewall passes unmatched traffic without inspection',
    severity: 'medium',
    cwe: [693],
    description: 'A stateless default action of "aws:pass" lets every packet no stateless rule matched through without reaching the stateful engine, so stateful rules and domain filtering never see it.',
    remediation: 'Set `stateless_default_actions` and `stateless_fragment_default_actions` to ["aws:forward_to_sfe"] (or "aws:drop").',
    references: ['https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/networkfirewall_firewall_policy'],
    provider: 'aws',
    types: ['aws_networkfirewall_firewall_policy'],
    check(r, report) {
      for (const { block, path } of blocks(r.attrs, 'firewall_policy')) {
        for (const attr of ['stateless_default_actions', 'stateless_fragment_default_actions']) {
          const at = matchingElementPath(block[attr], `${path}.${attr}`, (a) => a === 'aws:pass');
          if (at) report(at, `${attr} passes traffic around the stateful engine`);
        }
      }
    },
  },
];

import { isFalse } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';

export const route53Rules: CloudRule[] = [
  {
    id: 'iac/aws/route53-domain-transfer-lock-off',
    title: 'Registered domain transfer lock disabled',
    severity: 'medium',
    cwe: [284],
    description: 'Without the transfer lock a registered domain can be moved to another registrar with a leaked authorization code, handing over all DNS for it.',
    remediation: 'Set `transfer_lock = true` (the default) on `aws_route53domains_registered_domain`.',
    references: ['https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/route53domains_registered_domain'],
    provider: 'aws',
    types: ['aws_route53domains_registered_domain', 'aws_route53domains_domain'],
    check(r, report) {
      if (isFalse(r.attrs['transfer_lock'])) report('transfer_lock', 'the domain can be transferred away without unlocking');
    },
  },
];

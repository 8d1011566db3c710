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
  {
    id: 'iac/aws/route53-domain-privacy-off',
    title: 'Registered domain contact privacy disabled',
    severity: 'low',
    cwe: [359],
    description: 'With contact privacy off, the WHOIS record publishes the contact\'s name, address, e-mail and phone number, feeding phishing and social engineering.',
    remediation: 'Set `admin_privacy`, `registrant_privacy` and `tech_privacy` to true (the defaults).',
    references: ['https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/route53domains_registered_domain'],
    provider: 'aws',
    types: ['aws_route53domains_registered_domain', 'aws_route53domains_domain'],
    check(r, report) {
      for (const attr of ['admin_privacy', 'registrant_privacy', 'tech_privacy', 'billing_privacy']) {
        if (isFalse(r.attrs[attr])) report(attr, `${attr.replace('_privacy', '')} contact details are published in WHOIS`);
      }
    },
  },
];

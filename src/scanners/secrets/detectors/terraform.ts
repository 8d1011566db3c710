import type { Detector } from '../detector.js';
import { delimited } from '../pattern-parts.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/terraform/cloud-api-token',
    title: 'Terraform Cloud / HCP Terraform API token',
    description: 'An HCP Terraform (Terraform Cloud) or Terraform Enterprise user, team or organisation API token (`<id>.atlasv1.<secret>`); it can read state, including other secrets, and run applies.',
    remediation: 'Revoke the token under User settings > Tokens (or the team/organisation API token page) and create a new one.',
    severity: 'critical',
    cwe: [798],
    references: ['https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens'],
    keywords: ['.atlasv1.'],
    pattern: delimited('[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}', 'A-Za-z0-9_=\\-'),
    maxLength: 95,
    minEntropy: 4,
  },
];

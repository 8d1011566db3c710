import type { Detector } from '../detector.js';
import { delimited } from '../pattern-parts.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/pulumi/access-token',
    title: 'Pulumi access token',
    description: 'A Pulumi Cloud access token (pul-) acts as a user, team or organisation: it reads stack state and its encrypted config and runs deployments.',
    remediation: 'Delete the token under Settings > Access tokens in Pulumi Cloud and create a new one.',
    severity: 'high',
    cwe: [798],
    references: ['https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/'],
    keywords: ['pul-'],
    pattern: delimited('pul-[0-9a-f]{40}', 'A-Za-z0-9_\\-'),
    maxLength: 46,
    minEntropy: 3.2,
  },
];

import type { Detector } from '../detector.js';
import { assigned } from '../pattern-parts.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/ibm/cloud-api-key',
    title: 'IBM Cloud API key',
    description: 'An IBM Cloud API key (44 characters) assigned to an IBM setting; it obtains IAM tokens as its user or service ID.',
    remediation: 'Delete the key under Manage > Access (IAM) > API keys (or the service ID), create a new one and review the activity tracker.',
    severity: 'high',
    cwe: [798],
    references: ['https://cloud.ibm.com/docs/account?topic=account-userapikey'],
    keywords: ['ibm'],
    pattern: assigned('ibm[a-z0-9_.\\-]{0,24}(?:api[_.\\-]?key|apikey|iam[_.\\-]?key)', '[A-Za-z0-9_-]{44}', 'A-Za-z0-9_\\-'),
    maxLength: 120,
    minEntropy: 4,
  },
];

import type { Detector } from '../detector.js';
import { UUID, assigned, delimited } from '../pattern-parts.js';

const common = {
  cwe: [798],
  remediation: 'Delete the API key under IAM > API keys in the Scaleway console and create a new one for the application or user.',
  references: ['https://www.scaleway.com/en/docs/iam/concepts/#api-key'],
};

export const detectors: Detector[] = [
  {
    ...common,
    id: 'secrets/scaleway/access-key',
    title: 'Scaleway access key',
    description: 'A Scaleway API access key ID (SCW + 17 characters); half of a key pair whose secret usually leaks alongside it.',
    severity: 'medium',
    keywords: ['scw'],
    pattern: delimited('SCW[A-Z0-9]{17}', 'A-Za-z0-9'),
    maxLength: 22,
    minEntropy: 3,
  },
  {
    ...common,
    id: 'secrets/scaleway/secret-key',
    title: 'Scaleway secret key',
    description: 'A Scaleway API secret key (a UUID assigned to SCW_SECRET_KEY or a Scaleway setting) acts as its IAM application or user.',
    severity: 'critical',
    keywords: ['scw', 'scaleway'],
    pattern: assigned('(?:scw|scaleway)[a-z0-9_.\\-]{0,20}secret', UUID, 'A-Za-z0-9\\-'),
    maxLength: 100,
  },
];

import type { Detector } from '../detector.js';
import { delimited } from '../pattern-parts.js';

const common = {
  severity: 'high' as const,
  cwe: [798],
  remediation: 'Revoke the key or token in the JFrog Platform (User profile > Authentication settings, or Administration > Access tokens) and create a new scoped token.',
  references: ['https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens'],
};

export const detectors: Detector[] = [
  {
    ...common,
    id: 'secrets/jfrog/api-key',
    title: 'JFrog Artifactory API key',
    description: 'A JFrog Artifactory API key (AKCp, deprecated) authenticates as its user to the repositories.',
    keywords: ['akcp'],
    pattern: delimited('AKCp[A-Za-z0-9]{69}', 'A-Za-z0-9'),
    maxLength: 75,
    minEntropy: 4.2,
  },
  {
    ...common,
    id: 'secrets/jfrog/reference-token',
    title: 'JFrog reference token',
    description: 'A JFrog reference token (identity or access token short form, base64 of `reftkn:01:`) authenticates as its subject to the platform.',
    keywords: ['cmvmdgtuojaxoj'],
    pattern: delimited('cmVmdGtuOjAxOj[A-Za-z0-9]{40,60}', 'A-Za-z0-9'),
    maxLength: 76,
    minEntropy: 4,
  },
];

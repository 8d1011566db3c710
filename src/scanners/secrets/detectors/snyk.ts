import type { Detector } from '../detector.js';
import { UUID, assigned } from '../pattern-parts.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/snyk/api-token',
    title: 'Snyk API token',
    description: 'A Snyk API token (a UUID assigned to SNYK_TOKEN or similar) acts as its user or service account: it reads vulnerability data and can change projects.',
    remediation: 'Revoke and regenerate the token under Account settings > Auth token (or delete the service account token) in Snyk.',
    severity: 'high',
    cwe: [798],
    references: ['https://docs.snyk.io/snyk-api/authentication-for-api'],
    keywords: ['snyk'],
    pattern: assigned('snyk[a-z0-9_.\\-]{0,20}(?:token|api[_.\\-]?key|auth)', UUID, 'A-Za-z0-9\\-'),
    maxLength: 100,
  },
];

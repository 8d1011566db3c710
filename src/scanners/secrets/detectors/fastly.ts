import type { Detector } from '../detector.js';
import { assigned } from '../pattern-parts.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/fastly/api-token',
    title: 'Fastly API token',
    description: 'A Fastly API token (32 characters) assigned to a Fastly setting; it purges caches and changes service configuration within its scope.',
    remediation: 'Delete the token under Account > Personal API tokens (or ask an admin to revoke it) and create a new scoped one.',
    severity: 'high',
    cwe: [798],
    references: ['https://docs.fastly.com/en/guides/using-api-tokens'],
    keywords: ['fastly'],
    pattern: assigned('fastly[a-z0-9_.\\-]{0,20}(?:api[_.\\-]?)?(?:token|key)', '[A-Za-z0-9_-]{32}', 'A-Za-z0-9_\\-'),
    maxLength: 100,
    minEntropy: 3.8,
  },
];

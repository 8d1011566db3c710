import type { Detector } from '../detector.js';
import { assigned, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/algolia/admin-api-key',
    title: 'Algolia admin or write API key',
    description: 'An Algolia admin (or write) key adds, changes and deletes records and indices; search-only keys are public.',
    severity: 'high',
    cwe: [798],
    remediation: 'Regenerate the admin key in the Algolia dashboard (Settings > API Keys) or delete the write key, and load it from a secrets store.',
    references: ['https://www.algolia.com/doc/guides/security/api-keys/'],
    keywords: ['algolia'],
    ...assigned({
      provider: 'algolia',
      label: '(?:admin|write)[\\w.-]{0,5}(?:api.?)?key',
      value: '[0-9a-f]{32}',
      valueChars: 'A-Za-z0-9_',
      valueMax: 32,
    }),
    minEntropy: 3,
    check: mixesLettersAndDigits,
  },
];

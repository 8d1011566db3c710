import type { Detector } from '../detector.js';
import { assigned, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/sparkpost/api-key',
    spansLines: true,
    title: 'SparkPost API key',
    description: 'A SparkPost API key sends mail and, depending on its grants, manages templates, webhooks and subaccounts.',
    severity: 'high',
    cwe: [798],
    remediation: 'Delete the key in SparkPost (Configuration > API Keys), create a new one and load it from a secrets store.',
    references: ['https://developers.sparkpost.com/api/#header-authorization'],
    keywords: ['sparkpost'],
    ...assigned({
      provider: 'sparkpost',
      label: '(?:api.?)?(?:key|token)',
      value: '[0-9a-f]{40}',
      valueChars: 'A-Za-z0-9_',
      valueMax: 40,
    }),
    minEntropy: 3,
    check: mixesLettersAndDigits,
  },
];

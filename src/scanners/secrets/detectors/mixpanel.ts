import type { Detector } from '../detector.js';
import { assigned, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/mixpanel/api-secret',
    title: 'Mixpanel project API secret',
    description: 'The project API secret exports raw events and people data and imports historical events.',
    severity: 'high',
    cwe: [798],
    remediation: 'Reset the API secret in Mixpanel (Project settings > Access keys), or move to a service account, and load it from a secrets store.',
    references: ['https://developer.mixpanel.com/reference/authentication'],
    keywords: ['mixpanel'],
    ...assigned({
      provider: 'mixpanel',
      label: '(?:api.?|project.?)?secret',
      value: '[0-9a-f]{32}',
      valueChars: 'A-Za-z0-9_',
      valueMax: 32,
    }),
    minEntropy: 3,
    check: mixesLettersAndDigits,
  },
];

import type { Detector } from '../detector.js';
import { assigned, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/vonage/api-secret',
    title: 'Vonage (Nexmo) API secret',
    description: 'With the API key, the Vonage API secret sends SMS, places calls and manages numbers billed to the account.',
    severity: 'high',
    cwe: [798],
    remediation:
      'Create a new secret in the Vonage API Dashboard (API settings), delete the old one and load the new one from a secrets store.',
    references: ['https://developer.vonage.com/en/getting-started/concepts/authentication'],
    keywords: ['vonage', 'nexmo'],
    ...assigned({
      provider: 'vonage|nexmo',
      label: '(?:api.?)?secret',
      value: '[A-Za-z0-9]{16}',
      valueChars: 'A-Za-z0-9_',
      valueMax: 16,
    }),
    minEntropy: 3,
    check: mixesLettersAndDigits,
  },
];

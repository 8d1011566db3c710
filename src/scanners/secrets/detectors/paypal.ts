import type { Detector } from '../detector.js';
import { assigned, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/paypal/client-secret',
    title: 'PayPal REST client secret',
    description: 'With the client id, the client secret obtains OAuth tokens for the PayPal REST API.',
    severity: 'high',
    cwe: [798],
    remediation:
      'Generate a new secret for the app in the PayPal Developer Dashboard (Apps & Credentials), disable the old one and load the new one from a secrets store.',
    references: ['https://developer.paypal.com/api/rest/authentication/'],
    keywords: ['paypal'],
    ...assigned({
      provider: 'paypal',
      label: '(?:client.?)?secret',
      value: '[A-Za-z0-9_-]{80}',
      valueChars: 'A-Za-z0-9_-',
      valueMax: 80,
    }),
    minEntropy: 4,
    check: mixesLettersAndDigits,
  },
];

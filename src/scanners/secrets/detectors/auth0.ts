import type { Detector } from '../detector.js';
import { assigned, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/auth0/client-secret',
    spansLines: true,
    title: 'Auth0 application client secret',
    description: 'A client secret lets its holder obtain tokens as the application, including Management API tokens for M2M apps.',
    severity: 'high',
    cwe: [798],
    remediation: 'Rotate the secret in the Auth0 Dashboard (Applications > app > Settings > Rotate) and load it from a secrets store.',
    references: ['https://auth0.com/docs/get-started/applications/rotate-client-secret'],
    keywords: ['auth0'],
    ...assigned({
      provider: 'auth0',
      label: '(?:client.?)?secret',
      value: '[A-Za-z0-9_-]{64}',
      valueChars: 'A-Za-z0-9_-',
      valueMax: 64,
    }),
    minEntropy: 4,
    check: mixesLettersAndDigits,
  },
];

import type { Detector } from '../detector.js';
import { assigned, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/plivo/auth-token',
    title: 'Plivo auth token',
    description: 'With the auth id, the Plivo auth token sends SMS and places calls billed to the account.',
    severity: 'high',
    cwe: [798],
    remediation: 'Regenerate the auth token in the Plivo console (Account > Overview) and load the new one from a secrets store.',
    references: ['https://www.plivo.com/docs/messaging/api/overview/authentication'],
    keywords: ['plivo'],
    ...assigned({
      provider: 'plivo',
      label: 'auth.?token',
      value: '[A-Za-z0-9]{40}',
      valueChars: 'A-Za-z0-9_',
      valueMax: 40,
    }),
    minEntropy: 3.5,
    check: mixesLettersAndDigits,
  },
];

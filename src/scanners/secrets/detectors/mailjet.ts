import type { Detector } from '../detector.js';
import { assigned, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/mailjet/secret-key',
    title: 'Mailjet API secret key',
    description: 'With the API key, the Mailjet secret key sends mail and manages contacts through the Send API.',
    severity: 'high',
    cwe: [798],
    remediation:
      'Regenerate the secret key in Mailjet (Account settings > REST API > API Key Management) and load the new one from a secrets store.',
    references: ['https://dev.mailjet.com/email/guides/#authentication'],
    keywords: ['mailjet'],
    ...assigned({
      provider: 'mailjet',
      label: '(?:api.?)?(?:secret|private)',
      value: '[0-9a-f]{32}',
      valueChars: 'A-Za-z0-9_',
      valueMax: 32,
    }),
    minEntropy: 3,
    check: mixesLettersAndDigits,
  },
];

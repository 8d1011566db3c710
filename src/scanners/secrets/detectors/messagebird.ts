import type { Detector } from '../detector.js';
import { assigned, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/messagebird/access-key',
    spansLines: true,
    title: 'MessageBird (Bird) access key',
    description: 'A live MessageBird access key sends SMS and voice messages billed to the account.',
    severity: 'high',
    cwe: [798],
    remediation: 'Delete the access key in the MessageBird dashboard (Developers > API access) and create a new one.',
    references: ['https://developers.messagebird.com/api/#authentication'],
    keywords: ['messagebird'],
    ...assigned({
      provider: 'messagebird',
      label: '(?:access.?|api.?)?key',
      value: '[A-Za-z0-9]{25}',
      valueChars: 'A-Za-z0-9_',
      valueMax: 25,
    }),
    minEntropy: 3.5,
    check: mixesLettersAndDigits,
  },
];

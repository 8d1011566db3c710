import type { Detector } from '../detector.js';
import { assigned, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/trello/api-token',
    spansLines: true,
    title: 'Trello API token',
    description: 'With the API key, a Trello user token reads and edits every board its user can see.',
    severity: 'high',
    cwe: [798],
    remediation: 'Revoke the token in Trello (Account > Applications > Revoke) and authorize a new one.',
    references: ['https://developer.atlassian.com/cloud/trello/guides/rest-api/api-introduction/'],
    keywords: ['trello'],
    ...assigned({
      provider: 'trello',
      label: '(?:api.?|user.?|access.?)?token',
      value: '(?:ATTA[A-Za-z0-9]{60,80}|[0-9a-f]{64})',
      valueChars: 'A-Za-z0-9_',
      valueMax: 84,
    }),
    minEntropy: 3,
    check: mixesLettersAndDigits,
  },
];

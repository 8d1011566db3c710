import type { Detector } from '../detector.js';
import { assigned, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/cohere/api-key',
    title: 'Cohere API key',
    description: 'A Cohere key calls the Cohere models billed to the account (production keys) or within trial limits.',
    severity: 'high',
    cwe: [798],
    remediation: 'Delete the key in the Cohere dashboard (API Keys), create a new one and load it from a secrets store.',
    references: ['https://docs.cohere.com/reference/about'],
    keywords: ['cohere', 'co_api_key'],
    ...assigned({
      provider: 'cohere|\\bco_',
      label: '(?:api.?)?(?:key|token)',
      value: '[A-Za-z0-9]{40}',
      valueChars: 'A-Za-z0-9_',
      valueMax: 40,
    }),
    minEntropy: 4,
    check: mixesLettersAndDigits,
  },
];

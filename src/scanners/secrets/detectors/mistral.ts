import type { Detector } from '../detector.js';
import { assigned, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/mistral/api-key',
    spansLines: true,
    title: 'Mistral AI API key',
    description: 'A Mistral key calls La Plateforme models billed to the workspace.',
    severity: 'high',
    cwe: [798],
    remediation: 'Delete the key in the Mistral console (API Keys), create a new one and load it from a secrets store.',
    references: ['https://docs.mistral.ai/getting-started/quickstart/'],
    keywords: ['mistral'],
    ...assigned({
      provider: 'mistral',
      label: '(?:api.?)?(?:key|token)',
      value: '[A-Za-z0-9]{32}',
      valueChars: 'A-Za-z0-9_',
      valueMax: 32,
    }),
    minEntropy: 4,
    check: mixesLettersAndDigits,
  },
];

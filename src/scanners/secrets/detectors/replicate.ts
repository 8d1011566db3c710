import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/replicate/api-token',
    title: 'Replicate API token',
    description: 'A Replicate token (r8_) runs models billed to the account and reads its predictions.',
    severity: 'high',
    cwe: [798],
    remediation: 'Disable the token at replicate.com/account/api-tokens, create a new one and load it from a secrets store.',
    references: ['https://replicate.com/docs/reference/http#authentication'],
    keywords: ['r8_'],
    pattern: delimited('r8_[A-Za-z0-9]{37}', 'A-Za-z0-9_'),
    maxLength: 42,
    minEntropy: 4,
  },
];

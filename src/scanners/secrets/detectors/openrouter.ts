import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/openrouter/api-key',
    title: 'OpenRouter API key',
    description: 'An OpenRouter key (sk-or-v1-) calls any routed model billed to the account\'s credits.',
    severity: 'high',
    cwe: [798],
    remediation: 'Delete the key at openrouter.ai/settings/keys, create a new one with a credit limit and load it from a secrets store.',
    references: ['https://openrouter.ai/docs/api-reference/authentication'],
    keywords: ['sk-or-v1-'],
    pattern: delimited('sk-or-v1-[0-9a-f]{64}', 'A-Za-z0-9_-'),
    maxLength: 75,
    minEntropy: 3,
  },
];

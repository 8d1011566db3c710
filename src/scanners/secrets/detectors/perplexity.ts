import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/perplexity/api-key',
    title: 'Perplexity API key',
    description: 'A Perplexity key (pplx-) calls the Sonar API billed to the account\'s credits.',
    severity: 'high',
    cwe: [798],
    remediation: 'Delete the key in Perplexity (Settings > API), create a new one and load it from a secrets store.',
    references: ['https://docs.perplexity.ai/guides/getting-started'],
    keywords: ['pplx-'],
    pattern: delimited('pplx-[A-Za-z0-9]{48}', 'A-Za-z0-9_-'),
    maxLength: 55,
    minEntropy: 4,
  },
];

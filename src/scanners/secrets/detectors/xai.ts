import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/xai/api-key',
    title: 'xAI API key',
    description: 'An xAI key (xai-) calls the Grok API billed to the team.',
    severity: 'high',
    cwe: [798],
    remediation: 'Delete the key in the xAI console (API Keys), create a new one and load it from a secrets store.',
    references: ['https://docs.x.ai/docs/overview'],
    keywords: ['xai-'],
    pattern: delimited('xai-[A-Za-z0-9]{80}', 'A-Za-z0-9_-'),
    maxLength: 86,
    minEntropy: 4,
  },
];

import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/groq/api-key',
    title: 'Groq API key',
    description: 'A Groq key (gsk_) calls the GroqCloud inference API billed to the organization.',
    severity: 'high',
    cwe: [798],
    remediation: 'Delete the key in the GroqCloud console (API Keys), create a new one and load it from a secrets store.',
    references: ['https://console.groq.com/docs/quickstart'],
    keywords: ['gsk_'],
    pattern: delimited('gsk_[A-Za-z0-9]{52}', 'A-Za-z0-9_'),
    maxLength: 58,
    minEntropy: 4,
  },
];

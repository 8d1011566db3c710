import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/readme/api-key',
    title: 'ReadMe API key',
    description: 'A ReadMe key (rdme_) edits the project\'s developer docs, API definitions and changelogs.',
    severity: 'high',
    cwe: [798],
    remediation: 'Revoke the key in the ReadMe dashboard (Configuration > API Keys) and load a new one from a secrets store.',
    references: ['https://docs.readme.com/main/reference/intro/authentication'],
    keywords: ['rdme_'],
    pattern: delimited('rdme_[a-z0-9]{70}', 'A-Za-z0-9_'),
    maxLength: 77,
    minEntropy: 4,
  },
];

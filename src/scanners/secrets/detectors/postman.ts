import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/postman/api-key',
    title: 'Postman API key',
    description: 'A Postman API key (PMAK-) reads and edits the user\'s workspaces, collections and environments, which often hold more secrets.',
    severity: 'high',
    cwe: [798],
    remediation: 'Revoke the key in Postman (Settings > API keys), create a new one with an expiry and load it from a secrets store.',
    references: ['https://learning.postman.com/docs/developer/postman-api/authentication/'],
    keywords: ['pmak-'],
    pattern: delimited('PMAK-[0-9a-f]{24}-[0-9a-f]{34}', 'A-Za-z0-9_-'),
    maxLength: 66,
    minEntropy: 3,
  },
];

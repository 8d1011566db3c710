import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/figma/personal-access-token',
    title: 'Figma personal access token',
    description: 'A personal access token (figd_) reads, and with write scopes edits, the files its user can open.',
    severity: 'high',
    cwe: [798],
    remediation: 'Revoke the token in Figma (Settings > Security > Personal access tokens), create a new one with an expiry.',
    references: ['https://www.figma.com/developers/api#access-tokens'],
    keywords: ['figd_'],
    pattern: delimited('figd_[A-Za-z0-9_-]{38,50}', 'A-Za-z0-9_-'),
    maxLength: 57,
    minEntropy: 4,
  },
];

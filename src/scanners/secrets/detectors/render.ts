import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/render/api-key',
    title: 'Render API key',
    description: 'A Render API key (rnd_) deploys and configures every service of the workspaces its user belongs to.',
    severity: 'high',
    cwe: [798],
    remediation: 'Revoke the key in Render (Account Settings > API Keys) and load a new one from a secrets store.',
    references: ['https://render.com/docs/api#1-create-an-api-key'],
    keywords: ['rnd_'],
    pattern: delimited('rnd_[A-Za-z0-9]{32}', 'A-Za-z0-9_'),
    maxLength: 38,
    minEntropy: 4,
  },
];

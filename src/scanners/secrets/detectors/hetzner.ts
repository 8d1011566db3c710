import type { Detector } from '../detector.js';
import { assigned } from '../pattern-parts.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/hetzner/api-token',
    title: 'Hetzner Cloud API token',
    description: 'A Hetzner Cloud API token (64 characters) assigned to an hcloud/Hetzner setting; it controls the servers, volumes and networks of one project.',
    remediation: 'Delete the token under the project Security > API tokens and create a new one.',
    severity: 'high',
    cwe: [798],
    references: ['https://docs.hetzner.com/cloud/api/getting-started/generating-api-token/'],
    keywords: ['hcloud', 'hetzner'],
    pattern: assigned('(?:hcloud|hetzner)[a-z0-9_.\\-]{0,20}(?:token|key)', '[A-Za-z0-9]{64}', 'A-Za-z0-9'),
    maxLength: 130,
    minEntropy: 4.2,
  },
];

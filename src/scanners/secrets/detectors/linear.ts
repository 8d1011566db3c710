import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

const remediation =
  'Revoke the key or token in Linear (Settings > Account > Security & access, or the OAuth application), and load a new one from a secrets store.';
const references = ['https://linear.app/developers/graphql#authentication'];

export const detectors: Detector[] = [
  {
    id: 'secrets/linear/api-key',
    title: 'Linear personal API key',
    description: 'A personal API key (lin_api_) reads and edits every issue and project its user can see.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['lin_api_'],
    pattern: delimited('lin_api_[A-Za-z0-9]{40}', 'A-Za-z0-9_'),
    maxLength: 50,
    minEntropy: 4,
  },
  {
    id: 'secrets/linear/oauth-token',
    title: 'Linear OAuth access token',
    description: 'An OAuth access token (lin_oauth_) acts for the user who authorized the application.',
    severity: 'high',
    cwe: [798],
    remediation,
    references: ['https://linear.app/developers/oauth-2-0-authentication'],
    keywords: ['lin_oauth_'],
    pattern: delimited('lin_oauth_[0-9a-f]{64}', 'A-Za-z0-9_'),
    maxLength: 76,
    minEntropy: 3,
  },
];

import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/clickup/personal-api-token',
    title: 'ClickUp personal API token',
    description: 'A personal token (pk_<user id>_...) reads and edits every task and document its user can reach.',
    severity: 'high',
    cwe: [798],
    remediation: 'Regenerate the token in ClickUp (Settings > Apps > API Token) and load the new one from a secrets store.',
    references: ['https://developer.clickup.com/docs/authentication'],
    keywords: ['pk_'],
    pattern: delimited('pk_[0-9]{4,12}_[A-Z0-9]{32}', 'A-Za-z0-9_'),
    maxLength: 50,
    minEntropy: 3.5,
  },
];

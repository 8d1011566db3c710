import type { Detector } from '../detector.js';
import { UUID, assigned } from '../pattern-parts.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/codecov/upload-token',
    title: 'Codecov upload or API token',
    description: 'A Codecov token (a UUID assigned to CODECOV_TOKEN or similar) uploads coverage for a repository or, as an API token, reads its reports.',
    remediation: 'Regenerate the repository upload token (or delete the API token) in Codecov settings and update CI secrets.',
    severity: 'medium',
    cwe: [798],
    references: ['https://docs.codecov.com/docs/codecov-tokens'],
    keywords: ['codecov'],
    pattern: assigned('codecov[a-z0-9_.\\-]{0,20}(?:token|api[_.\\-]?key)', UUID, 'A-Za-z0-9\\-'),
    maxLength: 100,
  },
];

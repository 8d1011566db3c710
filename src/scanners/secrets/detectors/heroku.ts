import type { Detector } from '../detector.js';
import { UUID, assigned, delimited } from '../pattern-parts.js';

const common = {
  severity: 'high' as const,
  cwe: [798],
  remediation: 'Revoke the key (heroku authorizations:revoke, or Account settings > API key > Regenerate) and use scoped OAuth authorizations for automation.',
  references: ['https://devcenter.heroku.com/articles/authentication'],
};

export const detectors: Detector[] = [
  {
    ...common,
    id: 'secrets/heroku/api-key',
    title: 'Heroku API key',
    description: 'A Heroku API key or OAuth token (a UUID assigned to HEROKU_API_KEY or similar) controls its user\'s apps, add-ons and config vars.',
    keywords: ['heroku'],
    pattern: assigned('heroku[a-z0-9_.\\-]{0,24}(?:api[_.\\-]?key|token|key|secret)', UUID, 'A-Za-z0-9\\-'),
    maxLength: 110,
  },
  {
    ...common,
    id: 'secrets/heroku/platform-token',
    title: 'Heroku platform API token (HRKU- format)',
    description: 'A Heroku API token in the prefixed format (HRKU-) controls its user\'s apps, add-ons and config vars.',
    keywords: ['hrku-'],
    pattern: delimited('HRKU-[0-9A-Za-z_-]{40,80}', 'A-Za-z0-9_\\-'),
    maxLength: 87,
    minEntropy: 4,
  },
];

import type { Detector } from '../detector.js';
import { assigned } from '../pattern-parts.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/travis/api-token',
    title: 'Travis CI API token',
    description: 'A Travis CI API token assigned to a Travis setting; it can restart builds, read logs and change settings and environment variables.',
    remediation: 'Regenerate the token under Settings > API authentication on travis-ci.com.',
    severity: 'high',
    cwe: [798],
    references: ['https://docs.travis-ci.com/user/encryption-keys/'],
    keywords: ['travis'],
    pattern: assigned('travis[a-z0-9_.\\-]{0,20}(?:token|api[_.\\-]?key)', '[A-Za-z0-9_-]{22}', 'A-Za-z0-9_\\-'),
    maxLength: 90,
    minEntropy: 3.5,
  },
];

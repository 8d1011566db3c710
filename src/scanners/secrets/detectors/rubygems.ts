import type { Detector } from '../detector.js';
import { delimited } from '../pattern-parts.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/rubygems/api-key',
    title: 'RubyGems API key',
    description: 'A RubyGems.org API key (rubygems_) pushes or yanks gems of its owner within its scopes.',
    remediation: 'Delete the key under Settings > API keys on rubygems.org and switch CI to trusted publishing.',
    severity: 'high',
    cwe: [798],
    references: ['https://guides.rubygems.org/api-key-scopes/'],
    keywords: ['rubygems_'],
    pattern: delimited('rubygems_[0-9a-f]{48}', 'A-Za-z0-9_'),
    maxLength: 60,
    minEntropy: 3.3,
  },
];

import type { Detector } from '../detector.js';
import { delimited } from '../pattern-parts.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/clojars/deploy-token',
    title: 'Clojars deploy token',
    description: 'A Clojars deploy token (CLOJARS_) deploys artifacts as its user, to all or one group/artifact.',
    remediation: 'Disable the token under Dashboard > Deploy tokens on clojars.org and create a new scoped one.',
    severity: 'high',
    cwe: [798],
    references: ['https://github.com/clojars/clojars-web/wiki/Deploy-Tokens'],
    keywords: ['clojars_'],
    pattern: delimited('CLOJARS_[a-z0-9]{60}', 'A-Za-z0-9_'),
    maxLength: 70,
    minEntropy: 3.5,
  },
];

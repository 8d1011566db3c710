import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

const remediation =
  'Regenerate the token in the Shippo dashboard (Settings > Advanced > API), and load the new one from a secrets store.';
const references = ['https://docs.goshippo.com/docs/guides_general/authentication/'];

export const detectors: Detector[] = [
  {
    id: 'secrets/shippo/live-api-token',
    title: 'Shippo live API token',
    description: 'A live Shippo token buys shipping labels charged to the account and reads addresses.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['shippo_live_'],
    pattern: delimited('shippo_live_[0-9a-f]{40}', 'A-Za-z0-9_'),
    maxLength: 54,
    minEntropy: 3,
  },
  {
    id: 'secrets/shippo/test-api-token',
    title: 'Shippo test API token',
    description: 'A Shippo test token creates test labels only.',
    severity: 'medium',
    cwe: [798],
    remediation,
    references,
    keywords: ['shippo_test_'],
    pattern: delimited('shippo_test_[0-9a-f]{40}', 'A-Za-z0-9_'),
    maxLength: 54,
    minEntropy: 3,
  },
];

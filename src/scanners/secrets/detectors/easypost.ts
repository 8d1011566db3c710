import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

const remediation =
  'Delete the key in the EasyPost dashboard (Account Settings > API Keys), create a new one and load it from a secrets store.';
const references = ['https://docs.easypost.com/docs/authentication'];

export const detectors: Detector[] = [
  {
    id: 'secrets/easypost/production-api-key',
    title: 'EasyPost production API key',
    description: 'A production EasyPost key (EZAK...) buys postage charged to the account.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['ezak'],
    pattern: delimited('EZAK[0-9a-f]{54}', 'A-Za-z0-9_'),
    maxLength: 60,
    minEntropy: 3,
  },
  {
    id: 'secrets/easypost/test-api-key',
    title: 'EasyPost test API key',
    description: 'A test EasyPost key (EZTK...) reaches test mode only.',
    severity: 'medium',
    cwe: [798],
    remediation,
    references,
    keywords: ['eztk'],
    pattern: delimited('EZTK[0-9a-f]{54}', 'A-Za-z0-9_'),
    maxLength: 60,
    minEntropy: 3,
  },
];

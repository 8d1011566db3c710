import type { Detector } from '../detector.js';
import { delimited, mixesLettersAndDigits } from '../detector-patterns.js';

const remediation =
  'Reset the API key in the Mollie Dashboard (Developers > API keys) and load the new one from a secrets store.';
const references = ['https://docs.mollie.com/reference/authentication'];

export const detectors: Detector[] = [
  {
    id: 'secrets/mollie/live-api-key',
    title: 'Mollie live API key',
    description: 'A live Mollie API key (live_ + 30 characters) creates payments and refunds for the website profile.',
    severity: 'critical',
    cwe: [798],
    remediation,
    references,
    // live_ alone is common; Mollie is named in the file that holds a real key.
    keywords: ['mollie'],
    pattern: delimited('live_[A-Za-z0-9]{30}', 'A-Za-z0-9_'),
    maxLength: 37,
    minEntropy: 3.5,
    check: mixesLettersAndDigits,
  },
  {
    id: 'secrets/mollie/test-api-key',
    spansLines: true,
    title: 'Mollie test API key',
    description: 'A Mollie test API key (test_ + 30 characters) reaches test mode only.',
    severity: 'medium',
    cwe: [798],
    remediation,
    references,
    keywords: ['mollie'],
    pattern: delimited('test_[A-Za-z0-9]{30}', 'A-Za-z0-9_'),
    maxLength: 37,
    minEntropy: 3.5,
    check: mixesLettersAndDigits,
  },
];

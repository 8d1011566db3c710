import type { Detector } from '../detector.js';
import { delimited, mixesLettersAndDigits } from '../detector-patterns.js';

const remediation =
  'Revoke the access token in the GoCardless Dashboard (Developers > Access tokens), create a new one and load it from a secrets store.';
const references = ['https://developer.gocardless.com/getting-started/api/making-your-first-request/'];

export const detectors: Detector[] = [
  {
    id: 'secrets/gocardless/live-access-token',
    title: 'GoCardless live access token',
    description: 'A live GoCardless access token collects Direct Debit payments and reads mandates and customers.',
    severity: 'critical',
    cwe: [798],
    remediation,
    references,
    keywords: ['gocardless'],
    pattern: delimited('live_[A-Za-z0-9_-]{40}', 'A-Za-z0-9_-'),
    maxLength: 47,
    minEntropy: 4,
    check: mixesLettersAndDigits,
  },
  {
    id: 'secrets/gocardless/sandbox-access-token',
    title: 'GoCardless sandbox access token',
    description: 'A GoCardless sandbox access token reaches the sandbox environment only.',
    severity: 'medium',
    cwe: [798],
    remediation,
    references,
    keywords: ['gocardless'],
    pattern: delimited('sandbox_[A-Za-z0-9_-]{40}', 'A-Za-z0-9_-'),
    maxLength: 50,
    minEntropy: 4,
    check: mixesLettersAndDigits,
  },
];

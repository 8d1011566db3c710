import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

const remediation =
  'Generate new API keys in the Flutterwave Dashboard (Settings > API Keys), which retires the old ones, and load them from a secrets store.';
const references = ['https://developer.flutterwave.com/docs/authentication'];

export const detectors: Detector[] = [
  {
    id: 'secrets/flutterwave/live-secret-key',
    title: 'Flutterwave live secret key',
    description: 'A live Flutterwave secret key (FLWSECK-...-X) charges customers and initiates transfers.',
    severity: 'critical',
    cwe: [798],
    remediation,
    references,
    keywords: ['flwseck-'],
    pattern: delimited('FLWSECK-[0-9a-f]{32}-X', 'A-Za-z0-9_-'),
    maxLength: 44,
    minEntropy: 3,
  },
  {
    id: 'secrets/flutterwave/test-secret-key',
    title: 'Flutterwave test secret key',
    description: 'A Flutterwave test-mode secret key (FLWSECK_TEST-...-X) reaches the sandbox only.',
    severity: 'medium',
    cwe: [798],
    remediation,
    references,
    keywords: ['flwseck_test-'],
    pattern: delimited('FLWSECK_TEST-[0-9a-f]{32}-X', 'A-Za-z0-9_-'),
    maxLength: 49,
    minEntropy: 3,
  },
  {
    id: 'secrets/flutterwave/encryption-key',
    title: 'Flutterwave encryption key',
    description: 'The Flutterwave encryption key (FLWSECK + 12 hex) encrypts card payloads sent to the direct charge API.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['flwseck'],
    pattern: delimited('FLWSECK(?:_TEST)?[0-9a-f]{12}', 'A-Za-z0-9_-'),
    maxLength: 26,
    minEntropy: 2.5,
  },
];

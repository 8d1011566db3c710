import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

const remediation =
  'Generate new API keys in the Paystack Dashboard (Settings > API Keys & Webhooks), which invalidates the old secret key, and load the new one from a secrets store.';
const references = ['https://paystack.com/docs/api/authentication/'];

export const detectors: Detector[] = [
  {
    id: 'secrets/paystack/live-secret-key',
    title: 'Paystack live secret key',
    description: 'A live Paystack secret key charges cards, initiates transfers and reads customer data.',
    severity: 'critical',
    cwe: [798],
    remediation,
    references,
    keywords: ['sk_live_'],
    pattern: delimited('sk_live_[0-9a-f]{40}', 'A-Za-z0-9_'),
    maxLength: 50,
    minEntropy: 3,
  },
  {
    id: 'secrets/paystack/test-secret-key',
    title: 'Paystack test secret key',
    description: 'A Paystack test secret key reaches the integration sandbox; it cannot move real money.',
    severity: 'medium',
    cwe: [798],
    remediation,
    references,
    keywords: ['sk_test_'],
    pattern: delimited('sk_test_[0-9a-f]{40}', 'A-Za-z0-9_'),
    maxLength: 50,
    minEntropy: 3,
  },
];

import type { Detector } from '../detector.js';
import { assigned, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/razorpay/key-secret',
    title: 'Razorpay API key secret',
    description: 'With its key id (rzp_live_/rzp_test_), the key secret calls the Razorpay payments API.',
    severity: 'high',
    cwe: [798],
    remediation:
      'Regenerate the API key in the Razorpay Dashboard (Account & Settings > API Keys), which retires the old secret, and load the new one from a secrets store.',
    references: ['https://razorpay.com/docs/api/authentication/'],
    keywords: ['razorpay'],
    ...assigned({
      provider: 'razorpay',
      label: '(?:key.?)?secret',
      value: '[A-Za-z0-9]{24}',
      valueChars: 'A-Za-z0-9_',
      valueMax: 24,
    }),
    minEntropy: 3.5,
    check: mixesLettersAndDigits,
  },
];

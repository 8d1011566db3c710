import type { Detector } from '../detector.js';
import { delimited, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/resend/api-key',
    title: 'Resend API key',
    description: 'A Resend API key (re_<id>_<secret>) sends mail from the account\'s verified domains.',
    severity: 'high',
    cwe: [798],
    remediation: 'Delete the key in the Resend dashboard (API Keys), create a new one and load it from a secrets store.',
    references: ['https://resend.com/docs/dashboard/api-keys/introduction'],
    // 're_' alone is in nearly half of all source bytes; Resend is named where its key is used.
    keywords: ['resend'],
    pattern: delimited('re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}', 'A-Za-z0-9_'),
    maxLength: 38,
    minEntropy: 4,
    check: (s) => mixesLettersAndDigits(s.slice(12)),
  },
];

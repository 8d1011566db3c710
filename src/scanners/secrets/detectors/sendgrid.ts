import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/sendgrid/api-key',
    title: 'SendGrid API key',
    description: 'A SendGrid API key (SG.<id>.<secret>) sends mail as the account and, with full access, manages it.',
    severity: 'high',
    cwe: [798],
    remediation:
      'Delete the key in SendGrid (Settings > API Keys), create a new one with the least scopes needed and load it from a secrets store.',
    references: ['https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys'],
    keywords: ['sg.'],
    pattern: delimited('SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}', 'A-Za-z0-9_.-'),
    maxLength: 71,
    minEntropy: 4,
  },
];

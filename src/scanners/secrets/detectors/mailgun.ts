import type { Detector } from '../detector.js';
import { assigned, delimited, mixesLettersAndDigits } from '../detector-patterns.js';

const remediation =
  'Delete the key in the Mailgun control panel (API Security / Webhook signing key > Reset), create a new one and load it from a secrets store.';
const references = ['https://documentation.mailgun.com/docs/mailgun/user-manual/get-started/#primary-account-api-key'];

export const detectors: Detector[] = [
  {
    id: 'secrets/mailgun/legacy-api-key',
    spansLines: true,
    title: 'Mailgun API key (key- format)',
    description: 'An older Mailgun private API key (key- + 32 hex) sends mail and manages domains.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['mailgun'],
    // `pubkey-...` is the public validation key; the delimiter keeps it out.
    pattern: delimited('key-[0-9a-f]{32}', 'A-Za-z0-9_-'),
    maxLength: 38,
    minEntropy: 3,
    check: (s) => mixesLettersAndDigits(s.slice(4)),
  },
  {
    id: 'secrets/mailgun/api-key',
    title: 'Mailgun API key',
    description: 'A Mailgun account or domain sending key (32 hex - 8 hex - 8 hex) sends mail as the account.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['mailgun'],
    pattern: delimited('[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}', 'A-Za-z0-9_-'),
    maxLength: 52,
    minEntropy: 3,
    check: mixesLettersAndDigits,
  },
  {
    id: 'secrets/mailgun/webhook-signing-key',
    title: 'Mailgun webhook signing key',
    description: 'The HTTP webhook signing key lets its holder forge webhook events that your endpoint will accept.',
    severity: 'medium',
    cwe: [798],
    remediation,
    references: ['https://documentation.mailgun.com/docs/mailgun/user-manual/tracking-messages/#securing-webhooks'],
    keywords: ['mailgun'],
    ...assigned({
      provider: 'mailgun',
      label: '(?:webhook.?)?signing.?key',
      value: '[0-9a-f]{32}(?:-[0-9a-f]{8}-[0-9a-f]{8})?',
      valueChars: 'A-Za-z0-9_-',
      valueMax: 50,
    }),
    minEntropy: 3,
    check: mixesLettersAndDigits,
  },
];

import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

const remediation =
  'Delete the key in Brevo (SMTP & API > API Keys or SMTP keys), create a new one and load it from a secrets store.';
const references = ['https://developers.brevo.com/docs/getting-started'];

export const detectors: Detector[] = [
  {
    id: 'secrets/brevo/api-key',
    title: 'Brevo (Sendinblue) API key',
    description: 'A Brevo API v3 key (xkeysib-) sends campaigns and transactional mail and manages contacts.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['xkeysib-'],
    pattern: delimited('xkeysib-[0-9a-f]{64}-[A-Za-z0-9]{16}', 'A-Za-z0-9_-'),
    maxLength: 91,
    minEntropy: 3,
  },
  {
    id: 'secrets/brevo/smtp-key',
    title: 'Brevo (Sendinblue) SMTP key',
    description: 'A Brevo SMTP key (xsmtpsib-) is the password for sending mail through the SMTP relay as the account.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['xsmtpsib-'],
    pattern: delimited('xsmtpsib-[0-9a-f]{64}-[A-Za-z0-9]{16}', 'A-Za-z0-9_-'),
    maxLength: 92,
    minEntropy: 3,
  },
];

import type { Detector } from '../detector.js';
import { assigned, delimited, mixesLettersAndDigits } from '../detector-patterns.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const detectors: Detector[] = [
  {
    id: 'secrets/plaid/access-token',
    title: 'Plaid production access token',
    description: 'A Plaid access token for the production or development environment reads a user\'s linked bank accounts.',
    severity: 'high',
    cwe: [798],
    remediation:
      'Remove the Item with /item/remove (or rotate with /item/access_token/invalidate), and keep access tokens in an encrypted store, never in source.',
    references: ['https://plaid.com/docs/api/items/#itemaccess_tokeninvalidate'],
    keywords: ['access-production-', 'access-development-'],
    pattern: delimited(`access-(?:production|development)-${UUID}`, 'A-Za-z0-9_-'),
    maxLength: 60,
  },
  {
    id: 'secrets/plaid/secret',
    spansLines: true,
    title: 'Plaid API secret',
    description: 'With the client id, the Plaid secret calls the Plaid API for every linked Item of the team.',
    severity: 'high',
    cwe: [798],
    remediation: 'Rotate the secret in the Plaid Dashboard (Developers > Keys) and load the new one from a secrets store.',
    references: ['https://plaid.com/docs/api/#api-access'],
    keywords: ['plaid'],
    ...assigned({ provider: 'plaid', label: 'secret', value: '[0-9a-f]{30}', valueChars: 'A-Za-z0-9', valueMax: 30 }),
    minEntropy: 3,
    check: mixesLettersAndDigits,
  },
];

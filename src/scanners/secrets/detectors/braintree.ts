import type { Detector } from '../detector.js';
import { assigned, delimited, mixesLettersAndDigits } from '../detector-patterns.js';

const remediation =
  'Revoke the credential in the Braintree Control Panel (Settings > API > API Keys, or the PayPal developer dashboard for access tokens), create a new one and load it from a secrets store.';
const references = ['https://developer.paypal.com/braintree/articles/control-panel/important-gateway-credentials'];

const privateKey = assigned({
  provider: 'braintree',
  label: 'private.?key',
  value: '[0-9a-f]{32}',
  valueChars: 'A-Za-z0-9',
  valueMax: 32,
});

export const detectors: Detector[] = [
  {
    id: 'secrets/braintree/production-access-token',
    title: 'Braintree production access token',
    description: 'A PayPal/Braintree production access token (access_token$production$...) processes live payments.',
    severity: 'critical',
    cwe: [798],
    remediation,
    references,
    keywords: ['access_token$production$'],
    pattern: delimited('access_token\\$production\\$[0-9a-z]{16}\\$[0-9a-f]{32}', 'A-Za-z0-9_$'),
    maxLength: 75,
  },
  {
    id: 'secrets/braintree/sandbox-access-token',
    title: 'Braintree sandbox access token',
    description: 'A PayPal/Braintree sandbox access token reaches the test gateway only.',
    severity: 'medium',
    cwe: [798],
    remediation,
    references,
    keywords: ['access_token$sandbox$'],
    pattern: delimited('access_token\\$sandbox\\$[0-9a-z]{16}\\$[0-9a-f]{32}', 'A-Za-z0-9_$'),
    maxLength: 72,
  },
  {
    id: 'secrets/braintree/private-key',
    spansLines: true,
    title: 'Braintree API private key',
    description: 'The gateway private key, with the public key and merchant id, authenticates server-side API calls.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['braintree'],
    ...privateKey,
    minEntropy: 3,
    check: mixesLettersAndDigits,
  },
];

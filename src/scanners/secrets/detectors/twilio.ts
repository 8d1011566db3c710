import type { Detector } from '../detector.js';
import { mixesLettersAndDigits } from '../detector-patterns.js';

const remediation =
  'Rotate the credential in the Twilio Console (Account > API keys & tokens: promote a secondary auth token, or delete the API key), then load the new one from a secrets store.';
const references = ['https://www.twilio.com/docs/iam/api-keys', 'https://www.twilio.com/docs/iam/access-tokens'];

// Either `twilio ... auth token = <hex32>` or an account SID followed by its token
// (`Client("AC...", "<hex32>")`, `AC...:<hex32>@api.twilio.com`).
const AUTH_TOKEN =
  '(?:(?i:twilio)[\\w.\\-\\s"\':{]{0,40}?(?i:auth)[\\w.-]{0,4}(?i:token)[\\w.-]{0,16}?["\'`]?\\s{0,4}(?::=|=>|=|:|,|\\()\\s{0,4}["\'`]?' +
  '|\\bAC[0-9a-f]{32}["\'`]?\\s{0,4}[,:]\\s{0,4}["\'`]?)([0-9a-f]{32})(?:[^A-Za-z0-9_]|$)';
const API_SECRET =
  '(?:(?i:twilio)[\\w.\\-\\s"\':{]{0,40}?(?i:api)[\\w.-]{0,4}(?i:secret)[\\w.-]{0,16}?["\'`]?\\s{0,4}(?::=|=>|=|:|,|\\()\\s{0,4}["\'`]?' +
  '|\\bSK[0-9a-f]{32}["\'`]?\\s{0,4}[,:]\\s{0,4}["\'`]?)([A-Za-z0-9]{32})(?:[^A-Za-z0-9_]|$)';

export const detectors: Detector[] = [
  {
    id: 'secrets/twilio/auth-token',
    spansLines: true,
    title: 'Twilio auth token',
    description: 'The account auth token, with the account SID, has full access to the Twilio account: calls, SMS, billing.',
    severity: 'critical',
    cwe: [798],
    remediation,
    references,
    keywords: ['twilio'],
    pattern: AUTH_TOKEN,
    maxLength: 180,
    minEntropy: 3,
    check: mixesLettersAndDigits,
  },
  {
    id: 'secrets/twilio/api-key-secret',
    title: 'Twilio API key secret',
    description: 'The secret of a Twilio API key (SK...) calls the REST API with that key\'s permissions.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['twilio'],
    pattern: API_SECRET,
    maxLength: 180,
    minEntropy: 3.5,
    check: mixesLettersAndDigits,
  },
];

import type { Detector } from '../detector.js';
import { assigned, base64JsonHas, delimited, mixesLettersAndDigits } from '../detector-patterns.js';

const remediation =
  'Revoke the token in Sentry (Settings > Auth Tokens, or the organization\'s Custom Integrations / Organization Tokens), create a new one and load it from a secrets store.';
const references = ['https://docs.sentry.io/account/auth-tokens/'];

export const detectors: Detector[] = [
  {
    id: 'secrets/sentry/org-auth-token',
    title: 'Sentry organization auth token',
    description: 'An organization token (sntrys_) uploads releases and source maps and reads organization data, e.g. from CI.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['sntrys_'],
    // sntrys_<base64 JSON claims>_<random secret>.
    pattern: delimited('sntrys_eyJ[A-Za-z0-9+/=]{20,500}_[A-Za-z0-9+/]{43}', 'A-Za-z0-9+/=_'),
    maxLength: 580,
    check: (s) => base64JsonHas(s.slice(7, s.lastIndexOf('_')), ['iat']),
  },
  {
    id: 'secrets/sentry/user-auth-token',
    title: 'Sentry user auth token',
    description: 'A personal token (sntryu_) calls the Sentry API as its user, across every organization the user belongs to.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['sntryu_'],
    pattern: delimited('sntryu_[0-9a-f]{64}', 'A-Za-z0-9_'),
    maxLength: 73,
    minEntropy: 3,
  },
  {
    id: 'secrets/sentry/legacy-auth-token',
    spansLines: true,
    title: 'Sentry auth token (unprefixed)',
    description: 'An older 64-hex Sentry auth token next to a Sentry setting calls the API as its user or integration.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['sentry'],
    ...assigned({
      provider: 'sentry',
      label: '(?:auth.?)?token',
      value: '[0-9a-f]{64}',
      valueChars: 'A-Za-z0-9_',
      valueMax: 64,
    }),
    minEntropy: 3,
    check: mixesLettersAndDigits,
  },
  {
    id: 'secrets/sentry/dsn-secret-key',
    title: 'Sentry DSN with secret key',
    description: 'A legacy DSN carrying the secret key (https://public:secret@host/project) lets its holder submit events to the project.',
    severity: 'low',
    cwe: [798],
    remediation: 'Revoke the client key in the project settings (Client Keys (DSN)) and use a DSN without the secret part.',
    references: ['https://docs.sentry.io/concepts/key-terms/dsn-explainer/'],
    keywords: ['sentry'],
    pattern: 'https?://[0-9a-f]{32}:([0-9a-f]{32})@[A-Za-z0-9.-]{1,100}(?::[0-9]{1,5})?/(?:[A-Za-z0-9._-]{1,40}/)?[0-9]{1,12}(?:[^A-Za-z0-9]|$)',
    maxLength: 240,
    minEntropy: 3,
  },
];

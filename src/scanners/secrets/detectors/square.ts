import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

const remediation =
  'Revoke the token in the Square Developer Console (Credentials, or OAuth > Revoke), replace it and load the new one from a secrets store.';
const references = ['https://developer.squareup.com/docs/build-basics/access-tokens'];

export const detectors: Detector[] = [
  {
    id: 'secrets/square/access-token',
    title: 'Square access token',
    description: 'A Square personal or OAuth access token (EAAA...) takes payments and reads seller data.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['eaaa'],
    pattern: delimited('EAAA[A-Za-z0-9_-]{60}', 'A-Za-z0-9_-'),
    maxLength: 66,
    minEntropy: 4,
  },
  {
    id: 'secrets/square/legacy-access-token',
    title: 'Square legacy access token',
    description: 'An older-format Square access token (sq0atp-) takes payments and reads seller data.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['sq0atp-'],
    pattern: delimited('sq0atp-[A-Za-z0-9_-]{22}', 'A-Za-z0-9_-'),
    maxLength: 31,
    minEntropy: 3.5,
  },
  {
    id: 'secrets/square/oauth-secret',
    title: 'Square OAuth application secret',
    description: 'The application secret (sq0csp-) lets its holder exchange authorization codes for seller tokens.',
    severity: 'high',
    cwe: [798],
    remediation: 'Replace the application secret in the Square Developer Console (OAuth page) and load it from a secrets store.',
    references: ['https://developer.squareup.com/docs/oauth-api/overview'],
    keywords: ['sq0csp-'],
    pattern: delimited('sq0csp-[A-Za-z0-9_-]{43}', 'A-Za-z0-9_-'),
    maxLength: 52,
    minEntropy: 4,
  },
];

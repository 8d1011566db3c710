import type { Detector } from '../detector.js';
import { base64Text } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/intercom/access-token',
    title: 'Intercom access token',
    description: 'An Intercom app access token (base64 of "tok:...") reads and writes contacts and conversations of the workspace.',
    severity: 'high',
    cwe: [798],
    remediation:
      'Regenerate the access token in the Intercom Developer Hub (your app > Authentication) and load the new one from a secrets store.',
    references: ['https://developers.intercom.com/docs/build-an-integration/learn-more/authentication'],
    keywords: ['dg9ro'],
    pattern: '(?:^|[^A-Za-z0-9+/_-])(dG9rO[A-Za-z0-9+/]{40,100}={0,2})(?:[^A-Za-z0-9+/=_-]|$)',
    maxLength: 110,
    // Decodes to tok:<workspace token id>:<n>:<n>.
    check: (s) => /^tok:[A-Za-z0-9_-]{20,64}:[0-9]{1,3}:[0-9]{1,3}$/.test(base64Text(s)),
  },
];

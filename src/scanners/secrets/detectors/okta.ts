import type { Detector } from '../detector.js';
import { assigned } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/okta/api-token',
    title: 'Okta API token',
    description: 'An Okta API token (SSWS, 00 + 40 characters) calls the management API with its creator\'s admin rights.',
    severity: 'critical',
    cwe: [798],
    remediation: 'Revoke the token in the Okta Admin Console (Security > API > Tokens), create a new one and load it from a secrets store.',
    references: ['https://developer.okta.com/docs/guides/create-an-api-token/main/'],
    keywords: ['okta', 'ssws '],
    ...assigned({
      provider: 'okta|ssws',
      label: '(?:(?:api.?)?(?:token|key))?',
      value: '00[A-Za-z0-9_-]{40}',
      valueChars: 'A-Za-z0-9_-',
      valueMax: 42,
    }),
    minEntropy: 4,
  },
];

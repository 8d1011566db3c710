import type { Detector } from '../detector.js';
import { assigned, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/vercel/access-token',
    title: 'Vercel access token',
    description: 'A Vercel token deploys, reads environment variables (more secrets) and manages projects of its scope.',
    severity: 'high',
    cwe: [798],
    remediation: 'Delete the token in Vercel (Account Settings > Tokens), create a scoped one with an expiry and load it from a secrets store.',
    references: ['https://vercel.com/docs/rest-api#authentication'],
    keywords: ['vercel'],
    ...assigned({
      provider: 'vercel',
      label: '(?:access.?|api.?|auth.?)?token',
      value: '[A-Za-z0-9]{24}',
      valueChars: 'A-Za-z0-9_',
      valueMax: 24,
    }),
    minEntropy: 3.5,
    check: mixesLettersAndDigits,
  },
];

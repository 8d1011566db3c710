import type { Detector } from '../detector.js';
import { assigned, delimited, mixesLettersAndDigits } from '../detector-patterns.js';

const remediation =
  'Revoke the token in Netlify (User settings > Applications > Personal access tokens) and load a new one from a secrets store.';
const references = ['https://docs.netlify.com/api/get-started/#authentication'];

export const detectors: Detector[] = [
  {
    id: 'secrets/netlify/personal-access-token',
    title: 'Netlify personal access token',
    description: 'A personal access token (nfp_) deploys and configures every site of its user, including environment variables.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['nfp_'],
    pattern: delimited('nfp_[A-Za-z0-9]{36}', 'A-Za-z0-9_'),
    maxLength: 42,
    minEntropy: 4,
  },
  {
    id: 'secrets/netlify/legacy-access-token',
    title: 'Netlify access token (unprefixed)',
    description: 'An older Netlify access token next to a Netlify setting deploys and configures the user\'s sites.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['netlify'],
    ...assigned({
      provider: 'netlify',
      label: '(?:auth.?|access.?|api.?)?token',
      value: '[A-Za-z0-9_-]{43}',
      valueChars: 'A-Za-z0-9_-',
      valueMax: 43,
    }),
    minEntropy: 4,
    check: mixesLettersAndDigits,
  },
];

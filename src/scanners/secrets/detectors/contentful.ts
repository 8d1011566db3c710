import type { Detector } from '../detector.js';
import { assigned, delimited, mixesLettersAndDigits } from '../detector-patterns.js';

const remediation =
  'Revoke the token in Contentful (Settings > API keys / CMA tokens), create a new one and load it from a secrets store.';
const references = ['https://www.contentful.com/developers/docs/references/authentication/'];

export const detectors: Detector[] = [
  {
    id: 'secrets/contentful/personal-access-token',
    title: 'Contentful management token',
    description: 'A personal access token (CFPAT-) calls the Content Management API: it edits and publishes content in every space of its user.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['cfpat-'],
    pattern: delimited('CFPAT-[A-Za-z0-9_-]{43}', 'A-Za-z0-9_-'),
    maxLength: 51,
    minEntropy: 4,
  },
  {
    id: 'secrets/contentful/delivery-token',
    title: 'Contentful delivery or preview token',
    description: 'A Content Delivery/Preview API token reads the space\'s published (or draft) content.',
    severity: 'medium',
    cwe: [798],
    remediation,
    references,
    keywords: ['contentful'],
    ...assigned({
      provider: 'contentful',
      label: '(?:delivery|preview|access|cda|cpa)[\\w.-]{0,6}(?:token|key)',
      value: '[A-Za-z0-9_-]{43}',
      valueChars: 'A-Za-z0-9_-',
      valueMax: 43,
    }),
    minEntropy: 4,
    check: mixesLettersAndDigits,
  },
];

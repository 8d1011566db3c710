import type { Detector } from '../detector.js';
import { delimited, mixesLettersAndDigits } from '../detector-patterns.js';

const remediation =
  'Refresh the secret on the integration\'s page at notion.so/my-integrations (or remove the integration), and load the new one from a secrets store.';
const references = ['https://developers.notion.com/docs/authorization'];

export const detectors: Detector[] = [
  {
    id: 'secrets/notion/integration-token',
    title: 'Notion integration token',
    description: 'An internal integration token (ntn_) reads and edits every page and database shared with the integration.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['ntn_'],
    pattern: delimited('ntn_[A-Za-z0-9]{46}', 'A-Za-z0-9_'),
    maxLength: 52,
    minEntropy: 4,
  },
  {
    id: 'secrets/notion/legacy-integration-token',
    title: 'Notion integration token (secret_ format)',
    description: 'An older internal integration token (secret_ + 43 characters) reads and edits the pages shared with it.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['secret_'],
    pattern: delimited('secret_[A-Za-z0-9]{43}', 'A-Za-z0-9_'),
    maxLength: 52,
    minEntropy: 4.2,
    check: (s) => mixesLettersAndDigits(s.slice(7)) && /[A-Z]/.test(s) && /[a-z]/.test(s.slice(7)),
  },
];

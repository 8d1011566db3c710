import type { Detector } from '../detector.js';
import { assigned, delimited, mixesLettersAndDigits } from '../detector-patterns.js';

const remediation =
  'Delete the token at airtable.com/create/tokens (or regenerate the API key in account settings), and load a new one from a secrets store.';
const references = ['https://airtable.com/developers/web/guides/personal-access-tokens'];

export const detectors: Detector[] = [
  {
    id: 'secrets/airtable/personal-access-token',
    title: 'Airtable personal access token',
    description: 'A personal access token (pat<id>.<secret>) reads and writes the bases it was granted.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    // 'pat' alone occurs in nearly every file (path, pattern); Airtable is named in the file.
    keywords: ['airtable'],
    pattern: delimited('pat[A-Za-z0-9]{14}\\.[0-9a-f]{64}', 'A-Za-z0-9_.'),
    maxLength: 84,
    minEntropy: 3.5,
  },
  {
    id: 'secrets/airtable/legacy-api-key',
    spansLines: true,
    title: 'Airtable API key (legacy)',
    description: 'A retired-format user API key (key + 14 characters) had full access to every base of its user.',
    severity: 'medium',
    cwe: [798],
    remediation,
    references,
    keywords: ['airtable'],
    ...assigned({
      provider: 'airtable',
      label: '(?:api.?)?key',
      value: 'key[A-Za-z0-9]{14}',
      valueChars: 'A-Za-z0-9_',
      valueMax: 17,
    }),
    minEntropy: 3,
    check: (s) => mixesLettersAndDigits(s.slice(3)),
  },
];

import type { Detector } from '../detector.js';
import { assigned, delimited, mixesLettersAndDigits } from '../detector-patterns.js';

const remediation =
  'Revoke the token at id.atlassian.com (Security > API tokens), create a new one with an expiry and load it from a secrets store.';
const references = ['https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/'];

export const detectors: Detector[] = [
  {
    id: 'secrets/atlassian/api-token',
    title: 'Atlassian API token',
    description: 'An Atlassian account API token (ATATT3...) calls Jira and Confluence Cloud APIs as its user.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['atatt3'],
    pattern: delimited('ATATT3[A-Za-z0-9_=-]{170,220}', 'A-Za-z0-9_=-'),
    maxLength: 228,
    minEntropy: 4.5,
  },
  {
    id: 'secrets/atlassian/legacy-api-token',
    spansLines: true,
    title: 'Atlassian API token (legacy format)',
    description: 'An older 24-character Atlassian API token next to a Jira/Confluence setting calls the Cloud APIs as its user.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['jira', 'confluence', 'atlassian'],
    ...assigned({
      provider: 'jira|confluence|atlassian',
      label: '(?:api.?)?(?:token|key)',
      value: '[A-Za-z0-9]{24}',
      valueChars: 'A-Za-z0-9_',
      valueMax: 24,
    }),
    minEntropy: 3.5,
    check: mixesLettersAndDigits,
  },
];

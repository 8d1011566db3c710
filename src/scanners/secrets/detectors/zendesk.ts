import type { Detector } from '../detector.js';
import { assigned, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/zendesk/api-token',
    spansLines: true,
    title: 'Zendesk API token',
    description: 'With an agent email, a Zendesk API token calls the Support API as that agent (often an admin).',
    severity: 'high',
    cwe: [798],
    remediation: 'Delete the token in Zendesk Admin Center (Apps and integrations > APIs > Zendesk API) and create a new one.',
    references: ['https://developer.zendesk.com/api-reference/introduction/security-and-auth/'],
    keywords: ['zendesk'],
    ...assigned({
      provider: 'zendesk',
      label: '(?:api.?)?(?:token|key)',
      value: '[A-Za-z0-9]{40}',
      valueChars: 'A-Za-z0-9_',
      valueMax: 40,
    }),
    minEntropy: 3.5,
    check: mixesLettersAndDigits,
  },
];

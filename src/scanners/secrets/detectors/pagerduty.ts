import type { Detector } from '../detector.js';
import { assigned } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/pagerduty/api-key',
    spansLines: true,
    title: 'PagerDuty REST API key',
    description: 'A PagerDuty account or user API key reads and changes services, schedules and incidents.',
    severity: 'high',
    cwe: [798],
    remediation: 'Delete the key in PagerDuty (Integrations > API Access Keys, or the user\'s API access tab), create a new one and load it from a secrets store.',
    references: ['https://developer.pagerduty.com/docs/authentication'],
    keywords: ['pagerduty'],
    ...assigned({
      provider: 'pagerduty',
      label: '(?:api.?|rest.?|access.?)?(?:token|key)',
      value: '[A-Za-z0-9_+-]{20}',
      valueChars: 'A-Za-z0-9_+-',
      valueMax: 20,
    }),
    minEntropy: 3.7,
    check: (s) => /[0-9_+-]/.test(s) && /[A-Z]/.test(s) && /[a-z]/.test(s),
  },
];

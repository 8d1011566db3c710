import type { Detector } from '../detector.js';
import { assigned, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/sumologic/access-key',
    spansLines: true,
    title: 'Sumo Logic access key',
    description: 'With its access id, a Sumo Logic access key searches logs and manages collectors with its user\'s role.',
    severity: 'high',
    cwe: [798],
    remediation: 'Delete the access key in Sumo Logic (Preferences > My Access Keys, or Administration > Security > Access Keys) and create a new one.',
    references: ['https://help.sumologic.com/docs/manage/security/access-keys/'],
    keywords: ['sumo'],
    ...assigned({
      provider: 'sumo',
      label: '(?:access.?)?key',
      value: '[A-Za-z0-9]{64}',
      valueChars: 'A-Za-z0-9_',
      valueMax: 64,
    }),
    minEntropy: 4,
    check: mixesLettersAndDigits,
  },
];

import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/frameio/developer-token',
    title: 'Frame.io developer token',
    description: 'A Frame.io developer token (fio-u-) reads and uploads media in every team and project of its user.',
    severity: 'high',
    cwe: [798],
    remediation: 'Delete the token in the Frame.io developer site (Tokens) and load a new one from a secrets store.',
    references: ['https://developer.frame.io/docs/getting-started/authentication'],
    keywords: ['fio-u-'],
    pattern: delimited('fio-u-[A-Za-z0-9_=-]{64}', 'A-Za-z0-9_=-'),
    maxLength: 72,
    minEntropy: 4,
  },
];

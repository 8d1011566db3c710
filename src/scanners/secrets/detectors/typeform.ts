import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/typeform/personal-access-token',
    title: 'Typeform personal access token',
    description: 'A personal access token (tfp_) reads responses (often personal data) and edits forms of its account.',
    severity: 'high',
    cwe: [798],
    remediation: 'Delete the token in Typeform (Account > Personal tokens) and load a new one from a secrets store.',
    references: ['https://www.typeform.com/developers/get-started/personal-access-token/'],
    keywords: ['tfp_'],
    pattern: delimited('tfp_[A-Za-z0-9_.-]{40,70}', 'A-Za-z0-9_.-'),
    maxLength: 76,
    minEntropy: 4,
  },
];

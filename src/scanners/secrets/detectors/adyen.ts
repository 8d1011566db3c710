import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/adyen/api-key',
    spansLines: true,
    title: 'Adyen API key',
    description:
      'An Adyen web service API key (AQE...) authenticates server calls to the Checkout and management APIs for its web service user.',
    severity: 'critical',
    cwe: [798],
    remediation:
      'Generate a new API key for the web service user in the Adyen Customer Area (Developers > API credentials), revoke the old one and load the new one from a secrets store.',
    references: ['https://docs.adyen.com/development-resources/api-credentials/'],
    // The AQE prefix alone is too short to prefilter on; Adyen is named in the file.
    keywords: ['adyen'],
    pattern: delimited('AQE[A-Za-z0-9+/=-]{80,250}', 'A-Za-z0-9+/=_-'),
    maxLength: 255,
    minEntropy: 4.5,
  },
];

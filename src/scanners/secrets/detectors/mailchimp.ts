import type { Detector } from '../detector.js';
import { delimited, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/mailchimp/api-key',
    title: 'Mailchimp Marketing API key',
    description: 'A Mailchimp API key (32 hex + data-center suffix such as -us12) reads audiences and sends campaigns.',
    severity: 'high',
    cwe: [798],
    remediation:
      'Disable the key in Mailchimp (Profile > Extras > API keys), create a new one and load it from a secrets store.',
    references: ['https://mailchimp.com/developer/marketing/guides/quick-start/#generate-your-api-key'],
    // The data-center suffix is the only fixed text: -us1 ... -us21.
    keywords: ['-us1', '-us2', '-us3', '-us4', '-us5', '-us6', '-us7', '-us8', '-us9'],
    pattern: delimited('[0-9a-f]{32}-us[0-9]{1,2}', 'A-Za-z0-9_-'),
    maxLength: 40,
    minEntropy: 3,
    check: (s) => mixesLettersAndDigits(s.slice(0, 32)),
  },
];

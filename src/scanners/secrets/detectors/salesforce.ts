import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/salesforce/access-token',
    title: 'Salesforce access token',
    description: 'A Salesforce session/OAuth access token (<org id>!<token>) calls the org\'s APIs as its user until it expires.',
    severity: 'high',
    cwe: [798],
    remediation: 'Revoke the session (Setup > Session Management, or the OAuth revoke endpoint) and reset the connected app\'s credentials if they leaked too.',
    references: ['https://help.salesforce.com/s/articleView?id=sf.remoteaccess_revoke_token.htm'],
    keywords: ['00d'],
    pattern: delimited('00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{80,120}', 'A-Za-z0-9_.!'),
    maxLength: 140,
    minEntropy: 4,
  },
];

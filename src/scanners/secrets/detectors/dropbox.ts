import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/dropbox/access-token',
    title: 'Dropbox short-lived access token',
    description: 'A Dropbox OAuth access token (sl.) reads and writes the files its app scopes allow, for up to four hours.',
    severity: 'high',
    cwe: [798],
    remediation:
      'Revoke the token (POST /2/auth/token/revoke or unlink the app in the Dropbox App Console), and keep refresh tokens in a secrets store.',
    references: ['https://developers.dropbox.com/oauth-guide'],
    // 'sl.' is everywhere (ssl., tsl.); Dropbox is named in the file.
    keywords: ['dropbox'],
    pattern: delimited('sl\\.(?:u\\.)?[A-Za-z0-9_-]{130,1000}', 'A-Za-z0-9_.-'),
    maxLength: 1010,
    minEntropy: 4.5,
  },
];

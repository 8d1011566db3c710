import type { Detector } from '../detector.js';
import { base64JsonHas, delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/onepassword/service-account-token',
    title: '1Password service account token',
    description: 'A service account token (ops_eyJ...) reads, and if allowed writes, every item in the vaults it was granted.',
    severity: 'critical',
    cwe: [798],
    remediation:
      'Revoke the service account token in 1Password (Developer > Service Accounts), create a new one and rotate the items it could read.',
    references: ['https://developer.1password.com/docs/service-accounts/'],
    keywords: ['ops_eyj'],
    pattern: delimited('ops_eyJ[A-Za-z0-9+/=_-]{100,1000}', 'A-Za-z0-9+/=_-'),
    maxLength: 1010,
    minEntropy: 4.5,
    check: (s) => base64JsonHas(s.slice(4), ['signInAddress']) || base64JsonHas(s.slice(4), ['email']),
  },
];

import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/tailscale/api-key',
    title: 'Tailscale key',
    description: 'A Tailscale key (tskey-api-/auth-/client-/scim-/webhook-) manages the tailnet or joins devices to it.',
    severity: 'high',
    cwe: [798],
    remediation: 'Revoke the key in the Tailscale admin console (Settings > Keys, or Trust credentials) and issue a new one with an expiry.',
    references: ['https://tailscale.com/kb/1277/key-prefixes'],
    keywords: ['tskey-'],
    pattern: delimited('tskey-(?:api|auth|client|scim|webhook)-[A-Za-z0-9]{6,24}-[A-Za-z0-9]{20,64}', 'A-Za-z0-9_-'),
    maxLength: 110,
    minEntropy: 3.5,
  },
];

import type { Detector } from '../detector.js';
import { crc32Base62Valid } from '../checksum.js';

/**
 * Rampart's own API tokens (src/server/identity/tokens.ts): `rmp_` + kind letter (u user,
 * s service account, c CI) + `_` + 43 random base62 + 6-char base62 CRC32 of everything before
 * it. The checksum keeps look-alike strings out, so a match is a real token.
 */
export const detectors: Detector[] = [
  {
    id: 'secrets/rampart/api-token',
    title: 'Rampart API token',
    severity: 'critical',
    cwe: [798],
    description:
      'A Rampart control-plane API token (rmp_u_ user, rmp_s_ service account, rmp_c_ CI) acts with its principal\'s roles: it can read vault secrets, approve deployments or change policies.',
    remediation:
      'Revoke the token on the Rampart server, create a new one (or use `rampart login --oidc` in CI for short-lived tokens) and keep it in a secrets store, never in code.',
    keywords: ['rmp_'],
    pattern: '\\b(rmp_[usc]_[0-9A-Za-z]{49})\\b',
    maxLength: 55,
    check: (s) => crc32Base62Valid(s.slice(0, 49), s.slice(49, 55)),
    checksum: true,
  },
];

import type { Detector } from '../detector.js';
import { crc32Base62Valid } from '../checksum.js';

const common = {
  severity: 'high' as const,
  cwe: [798],
  remediation: 'Revoke the token in GitHub settings, create a new one and load it from a secrets store.',
  references: ['https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/'],
};

/** ghp_/gho_/ghu_/ghs_/ghr_ + 30 random base62 + 6-char CRC32 checksum. */
function githubChecksum(secret: string): boolean {
  const body = secret.slice(4, 34);
  return crc32Base62Valid(body, secret.slice(34, 40));
}

export const detectors: Detector[] = [
  {
    ...common,
    id: 'secrets/github/classic-pat',
    title: 'GitHub personal access token (classic)',
    description: 'A classic GitHub personal access token grants the scopes of the user who made it.',
    keywords: ['ghp_'],
    pattern: '\\b(ghp_[0-9A-Za-z]{36})\\b',
    maxLength: 40,
    check: githubChecksum,
    checksum: true,
  },
  {
    ...common,
    id: 'secrets/github/oauth-token',
    title: 'GitHub OAuth access token',
    description: 'An OAuth app access token acts as the user who authorised the app.',
    keywords: ['gho_'],
    pattern: '\\b(gho_[0-9A-Za-z]{36})\\b',
    maxLength: 40,
    check: githubChecksum,
    checksum: true,
  },
];

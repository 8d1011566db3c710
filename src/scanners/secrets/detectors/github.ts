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
  {
    ...common,
    id: 'secrets/github/user-to-server-token',
    title: 'GitHub App user-to-server token',
    description: 'A GitHub App user access token (ghu_) acts for a user within the app\'s permissions.',
    remediation: 'Revoke the token (DELETE /applications/{client_id}/token or the app settings), then re-authorise the app.',
    keywords: ['ghu_'],
    pattern: '\\b(ghu_[0-9A-Za-z]{36})\\b',
    maxLength: 40,
    check: githubChecksum,
    checksum: true,
  },
  {
    ...common,
    id: 'secrets/github/server-to-server-token',
    title: 'GitHub App installation token',
    description: 'A GitHub App installation access token (ghs_) acts as the app on the repositories it is installed on. GitHub Actions GITHUB_TOKEN values also use this format.',
    remediation: 'Revoke it with DELETE /installation/token; installation tokens expire after one hour, so also rotate the app private key if it leaked.',
    keywords: ['ghs_'],
    pattern: '\\b(ghs_[0-9A-Za-z]{36})\\b',
    maxLength: 40,
    check: githubChecksum,
    checksum: true,
  },
  {
    ...common,
    id: 'secrets/github/refresh-token',
    title: 'GitHub App refresh token',
    description: 'A GitHub App refresh token (ghr_) mints new user-to-server tokens for six months.',
    remediation: 'Revoke the app authorisation for the user (or the grant) so the refresh token stops working.',
    keywords: ['ghr_'],
    pattern: '\\b(ghr_[0-9A-Za-z]{36}(?:[0-9A-Za-z]{40})?)\\b',
    maxLength: 80,
    // Refresh tokens are issued in a 76-character form with no published checksum; a 36-character
    // form must carry the CRC32 checksum of the other ghX_ tokens. Not marked `checksum`, since
    // the long form passes on structure alone.
    minEntropy: 4,
    check: (s) => (s.length === 40 ? githubChecksum(s) : true),
  },
  {
    ...common,
    id: 'secrets/github/fine-grained-pat',
    title: 'GitHub fine-grained personal access token',
    description: 'A fine-grained personal access token (github_pat_) grants repository-scoped permissions of its owner.',
    remediation: 'Revoke the token under Settings > Developer settings > Fine-grained tokens, create a new one and load it from a secrets store.',
    references: ['https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens'],
    keywords: ['github_pat_'],
    pattern: '\\b(github_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59})\\b',
    maxLength: 93,
    minEntropy: 4.5,
  },
];

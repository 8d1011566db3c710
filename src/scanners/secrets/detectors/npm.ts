import type { Detector } from '../detector.js';
import { crc32Base62Valid } from '../checksum.js';
import { b64decode } from '../pattern-parts.js';

const common = {
  severity: 'high' as const,
  cwe: [798],
  remediation: 'Revoke the token (npm token revoke, or Access Tokens on npmjs.com), create a granular token and keep it in CI secrets, referenced from .npmrc as ${NPM_TOKEN}.',
  references: ['https://docs.npmjs.com/about-access-tokens'],
};

export const detectors: Detector[] = [
  {
    ...common,
    id: 'secrets/npm/access-token',
    title: 'npm access token',
    description: 'An npm access token (npm_ + 30 random characters + CRC32 checksum) publishes or reads packages as its user.',
    keywords: ['npm_'],
    pattern: '\\b(npm_[0-9A-Za-z]{36})\\b',
    maxLength: 40,
    check: (s) => crc32Base62Valid(s.slice(4, 34), s.slice(34, 40)),
    checksum: true,
  },
  {
    ...common,
    id: 'secrets/npm/npmrc-auth-token',
    title: 'Registry auth token in .npmrc',
    description: 'An `_authToken` written into .npmrc: a legacy npm token (UUID) or another registry\'s token, usable to publish or read packages.',
    keywords: ['_authtoken'],
    pattern: '_authToken\\s{0,4}=\\s{0,4}["\']?([A-Za-z0-9+/=._\\-]{20,1000})(?:[^A-Za-z0-9+/=._\\-]|$)',
    maxLength: 1030,
    minEntropy: 3.3,
    // npm_ tokens are reported by secrets/npm/access-token with their checksum.
    check: (s) => !s.startsWith('npm_'),
  },
  {
    ...common,
    id: 'secrets/npm/npmrc-basic-auth',
    title: 'Registry password in .npmrc (_auth / _password)',
    description: 'A base64 `_auth` (user:password) or `_password` entry in .npmrc: a registry password usable to publish or read packages.',
    keywords: ['_auth', '_password'],
    pattern: '(?:^|[\\s:"\'])(?:_auth|_password)\\s{0,4}=\\s{0,4}["\']?([A-Za-z0-9+/]{8,1000}={0,2})(?:[^A-Za-z0-9+/=]|$)',
    maxLength: 1030,
    check: (s, m) => {
      const d = b64decode(s);
      if (!d || d.length < 4) return false;
      const t = d.toString('utf8');
      if (!/^[\x20-\x7e]+$/.test(t)) return false;
      return m.includes('_password') || /^[^:]+:.+$/.test(t);
    },
  },
];

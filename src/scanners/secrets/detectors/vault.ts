import type { Detector } from '../detector.js';
import { assigned, delimited } from '../pattern-parts.js';

const common = {
  severity: 'critical' as const,
  cwe: [798],
  remediation: 'Revoke the token (vault token revoke, or revoke its accessor), check the audit log for its use, and issue short-lived tokens through an auth method instead.',
  references: ['https://developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes'],
};

export const detectors: Detector[] = [
  {
    ...common,
    id: 'secrets/vault/service-token',
    title: 'HashiCorp Vault service token',
    description: 'A Vault service token (hvs.) reads and writes secrets with the policies attached to it.',
    keywords: ['hvs.'],
    pattern: delimited('hvs\\.[A-Za-z0-9_-]{24,300}', 'A-Za-z0-9_\\-'),
    maxLength: 306,
    minEntropy: 4,
  },
  {
    ...common,
    id: 'secrets/vault/batch-token',
    title: 'HashiCorp Vault batch token',
    description: 'A Vault batch token (hvb.) is an encrypted blob carrying policies; it works until it expires and cannot be listed.',
    keywords: ['hvb.'],
    pattern: delimited('hvb\\.[A-Za-z0-9_-]{60,500}', 'A-Za-z0-9_\\-'),
    maxLength: 506,
    minEntropy: 4,
  },
  {
    ...common,
    id: 'secrets/vault/recovery-token',
    title: 'HashiCorp Vault recovery token',
    description: 'A Vault recovery token (hvr.) grants access to a server started in recovery mode.',
    keywords: ['hvr.'],
    pattern: delimited('hvr\\.[A-Za-z0-9_-]{24,300}', 'A-Za-z0-9_\\-'),
    maxLength: 306,
    minEntropy: 4,
  },
  {
    ...common,
    id: 'secrets/vault/legacy-token',
    title: 'HashiCorp Vault token (pre-1.10 format)',
    description: 'A legacy Vault service token (s. followed by 24 characters) assigned to a Vault setting such as VAULT_TOKEN or X-Vault-Token.',
    keywords: ['vault'],
    pattern: assigned('vault[a-z0-9_.\\-]{0,20}token', 's\\.[A-Za-z0-9]{24}', 'A-Za-z0-9'),
    maxLength: 90,
    minEntropy: 3.8,
  },
];

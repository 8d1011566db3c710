import type { Detector } from '../detector.js';
import { assigned } from '../pattern-parts.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/linode/api-token',
    title: 'Linode (Akamai) API token',
    description: 'A Linode personal access token (64 hex digits) assigned to a Linode setting; it manages Linodes, volumes, DNS and more within its scopes.',
    remediation: 'Revoke the token under My Profile > API Tokens in Cloud Manager and create a new one.',
    severity: 'high',
    cwe: [798],
    references: ['https://techdocs.akamai.com/linode-api/reference/get-started'],
    keywords: ['linode'],
    pattern: assigned('linode[a-z0-9_.\\-]{0,20}(?:token|key)', '[0-9a-f]{64}', '0-9a-fA-F'),
    maxLength: 120,
    minEntropy: 3.3,
  },
];

import type { Detector } from '../detector.js';
import { assigned, delimited } from '../pattern-parts.js';

const common = {
  cwe: [798],
  references: ['https://developers.cloudflare.com/fundamentals/api/get-started/create-token/'],
};
const NAMES = '(?:cloudflare|cf_)[a-z0-9_.\\-]{0,20}';

export const detectors: Detector[] = [
  {
    ...common,
    id: 'secrets/cloudflare/api-token',
    title: 'Cloudflare API token',
    description: 'A Cloudflare API token (40 characters) assigned to a Cloudflare setting; it acts on zones and accounts within its permissions.',
    remediation: 'Roll or delete the token under My Profile > API Tokens and review the audit log.',
    severity: 'high',
    keywords: ['cloudflare', 'cf_'],
    pattern: assigned(`${NAMES}token`, '[A-Za-z0-9_-]{40}', 'A-Za-z0-9_\\-'),
    maxLength: 110,
    minEntropy: 4,
  },
  {
    ...common,
    id: 'secrets/cloudflare/global-api-key',
    title: 'Cloudflare global API key',
    description: 'A Cloudflare global API key (37 hex digits) has every permission of its user on every account and zone.',
    remediation: 'Change the global API key under My Profile > API Tokens > Global API Key and replace its uses with scoped API tokens.',
    severity: 'critical',
    keywords: ['cloudflare', 'cf_'],
    pattern: assigned(`${NAMES}(?:api[_.\\-]?key|auth[_.\\-]?key|key)`, '[0-9a-f]{37}', '0-9a-fA-F'),
    maxLength: 110,
    minEntropy: 3.3,
  },
  {
    ...common,
    id: 'secrets/cloudflare/origin-ca-key',
    title: 'Cloudflare Origin CA key',
    description: 'A Cloudflare Origin CA key (v1.0-) creates and revokes Origin CA certificates for its user\'s zones.',
    remediation: 'Change the Origin CA key under My Profile > API Tokens > Origin CA Key.',
    severity: 'high',
    keywords: ['v1.0-'],
    pattern: delimited('v1\\.0-[0-9a-f]{24}-[0-9a-f]{146}', 'A-Za-z0-9\\-'),
    maxLength: 178,
    minEntropy: 3.3,
  },
];

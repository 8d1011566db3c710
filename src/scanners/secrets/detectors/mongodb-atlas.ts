import type { Detector } from '../detector.js';
import { assigned } from '../detector-patterns.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const detectors: Detector[] = [
  {
    id: 'secrets/mongodb-atlas/private-api-key',
    spansLines: true,
    title: 'MongoDB Atlas Admin API private key',
    description: 'With its public key, an Atlas private API key manages the organization\'s projects, clusters and database users.',
    severity: 'critical',
    cwe: [798],
    remediation: 'Delete the API key in Atlas (Organization Access Manager > API Keys), create a new one with an IP access list and load it from a secrets store.',
    references: ['https://www.mongodb.com/docs/atlas/configure-api-access/'],
    keywords: ['atlas'],
    ...assigned({
      provider: 'atlas',
      label: 'private.?(?:api.?)?key',
      value: UUID,
      valueChars: 'A-Za-z0-9_-',
      valueMax: 36,
    }),
  },
  {
    id: 'secrets/mongodb-atlas/service-account-secret',
    title: 'MongoDB Atlas service account secret',
    description: 'A service account client secret (mdb_sa_sk_) obtains Admin API tokens for the account\'s organization roles.',
    severity: 'critical',
    cwe: [798],
    remediation: 'Revoke the secret in Atlas (Organization Access Manager > Service Accounts), create a new one and load it from a secrets store.',
    references: ['https://www.mongodb.com/docs/atlas/api/service-accounts-overview/'],
    keywords: ['mdb_sa_sk_'],
    pattern: '(?:^|[^A-Za-z0-9_])(mdb_sa_sk_[A-Za-z0-9_-]{30,80})(?:[^A-Za-z0-9_-]|$)',
    maxLength: 92,
    minEntropy: 4,
  },
];

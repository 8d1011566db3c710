import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

const remediation =
  'Delete the token or password in PlanetScale (Organization settings > Service tokens, or Database > Passwords) and load a new one from a secrets store.';
const B = 'A-Za-z0-9_.-';

export const detectors: Detector[] = [
  {
    id: 'secrets/planetscale/service-token',
    title: 'PlanetScale service token',
    description: 'A service token (pscale_tkn_) calls the PlanetScale API with the access it was granted: branches, deploys, passwords.',
    severity: 'high',
    cwe: [798],
    remediation,
    references: ['https://planetscale.com/docs/concepts/service-tokens'],
    keywords: ['pscale_tkn_'],
    pattern: delimited(`pscale_tkn_[${B}]{32,64}`, B),
    maxLength: 77,
    minEntropy: 4,
  },
  {
    id: 'secrets/planetscale/database-password',
    title: 'PlanetScale database password',
    description: 'A branch password (pscale_pw_) connects to the database with its role, often read-write on production.',
    severity: 'critical',
    cwe: [798],
    remediation,
    references: ['https://planetscale.com/docs/concepts/connection-strings'],
    keywords: ['pscale_pw_'],
    pattern: delimited(`pscale_pw_[${B}]{32,64}`, B),
    maxLength: 76,
    minEntropy: 4,
  },
  {
    id: 'secrets/planetscale/oauth-token',
    title: 'PlanetScale OAuth token',
    description: 'An OAuth access token (pscale_oauth_) acts on the organization for the application the user authorized.',
    severity: 'high',
    cwe: [798],
    remediation,
    references: ['https://planetscale.com/docs/concepts/oauth'],
    keywords: ['pscale_oauth_'],
    pattern: delimited(`pscale_oauth_[${B}]{32,64}`, B),
    maxLength: 79,
    minEntropy: 4,
  },
];

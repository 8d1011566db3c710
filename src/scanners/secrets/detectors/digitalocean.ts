import type { Detector } from '../detector.js';
import { delimited } from '../pattern-parts.js';

function digitalocean(name: string, title: string, prefix: string, what: string, remediation: string): Detector {
  return {
    id: `secrets/digitalocean/${name}`,
    title,
    description: `A DigitalOcean ${title.replace(/^DigitalOcean /, '')} (${prefix}) ${what}`,
    remediation,
    severity: 'critical',
    cwe: [798],
    references: ['https://docs.digitalocean.com/reference/api/create-personal-access-token/'],
    keywords: [prefix],
    pattern: delimited(`${prefix}[0-9a-f]{64}`, 'A-Za-z0-9_'),
    maxLength: prefix.length + 66,
    minEntropy: 3.3,
  };
}

export const detectors: Detector[] = [
  digitalocean('personal-access-token', 'DigitalOcean personal access token', 'dop_v1_', 'controls the team\'s Droplets, databases, Kubernetes clusters and DNS within its scopes.', 'Delete the token under API > Tokens in the control panel and create a new one with narrower scopes.'),
  digitalocean('oauth-token', 'DigitalOcean OAuth access token', 'doo_v1_', 'acts for the user who authorised an OAuth application.', 'Revoke the application\'s access under API > Applications & API (Authorized applications).'),
  digitalocean('refresh-token', 'DigitalOcean OAuth refresh token', 'dor_v1_', 'mints new OAuth access tokens for the authorising user.', 'Revoke the application\'s access under API > Applications & API (Authorized applications).'),
];

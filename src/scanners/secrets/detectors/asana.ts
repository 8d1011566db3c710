import type { Detector } from '../detector.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/asana/personal-access-token',
    title: 'Asana personal access token',
    description: 'A personal access token acts as its user on every workspace, project and task the user can reach.',
    severity: 'high',
    cwe: [798],
    remediation: 'Deauthorize the token in Asana (My settings > Apps > Developer apps), create a new one and load it from a secrets store.',
    references: ['https://developers.asana.com/docs/personal-access-token'],
    keywords: ['asana'],
    // Current: 2/<user gid>/<token gid>:<32 hex>; older: 0/<32 hex> or 1/<gid>:<32 alnum>.
    pattern:
      '(?:^|[^0-9A-Za-z/])([0-9]/(?:[0-9]{10,20}/)?[0-9]{10,20}:[A-Za-z0-9]{32}|0/[0-9a-f]{32})(?:[^A-Za-z0-9_]|$)',
    maxLength: 80,
    minEntropy: 3,
  },
];

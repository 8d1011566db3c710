import type { Detector } from '../detector.js';
import { b64decode, delimited } from '../pattern-parts.js';
import { isPlaceholder } from '../filters.js';

const common = {
  severity: 'high' as const,
  cwe: [798],
  references: ['https://docs.docker.com/security/access-tokens/'],
};

export const detectors: Detector[] = [
  {
    ...common,
    id: 'secrets/dockerhub/personal-access-token',
    title: 'Docker Hub personal access token',
    description: 'A Docker Hub personal access token (dckr_pat_) pulls and pushes images as its user within its scope.',
    remediation: 'Delete the token under Account settings > Personal access tokens on Docker Hub and create a new one.',
    keywords: ['dckr_pat_'],
    pattern: delimited('dckr_pat_[A-Za-z0-9_-]{27}', 'A-Za-z0-9_\\-'),
    maxLength: 38,
    minEntropy: 3.8,
  },
  {
    ...common,
    id: 'secrets/dockerhub/organization-access-token',
    title: 'Docker Hub organization access token',
    description: 'A Docker Hub organization access token (dckr_oat_) acts for an organization on the repositories it was granted.',
    remediation: 'Delete the token under the organization\'s Access tokens page on Docker Hub and create a new one.',
    keywords: ['dckr_oat_'],
    pattern: delimited('dckr_oat_[A-Za-z0-9_-]{27,40}', 'A-Za-z0-9_\\-'),
    maxLength: 51,
    minEntropy: 3.8,
  },
  {
    ...common,
    id: 'secrets/dockerhub/config-auth',
    title: 'Registry credentials in a Docker config.json',
    description: 'An "auth" entry of a Docker config.json (or a Kubernetes dockerconfigjson) holds base64 user:password for a container registry, Docker Hub or another.',
    remediation: 'Change the registry password or revoke the token, delete the file from the repository, and use a credential helper (credsStore) instead of inline auth.',
    keywords: ['"auth"'],
    pattern: '"auth"\\s{0,4}:\\s{0,4}"([A-Za-z0-9+/]{8,1000}={0,2})"',
    maxLength: 1020,
    check: (s) => {
      const d = b64decode(s);
      if (!d) return false;
      const t = d.toString('utf8');
      const i = t.indexOf(':');
      if (i <= 0 || i === t.length - 1 || !/^[\x20-\x7e]+$/.test(t)) return false;
      return !isPlaceholder(t.slice(i + 1));
    },
  },
];

import type { Detector } from '../detector.js';
import { assigned, delimited } from '../pattern-parts.js';

const common = {
  severity: 'high' as const,
  cwe: [798],
  references: ['https://support.atlassian.com/bitbucket-cloud/docs/using-app-passwords/'],
};

export const detectors: Detector[] = [
  {
    ...common,
    id: 'secrets/bitbucket/app-password',
    title: 'Bitbucket app password',
    description: 'A Bitbucket Cloud app password (ATBB) authenticates Git and API calls as its user with the permissions chosen at creation.',
    remediation: 'Revoke the app password under Personal settings > App passwords and replace it with a scoped API or access token.',
    keywords: ['atbb'],
    pattern: delimited('ATBB[A-Za-z0-9]{28,36}', 'A-Za-z0-9'),
    maxLength: 42,
    minEntropy: 3.8,
  },
  {
    ...common,
    id: 'secrets/bitbucket/access-token',
    title: 'Bitbucket repository, project or workspace access token',
    description: 'A Bitbucket Cloud access token (ATCTT) acts as a bot user on a repository, project or workspace.',
    remediation: 'Revoke the access token under Repository (or workspace) settings > Access tokens and create a new one.',
    references: ['https://support.atlassian.com/bitbucket-cloud/docs/access-tokens/'],
    keywords: ['atctt3xffgn0'],
    pattern: delimited('ATCTT3xFfGN0[A-Za-z0-9_=-]{100,400}', 'A-Za-z0-9_=\\-'),
    maxLength: 414,
    minEntropy: 4,
  },
  {
    ...common,
    id: 'secrets/bitbucket/oauth-consumer-secret',
    title: 'Bitbucket OAuth consumer secret',
    description: 'A Bitbucket OAuth consumer secret lets its holder act as the OAuth consumer and obtain tokens for its users.',
    remediation: 'Delete or regenerate the OAuth consumer under Workspace settings > OAuth consumers.',
    references: ['https://support.atlassian.com/bitbucket-cloud/docs/use-oauth-on-bitbucket-cloud/'],
    keywords: ['bitbucket'],
    pattern: assigned('bitbucket[a-z0-9_.\\-]{0,24}secret', '[A-Za-z0-9]{32}', 'A-Za-z0-9'),
    maxLength: 120,
    minEntropy: 3.8,
  },
];

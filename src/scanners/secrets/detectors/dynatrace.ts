import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

const remediation =
  'Revoke the token in Dynatrace (Access tokens, or Account Management > Identity & access for OAuth clients and platform tokens), create a new one and load it from a secrets store.';

export const detectors: Detector[] = [
  {
    id: 'secrets/dynatrace/api-token',
    title: 'Dynatrace API token',
    description: 'An environment API token (dt0c01.) reads monitoring data or writes configuration, per its scopes.',
    severity: 'high',
    cwe: [798],
    remediation,
    references: ['https://docs.dynatrace.com/docs/manage/identity-access-management/access-tokens-and-oauth-clients/access-tokens'],
    keywords: ['dt0c01.'],
    pattern: delimited('dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}', 'A-Za-z0-9_.'),
    maxLength: 97,
    minEntropy: 4,
  },
  {
    id: 'secrets/dynatrace/platform-token',
    title: 'Dynatrace platform token or OAuth client secret',
    description: 'A platform token or OAuth client secret (dt0s01./dt0s02./dt0s16.) calls platform and account APIs with its scopes.',
    severity: 'high',
    cwe: [798],
    remediation,
    references: ['https://docs.dynatrace.com/docs/manage/identity-access-management/access-tokens-and-oauth-clients/oauth-clients'],
    keywords: ['dt0s'],
    pattern: delimited('dt0s[0-9]{2}\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}', 'A-Za-z0-9_.'),
    maxLength: 97,
    minEntropy: 4,
  },
];

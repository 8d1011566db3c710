import type { Detector } from '../detector.js';
import { assigned, delimited } from '../pattern-parts.js';

const common = {
  severity: 'high' as const,
  cwe: [798],
};

export const detectors: Detector[] = [
  {
    ...common,
    id: 'secrets/buildkite/api-token',
    title: 'Buildkite API access token',
    description: 'A Buildkite user API access token (bkua_) calls the REST and GraphQL APIs with its scopes.',
    remediation: 'Revoke the token under Personal settings > API access tokens and create a new one.',
    references: ['https://buildkite.com/docs/apis/managing-api-tokens'],
    keywords: ['bkua_'],
    pattern: delimited('bkua_[0-9a-f]{40}', 'A-Za-z0-9_'),
    maxLength: 47,
    minEntropy: 3.2,
  },
  {
    ...common,
    id: 'secrets/buildkite/agent-token',
    title: 'Buildkite agent token',
    description: 'A Buildkite agent token registers agents with an organisation or cluster, which then receive jobs and their secrets.',
    remediation: 'Revoke the agent token under Agents > Agent tokens (or the cluster settings) and roll the agents onto a new one.',
    references: ['https://buildkite.com/docs/agent/v3/tokens'],
    keywords: ['buildkite'],
    pattern: assigned('buildkite[a-z0-9_.\\-]{0,20}agent[a-z0-9_.\\-]{0,10}token', '[A-Za-z0-9]{40,64}', 'A-Za-z0-9'),
    maxLength: 140,
    minEntropy: 3.5,
  },
];

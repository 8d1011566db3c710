import type { Detector } from '../detector.js';
import { assigned, delimited } from '../pattern-parts.js';

const common = {
  severity: 'high' as const,
  cwe: [798],
  references: ['https://circleci.com/docs/managing-api-tokens/'],
};

export const detectors: Detector[] = [
  {
    ...common,
    id: 'secrets/circleci/personal-token',
    title: 'CircleCI personal API token',
    description: 'A CircleCI personal API token (CCIPAT_) acts as its user across every project the user can reach.',
    remediation: 'Delete the token under User settings > Personal API tokens and create a new one.',
    keywords: ['ccipat_'],
    pattern: delimited('CCIPAT_[A-Za-z0-9]{22}_[0-9a-f]{40}', 'A-Za-z0-9_'),
    maxLength: 72,
    minEntropy: 3.8,
  },
  {
    ...common,
    id: 'secrets/circleci/project-token',
    title: 'CircleCI project API token',
    description: 'A CircleCI project API token (CCIPRJ_) reads or triggers one project\'s pipelines.',
    remediation: 'Delete the token under Project settings > API permissions and create a new one.',
    keywords: ['cciprj_'],
    pattern: delimited('CCIPRJ_[A-Za-z0-9]{22}_[0-9a-f]{40}', 'A-Za-z0-9_'),
    maxLength: 72,
    minEntropy: 3.8,
  },
  {
    ...common,
    id: 'secrets/circleci/legacy-token',
    title: 'CircleCI API token (legacy 40-hex format)',
    description: 'A 40-hex-digit CircleCI API token assigned to a CircleCI setting; older personal and project tokens have no prefix.',
    remediation: 'Delete the token in CircleCI (user or project settings) and replace it with a new, prefixed token.',
    keywords: ['circle'],
    pattern: assigned('circle(?:ci)?[a-z0-9_.\\-]{0,20}(?:token|api[_.\\-]?key)', '[0-9a-f]{40}', '0-9a-fA-F'),
    maxLength: 110,
    minEntropy: 3.2,
  },
];

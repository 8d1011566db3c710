import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/databricks/personal-access-token',
    title: 'Databricks personal access token',
    description: 'A personal access token (dapi...) runs jobs, reads tables and manages the workspace as its user.',
    severity: 'high',
    cwe: [798],
    remediation: 'Revoke the token in the workspace (Settings > Developer > Access tokens, or the Token Management API) and load a new one from a secrets store.',
    references: ['https://docs.databricks.com/aws/en/dev-tools/auth/pat'],
    keywords: ['dapi'],
    pattern: delimited('dapi[0-9a-f]{32}(?:-[0-9])?', 'A-Za-z0-9_-'),
    maxLength: 40,
    minEntropy: 3,
  },
];

import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/langsmith/api-key',
    title: 'LangSmith API key',
    description: 'A LangSmith personal access token (lsv2_pt_) or service key (lsv2_sk_) reads and writes traces, datasets and prompts.',
    severity: 'high',
    cwe: [798],
    remediation: 'Delete the key in LangSmith (Settings > API Keys), create a new one and load it from a secrets store.',
    references: ['https://docs.smith.langchain.com/administration/how_to_guides/organization_management/create_account_api_key'],
    keywords: ['lsv2_pt_', 'lsv2_sk_'],
    pattern: delimited('lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}', 'A-Za-z0-9_'),
    maxLength: 53,
    minEntropy: 3,
  },
];

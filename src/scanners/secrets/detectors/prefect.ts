import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/prefect/api-key',
    title: 'Prefect Cloud API key',
    description: 'A Prefect Cloud user key (pnu_) or service account key (pnb_) runs and edits flows and reads blocks, which hold credentials.',
    severity: 'high',
    cwe: [798],
    remediation: 'Delete the key in Prefect Cloud (profile > API keys, or the service account page) and load a new one from a secrets store.',
    references: ['https://docs.prefect.io/v3/manage/cloud/manage-users/api-keys'],
    keywords: ['pnu_', 'pnb_'],
    pattern: delimited('pn[ub]_[A-Za-z0-9]{36}', 'A-Za-z0-9_'),
    maxLength: 42,
    minEntropy: 4,
  },
];

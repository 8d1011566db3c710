import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/supabase/personal-access-token',
    title: 'Supabase personal access token',
    description: 'A Management API token (sbp_) manages every project of its user: settings, keys, database and functions.',
    severity: 'high',
    cwe: [798],
    remediation: 'Revoke the token in the Supabase Dashboard (Account > Access Tokens) and load a new one from a secrets store.',
    references: ['https://supabase.com/docs/reference/api/introduction'],
    keywords: ['sbp_'],
    pattern: delimited('sbp_[0-9a-f]{40}', 'A-Za-z0-9_'),
    maxLength: 46,
    minEntropy: 3,
  },
  {
    id: 'secrets/supabase/secret-api-key',
    title: 'Supabase secret API key',
    description: 'A secret API key (sb_secret_) bypasses Row Level Security: full read and write access to the project\'s data.',
    severity: 'critical',
    cwe: [798],
    remediation: 'Delete the key in the Supabase Dashboard (Project Settings > API Keys), create a new one and load it from a secrets store.',
    references: ['https://supabase.com/docs/guides/api/api-keys'],
    keywords: ['sb_secret_'],
    pattern: delimited('sb_secret_[A-Za-z0-9_-]{24,80}', 'A-Za-z0-9_-'),
    maxLength: 92,
    minEntropy: 3.5,
  },
];

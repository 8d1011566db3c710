import type { Detector } from '../detector.js';
import { assigned, delimited } from '../pattern-parts.js';

const common = {
  severity: 'high' as const,
  cwe: [798],
  remediation: 'Revoke the token under User settings > Personal access tokens (or ask an administrator to revoke it), then create a short-lived replacement or move to Microsoft Entra tokens.',
  references: ['https://learn.microsoft.com/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate'],
};

export const detectors: Detector[] = [
  {
    ...common,
    id: 'secrets/azure-devops/pat',
    title: 'Azure DevOps personal access token',
    description: 'An Azure DevOps personal access token (84 characters, `AZDO` signature) acts as its user in the organisation with its scopes.',
    keywords: ['azdo'],
    pattern: delimited('[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}', 'A-Za-z0-9'),
    maxLength: 86,
    minEntropy: 4.2,
  },
  {
    ...common,
    id: 'secrets/azure-devops/legacy-pat',
    title: 'Azure DevOps personal access token (legacy 52-character format)',
    description: 'A 52-character base32 token assigned to an Azure DevOps setting: the format of personal access tokens issued before 2024.',
    keywords: ['azure', 'devops', 'ado_', 'vsts', 'azdo'],
    pattern: assigned('(?:azure[_.\\-]?devops|devops|ado|azdo|vsts)[a-z0-9_.\\-]{0,20}(?:pat|token|password)', '[a-z2-7]{52}', 'A-Za-z0-9'),
    maxLength: 120,
    minEntropy: 4,
    check: (s) => /[2-7]/.test(s),
  },
];

import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

const remediation =
  'Revoke the key on platform.openai.com (API keys, or Organization > Admin keys), create a new one scoped to one project and load it from a secrets store.';
const references = ['https://platform.openai.com/docs/api-reference/authentication'];
// 'T3BlbkFJ' is base64 for 'OpenAI'; it sits inside every legacy and most newer keys.
const B = 'A-Za-z0-9_-';

export const detectors: Detector[] = [
  {
    id: 'secrets/openai/project-api-key',
    title: 'OpenAI project API key',
    description: 'A project key (sk-proj-) calls the OpenAI API billed to the organization, with the project\'s permissions.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['sk-proj-'],
    pattern: delimited(`sk-proj-[${B}]{40,300}`, B),
    maxLength: 310,
    minEntropy: 4,
  },
  {
    id: 'secrets/openai/service-account-key',
    title: 'OpenAI service account key',
    description: 'A service account key (sk-svcacct-) calls the OpenAI API as a project service account, billed to the organization.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['sk-svcacct-'],
    pattern: delimited(`sk-svcacct-[${B}]{40,300}`, B),
    maxLength: 313,
    minEntropy: 4,
  },
  {
    id: 'secrets/openai/admin-key',
    title: 'OpenAI admin API key',
    description: 'An admin key (sk-admin-) manages the organization: users, projects, keys and usage.',
    severity: 'critical',
    cwe: [798],
    remediation,
    references: ['https://platform.openai.com/docs/api-reference/administration'],
    keywords: ['sk-admin-'],
    pattern: delimited(`sk-admin-[${B}]{40,300}`, B),
    maxLength: 311,
    minEntropy: 4,
  },
  {
    id: 'secrets/openai/user-api-key',
    title: 'OpenAI API key (legacy user key)',
    description: 'A legacy user key (sk-...T3BlbkFJ...) calls the OpenAI API as its user, billed to the organization.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['t3blbkfj'],
    pattern: delimited('sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}', B),
    maxLength: 53,
    minEntropy: 4,
  },
];

import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

const remediation =
  'Delete the key in the Anthropic Console (Settings > API keys / Admin keys), create a new one and load it from a secrets store.';
const references = ['https://docs.anthropic.com/en/api/overview#authentication'];
const B = 'A-Za-z0-9_-';

export const detectors: Detector[] = [
  {
    id: 'secrets/anthropic/api-key',
    title: 'Anthropic API key',
    description: 'An API key (sk-ant-api03-) calls the Claude API billed to the organization\'s workspace.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['sk-ant-api03-'],
    pattern: delimited(`sk-ant-api03-[${B}]{93}AA`, B),
    maxLength: 110,
    minEntropy: 4,
  },
  {
    id: 'secrets/anthropic/admin-key',
    title: 'Anthropic admin API key',
    description: 'An admin key (sk-ant-admin01-) manages the organization: members, workspaces and API keys.',
    severity: 'critical',
    cwe: [798],
    remediation,
    references: ['https://docs.anthropic.com/en/api/administration-api'],
    keywords: ['sk-ant-admin01-'],
    pattern: delimited(`sk-ant-admin01-[${B}]{93}AA`, B),
    maxLength: 112,
    minEntropy: 4,
  },
  {
    id: 'secrets/anthropic/oauth-token',
    title: 'Anthropic OAuth access token',
    description: 'An OAuth token (sk-ant-oat01-) acts as a signed-in Claude user, e.g. for Claude Code.',
    severity: 'high',
    cwe: [798],
    remediation: 'Sign out the session (claude.ai settings, or `claude logout` where it was issued) so the token is revoked.',
    references,
    keywords: ['sk-ant-oat01-'],
    pattern: delimited(`sk-ant-oat01-[${B}]{80,120}`, B),
    maxLength: 135,
    minEntropy: 4,
  },
];

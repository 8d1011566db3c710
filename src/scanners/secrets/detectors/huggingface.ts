import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

const remediation =
  'Invalidate the token at huggingface.co/settings/tokens (or the organization settings), create a fine-grained one and load it from a secrets store.';
const references = ['https://huggingface.co/docs/hub/security-tokens'];

/** Random letters mix cases evenly; a camelCase identifier (hf_loadModelFrom...) does not. */
function mixedCase(secret: string): boolean {
  const body = secret.slice(secret.lastIndexOf('_') + 1);
  const upper = body.replace(/[^A-Z]/g, '').length;
  return upper >= 8 && body.length - upper >= 8;
}

export const detectors: Detector[] = [
  {
    id: 'secrets/huggingface/access-token',
    title: 'Hugging Face user access token',
    description: 'A user access token (hf_) reads, and with write scope pushes to, the user\'s models, datasets and Spaces.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['hf_'],
    pattern: delimited('hf_[A-Za-z]{34}', 'A-Za-z0-9_'),
    maxLength: 39,
    minEntropy: 4.2,
    check: mixedCase,
  },
  {
    id: 'secrets/huggingface/org-api-token',
    title: 'Hugging Face organization API token',
    description: 'A legacy organization token (api_org_) acts on the organization\'s repositories and Inference usage.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['api_org_'],
    pattern: delimited('api_org_[A-Za-z]{34}', 'A-Za-z0-9_'),
    maxLength: 44,
    minEntropy: 4.2,
    check: mixedCase,
  },
];

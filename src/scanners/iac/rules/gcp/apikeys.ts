import type { CloudRule } from '../cloud/types.js';
import { GCP, docs, noBlock } from './util.js';

export const apiKeyUnrestricted: CloudRule = {
  id: `${GCP}apikeys-key-unrestricted`,
  title: 'API key without restrictions',
  severity: 'medium',
  cwe: [284],
  description: 'An API key without `restrictions` works from any website, app or address and for every enabled API; keys leak through client code and logs, and an unrestricted one can be abused freely.',
  remediation: 'Add `restrictions { api_targets { service = "..." } }` plus browser, server, Android or iOS application restrictions.',
  references: [docs('google_apikeys_key'), 'https://cloud.google.com/docs/authentication/api-keys#api_key_restrictions'],
  provider: 'gcp',
  types: ['google_apikeys_key'],
  check(r, report) {
    if (noBlock(r.attrs, 'restrictions')) report(null, 'API key has no restrictions');
  },
};

export const apiKeyRules: CloudRule[] = [apiKeyUnrestricted];

import { isRecord } from './http.js';
import { simpleVerifier } from './simple.js';

/**
 * Anthropic API keys (sk-ant-api…): GET {base}/v1/models with x-api-key. 200 {data: [...]} →
 * verified, 401 → invalid. Admin keys (sk-ant-admin…) are not checked.
 */
export const anthropicVerifier = simpleVerifier({
  id: 'anthropic',
  family: 'anthropic',
  defaultUrl: 'https://api.anthropic.com',
  path: '/v1/models',
  accepts: (hit) => hit.match.secret.startsWith('sk-ant-api'),
  headers: (key) => ({ 'x-api-key': key, 'anthropic-version': '2023-06-01' }),
  describe: (b) => (isRecord(b) && Array.isArray(b.data) ? `Anthropic key lists ${b.data.length} models` : null),
});

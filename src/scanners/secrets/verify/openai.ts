import { bearer, isRecord } from './http.js';
import { simpleVerifier } from './simple.js';
import { detectorName } from './types.js';

/** OpenAI API keys: GET {base}/v1/models with Bearer. 200 {data: [...]} → verified, 401 → invalid. */
export const openaiVerifier = simpleVerifier({
  id: 'openai',
  family: 'openai',
  defaultUrl: 'https://api.openai.com',
  path: '/v1/models',
  accepts: (hit) => hit.match.secret.startsWith('sk-') && !detectorName(hit.detector.id).includes('admin'),
  headers: bearer,
  describe: (b) => (isRecord(b) && Array.isArray(b.data) ? `OpenAI key lists ${b.data.length} models` : null),
});

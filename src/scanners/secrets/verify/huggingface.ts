import { bearer, clean, isRecord } from './http.js';
import { simpleVerifier } from './simple.js';

/** Hugging Face tokens (hf_…): GET {base}/api/whoami-v2 with Bearer. 200 {name} → verified, 401 → invalid. */
export const huggingfaceVerifier = simpleVerifier({
  id: 'huggingface',
  family: 'huggingface',
  defaultUrl: 'https://huggingface.co',
  path: '/api/whoami-v2',
  accepts: (hit) => hit.match.secret.startsWith('hf_'),
  headers: bearer,
  describe: (b) => {
    if (!isRecord(b) || typeof b.name !== 'string') return null;
    const auth = isRecord(b.auth) && isRecord(b.auth.accessToken) ? clean(b.auth.accessToken.role, 20) : '';
    return `Hugging Face user ${clean(b.name)}${auth ? `; role: ${auth}` : ''}`;
  },
});

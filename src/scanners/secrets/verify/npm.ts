import { bearer, clean, isRecord } from './http.js';
import { simpleVerifier } from './simple.js';
import { detectorName } from './types.js';

/** npm access tokens: GET {base}/-/whoami with Bearer. 200 {username} → verified, 401 → invalid. */
export const npmVerifier = simpleVerifier({
  id: 'npm',
  family: 'npm',
  defaultUrl: 'https://registry.npmjs.org',
  path: '/-/whoami',
  accepts: (hit) => hit.match.secret.startsWith('npm_') || /token/.test(detectorName(hit.detector.id)),
  headers: bearer,
  describe: (b) => (isRecord(b) && typeof b.username === 'string' ? `npm user ${clean(b.username)}` : null),
});

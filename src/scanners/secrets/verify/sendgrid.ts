import { bearer, isRecord } from './http.js';
import { simpleVerifier } from './simple.js';

/** SendGrid API keys (SG.…): GET {base}/v3/scopes with Bearer. 200 {scopes} → verified, 401 → invalid. */
export const sendgridVerifier = simpleVerifier({
  id: 'sendgrid',
  family: 'sendgrid',
  defaultUrl: 'https://api.sendgrid.com',
  path: '/v3/scopes',
  accepts: (hit) => hit.match.secret.startsWith('SG.'),
  headers: bearer,
  describe: (b) => (isRecord(b) && Array.isArray(b.scopes) ? `SendGrid key with ${b.scopes.length} scopes` : null),
});

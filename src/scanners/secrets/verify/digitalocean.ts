import { bearer, clean, isRecord } from './http.js';
import { simpleVerifier } from './simple.js';

/**
 * DigitalOcean personal access and OAuth tokens (dop_v1_, doo_v1_): GET {base}/v2/account with Bearer.
 * 200 {account} → verified, 401 → invalid. Refresh tokens (dor_v1_) are not bearer tokens.
 */
export const digitaloceanVerifier = simpleVerifier({
  id: 'digitalocean',
  family: 'digitalocean',
  defaultUrl: 'https://api.digitalocean.com',
  path: '/v2/account',
  accepts: (hit) => /^do[op]_v1_/.test(hit.match.secret),
  headers: bearer,
  describe: (b) =>
    isRecord(b) && isRecord(b.account)
      ? `DigitalOcean account status ${clean(b.account.status) || '?'}`
      : null,
});

import { isRecord } from './http.js';
import { simpleVerifier } from './simple.js';
import { detectorName } from './types.js';

/**
 * Datadog API keys: GET {base}/api/v1/validate with DD-API-KEY. 200 {valid: true} → verified,
 * 403 → invalid. Only one Datadog site is asked (default US1, api.datadoghq.com); a key from another
 * site (EU, US3, US5, AP1) is rejected there: set RAMPART_VERIFY_DATADOG_URL. Application keys need
 * an API key beside them and are not checked.
 */
export const datadogVerifier = simpleVerifier({
  id: 'datadog',
  family: 'datadog',
  defaultUrl: 'https://api.datadoghq.com',
  path: '/api/v1/validate',
  accepts: (hit) => {
    const name = detectorName(hit.detector.id);
    return name.includes('api-key') && !name.includes('app');
  },
  headers: (key) => ({ 'DD-API-KEY': key }),
  invalid: [401, 403],
  describe: (b) => (isRecord(b) && b.valid === true ? 'Datadog API key is valid' : null),
});
